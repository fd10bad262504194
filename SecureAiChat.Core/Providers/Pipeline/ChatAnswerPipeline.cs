using Microsoft.Extensions.AI;
using System.Globalization;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>
/// The one place an answer's client is assembled around the SDK (or demo) client, outermost first:
/// personal-data masking (so retries resend the masked request and limits count what the member sees) →
/// answer limits (characters and duration, retries included) → retry before the first token → stall guard
/// (per attempt) → usage capture. Each step is a <see cref="DelegatingChatClient"/> with its own tests; masking,
/// budgets and telemetry plug in here.
/// </summary>
public static class ChatAnswerPipeline
{
    /// <summary>Wraps <paramref name="upstream"/> (disposed with the result) in the answer pipeline.</summary>
    public static IChatClient Build(
        IChatClient upstream, IAnswerPipelineOptions options, TimeProvider time, ILogger logger, AnswerUsage usage, PersonalDataProtection? personalData = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ChatClientBuilder(upstream);
        if (personalData is not null)
        {
            builder.Use(inner => new PersonalDataChatClient(inner, personalData.Scanner, personalData.Policy, personalData.WorkspaceCulture));
        }

        return builder
            .Use(inner => new AnswerLimitsChatClient(inner, options.MaxAnswerCharacters, options.MaxAnswerDuration, time))
            .Use(inner => new RetryBeforeFirstTokenChatClient(inner, options.MaxAutomaticRetries, options.RetryDelay, time, logger))
            .Use(inner => new StallGuardChatClient(inner, options.IdleTimeout, options.FirstTokenTimeout))
            .Use(inner => new AnswerUsageChatClient(inner, usage, time))
            .Build();
    }
}

/// <summary>
/// The limits the answer pipeline applies, as the chat configures them (<c>Chat:*</c>, ChatServiceOptions implements
/// it): an interface here so the pipeline does not depend on the chat feature above it.
/// </summary>
public interface IAnswerPipelineOptions
{
    int MaxAnswerCharacters { get; }

    TimeSpan MaxAnswerDuration { get; }

    int MaxAutomaticRetries { get; }

    TimeSpan RetryDelay { get; }

    TimeSpan IdleTimeout { get; }

    TimeSpan FirstTokenTimeout { get; }
}

/// <summary>The workspace's personal-data policy for one answer.</summary>
public sealed record PersonalDataProtection(PersonalDataScanner Scanner, PersonalDataPolicySettings Policy, CultureInfo WorkspaceCulture);
