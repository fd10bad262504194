using System.Text.Json;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>One chat message as the client sent it.</summary>
public sealed record RecordedMessage(string Role, string? Content);

/// <summary>A request the fake upstream received, with what happened to it.</summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public required string Method { get; init; }
    public required string Path { get; init; }
    public required string QueryString { get; init; }
    public required IReadOnlyDictionary<string, string> Headers { get; init; }
    public required string RawBody { get; init; }

    /// <summary>Set for Azure-style paths: <c>/openai/deployments/{deployment}/...</c>.</summary>
    public string? Deployment { get; init; }
    public string? ApiVersion { get; init; }
    public string? Model { get; init; }
    public bool Stream { get; init; }
    public bool IncludeUsage { get; init; }
    public IReadOnlyList<RecordedMessage> Messages { get; init; } = [];

    public bool IsAzure => Deployment is not null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>Completes when the client went away before the response finished (Stop / cancellation).</summary>
    public Task Aborted => _aborted.Task;

    /// <summary>Completes when the handler is done with the request, however it ended.</summary>
    public Task Finished => _finished.Task;

    public bool WasAborted => _aborted.Task.IsCompleted;

    /// <summary>Content deltas written and flushed so far (the benchmark compares it with what a browser shows).</summary>
    public int ContentTokensSent => Volatile.Read(ref _contentTokensSent);

    private int _contentTokensSent;

    internal void MarkContentTokenSent() => Interlocked.Increment(ref _contentTokensSent);

    internal void MarkAborted() => _aborted.TrySetResult();

    internal void MarkFinished() => _finished.TrySetResult();

    internal static (string? Model, bool Stream, bool IncludeUsage, IReadOnlyList<RecordedMessage> Messages) ParseBody(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, false, false, []);
        }

        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var model = root.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
        var stream = root.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.ValueKind == JsonValueKind.Object
            && so.TryGetProperty("include_usage", out var iu) && iu.ValueKind == JsonValueKind.True;
        var messages = new List<RecordedMessage>();
        if (root.TryGetProperty("messages", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var message in list.EnumerateArray())
            {
                var role = message.GetProperty("role").GetString() ?? "";
                messages.Add(new RecordedMessage(role, ContentText(message)));
            }
        }

        return (model, stream, includeUsage, messages);
    }

    // Content is either a string or an array of parts ({"type":"text","text":...}).
    private static string? ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content))
        {
            return null;
        }

        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString(),
            JsonValueKind.Array => string.Concat(content.EnumerateArray()
                .Where(p => p.TryGetProperty("text", out _))
                .Select(p => p.GetProperty("text").GetString())),
            _ => null,
        };
    }
}
