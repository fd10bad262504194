using Microsoft.AspNetCore.Components;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;

namespace SecureAiChat.Web.Features.Chat;

/// <summary>
/// An immutable message as the page shows it. A finished message keeps the same instance for its whole
/// life on the page, so <see cref="MessageItem"/> can skip re-rendering by reference comparison.
/// An answer keeps only its rendered HTML, not its Markdown: a long conversation would otherwise hold every answer
/// twice for as long as the circuit lives (docs/benchmarks.md, figure 4). Copy reads the Markdown when pressed.
/// </summary>
/// <param name="Content">The question's text; empty for an answer (see <see cref="HasText"/>).</param>
/// <param name="HasText">The message has text to show and copy (an answer that failed before its first token has none).</param>
public sealed record MessageView(
    Guid Id,
    MessageRole Role,
    string Content,
    bool HasText,
    MessageStatus Status,
    string? Model,
    MessageFailure? Failure,
    int? RetryAfterSeconds,
    DateTime CreatedAt)
{
    // Made when first shown: decorating code blocks parses the HTML, and a long conversation's older answers are
    // virtualized, so most are never shown (docs/benchmarks.md, figure 5b). The factory is dropped once run.
    private Lazy<MarkupString>? _html;

    /// <summary>An answer's sanitized HTML with its code blocks decorated; empty for a question.</summary>
    public MarkupString Html => _html?.Value ?? default;

    /// <summary>Builds the view; the HTML is the sanitized HTML cached with the message (rendered now for older rows).</summary>
    public static MessageView From(ConversationMessage message, Func<string, string> render, string copyLabel)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(render);
        var answer = message.Role == MessageRole.Assistant;
        var view = new MessageView(message.Id, message.Role, answer ? string.Empty : message.Content, message.Content.Length > 0, message.Status,
            message.Model, message.Failure, message.RetryAfterSeconds, message.CreatedAt);
        if (answer)
        {
            // Only the stored HTML is kept (the Markdown only for an older row stored without it).
            var stored = message.RenderedHtml;
            var markdown = stored is null ? message.Content : string.Empty;
            view._html = new Lazy<MarkupString>(() => AnswerHtml.Finished(stored, markdown, render, copyLabel));
        }

        return view;
    }
}

/// <summary>
/// The one place an answer's HTML is made, for the answer being streamed (block by block) and for a finished one
/// (its stored HTML, or the Markdown rendered now for older rows): sanitized by the renderer, code blocks decorated.
/// </summary>
public static class AnswerHtml
{
    /// <summary>A finished answer: the HTML stored with it, or its Markdown rendered now.</summary>
    public static MarkupString Finished(string? storedHtml, string markdown, Func<string, string> render, string copyLabel)
    {
        ArgumentNullException.ThrowIfNull(render);
        return new MarkupString(CodeBlocks.Decorate(storedHtml ?? render(markdown), copyLabel));
    }

    /// <summary>A settled block or the growing tail of the answer being streamed.</summary>
    public static MarkupString Block(string markdown, Func<string, string> render, string copyLabel) => Finished(null, markdown, render, copyLabel);

    /// <summary>Streamed text that did not settle in time, shown escaped (the saved answer is rendered as Markdown).</summary>
    public static MarkupString Plain(string text) =>
        new("<span class=\"streaming-plain\">" + System.Net.WebUtility.HtmlEncode(text) + "</span>");
}

/// <summary>Code block header and copy button; see <see cref="ChatMarkdownRenderer.DecorateCodeBlocks"/>.</summary>
public static class CodeBlocks
{
    public static string Decorate(string html, string copyLabel) => ChatMarkdownRenderer.DecorateCodeBlocks(html, copyLabel);
}

/// <summary>
/// Text of the answer being streamed. The service appends from a pool thread; the streaming message
/// reads a snapshot on its own timer, so text is never lost and renders are throttled.
/// </summary>
public sealed class StreamBuffer
{
    private readonly Lock _gate = new();
    private readonly System.Text.StringBuilder _text = new();
    private Action? _onFirstText;
    private int _version;

    public int Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/> once, on the thread that appends the first text (or at once when there is text
    /// already): the first token is shown at once, later ones on the render interval. An await on a task completed here
    /// would resume through a queued work item, which on a busy machine waited longer than the render itself takes
    /// (docs/benchmarks.md, figure 1b); the streaming message dispatches from here.
    /// </summary>
    public void OnFirstText(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        lock (_gate)
        {
            if (_version == 0)
            {
                _onFirstText += action;
                return;
            }
        }

        action();
    }

    public void Append(string delta)
    {
        Action? first;
        lock (_gate)
        {
            _text.Append(delta);
            _version++;
            first = _onFirstText;
            _onFirstText = null;
        }

        first?.Invoke();
    }

    public (string Text, int Version) Snapshot()
    {
        lock (_gate)
        {
            return (_text.ToString(), _version);
        }
    }

    /// <summary>The text from <paramref name="start"/> on: a tick copies only what is not frozen yet, not the whole answer.</summary>
    public (string Text, int Version) Snapshot(int start)
    {
        lock (_gate)
        {
            var from = Math.Min(start, _text.Length);
            return (_text.ToString(from, _text.Length - from), _version);
        }
    }
}

/// <summary>The sidebar's date groups, in the tenant's time zone.</summary>
public enum ConversationGroup
{
    Today,
    Yesterday,
    Last7Days,
    Older,
}

public static class ConversationGroups
{
    /// <summary>Which group a conversation last updated at <paramref name="updatedUtc"/> falls in, seen from <paramref name="nowUtc"/> in <paramref name="zone"/>.</summary>
    public static ConversationGroup Of(DateTime updatedUtc, DateTime nowUtc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var today = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(nowUtc, DateTimeKind.Utc), zone).Date;
        var day = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(updatedUtc, DateTimeKind.Utc), zone).Date;
        var days = (today - day).TotalDays;
        return days <= 0 ? ConversationGroup.Today
            : days <= 1 ? ConversationGroup.Yesterday
            : days <= 7 ? ConversationGroup.Last7Days
            : ConversationGroup.Older;
    }
}
