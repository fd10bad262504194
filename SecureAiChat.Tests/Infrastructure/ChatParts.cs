using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Chat;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>The chat's two services as a page gets them from one scope: the member's conversations and the turns.</summary>
public sealed record ChatParts(ConversationStore Conversations, ChatTurns Turns)
{
    public static ChatParts From(IServiceProvider services) =>
        new(services.GetRequiredService<ConversationStore>(), services.GetRequiredService<ChatTurns>());
}
