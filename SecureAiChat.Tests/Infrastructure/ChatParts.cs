using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Chat;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>The chat's services as a page gets them from one scope: the member's conversations, the turns and who may chat.</summary>
public sealed record ChatParts(ConversationStore Conversations, ChatTurns Turns, ChatEligibility Eligibility)
{
    public static ChatParts From(IServiceProvider services) =>
        new(services.GetRequiredService<ConversationStore>(), services.GetRequiredService<ChatTurns>(), services.GetRequiredService<ChatEligibility>());
}
