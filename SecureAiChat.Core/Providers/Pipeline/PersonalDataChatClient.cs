using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using SecureAiChat.Core.PersonalData;

namespace SecureAiChat.Core.Providers.Pipeline;

/// <summary>
/// Masks personal data on its way to the model and restores it on the way back, for every provider option (it
/// wraps whichever SDK client the workspace uses). Every text message of the request — the history too, the
/// model's earlier answers included, since they were restored for the member — is masked with one
/// <see cref="MaskingSession"/> rebuilt from the conversation, so a value always gets the same placeholder and
/// the upstream never receives a masked value. Placeholders in the answer become the values again, also when one
/// arrives split over several chunks (<see cref="PlaceholderRestorer"/> holds back a possible start).
/// Blocking is decided before the pipeline runs (the request must not be made at all). This client applies the
/// policy it is given: ChatPersonalDataGate turns Warn categories into Mask unless the member chose "send as is".
/// </summary>
public sealed class PersonalDataChatClient(IChatClient inner, PersonalDataScanner scanner, PersonalDataPolicySettings policy, CultureInfo workspaceCulture)
    : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (masked, restorer) = Mask(messages);
        var response = await base.GetResponseAsync(masked, options, cancellationToken).ConfigureAwait(false);
        foreach (var message in response.Messages)
        {
            RestoreContents(message.Contents, restorer);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (masked, restorer) = Mask(messages);
        ChatResponseUpdate? last = null;
        await foreach (var update in base.GetStreamingResponseAsync(masked, options, cancellationToken).ConfigureAwait(false))
        {
            var contents = new List<AIContent>(update.Contents.Count);
            foreach (var content in update.Contents)
            {
                if (content is TextContent text)
                {
                    var restored = restorer.Push(text.Text ?? "");
                    if (restored.Length > 0)
                    {
                        contents.Add(new TextContent(restored));
                    }
                }
                else
                {
                    contents.Add(content);
                }
            }

            update.Contents = contents;
            last = update;
            yield return update;
        }

        // What was held back as a possible placeholder start, at the very end of the answer.
        var rest = restorer.Complete();
        if (rest.Length > 0)
        {
            yield return new ChatResponseUpdate(last?.Role ?? ChatRole.Assistant, rest) { ResponseId = last?.ResponseId, MessageId = last?.MessageId };
        }
    }

    private (List<ChatMessage> Masked, PlaceholderRestorer Restorer) Mask(IEnumerable<ChatMessage> messages)
    {
        var list = messages.ToList();
        var (session, texts) = MaskingSession.Rebuild(list.Select(m => m.Text), scanner, policy, workspaceCulture, maskWarnings: false);
        var masked = new List<ChatMessage>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            masked.Add(string.Equals(texts[i], list[i].Text, StringComparison.Ordinal)
                ? list[i]
                : new ChatMessage(list[i].Role, texts[i]) { AuthorName = list[i].AuthorName });
        }

        return (masked, session.CreateRestorer());
    }

    private static void RestoreContents(IList<AIContent> contents, PlaceholderRestorer restorer)
    {
        for (var i = 0; i < contents.Count; i++)
        {
            if (contents[i] is TextContent text)
            {
                contents[i] = new TextContent(restorer.Restore(text.Text ?? ""));
            }
        }
    }
}
