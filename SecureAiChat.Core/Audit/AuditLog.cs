using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Nodes;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

internal sealed class AuditLog(AuditActor actor, TimeProvider time) : IAuditLog
{
    private static long _order;

    // Japanese stays readable in the stored JSON (HTML-sensitive characters are still escaped).
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    private static readonly string[] SecretWords = ["password", "secret", "token", "apikey"];

    public void Record(AppDbContext db, string action, AuditTarget target, object? details = null, AuditOutcome outcome = AuditOutcome.Success)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        var now = time.GetUtcNow().UtcDateTime;
        AuditRecord entry = AuditChains.IsPlatformScope(db.CurrentTenantId) ? new PlatformAuditEntry() : new AuditEntry();
        entry.OccurredAt = new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        entry.ActorKind = actor.Kind;
        entry.ActorId = actor.UserId;
        entry.ActorName = actor.Name;
        entry.ActorRole = actor.Role;
        entry.Action = action;
        entry.TargetType = target.Type;
        entry.TargetId = target.Id;
        entry.TargetDisplay = Truncate(target.Display, 256);
        entry.Outcome = outcome;
        entry.ClientAddress = actor.ClientAddress;
        entry.UserAgent = actor.UserAgent;
        entry.Details = SerializeDetails(details);
        entry.LocalOrder = Interlocked.Increment(ref _order);
        // A unique placeholder key until the entry is sealed (several entries of one unit of work are tracked at once).
        entry.Sequence = -entry.LocalOrder;
        db.Add((object)entry);
    }

    internal static string? SerializeDetails(object? details)
    {
        if (details is null) return null;
        var node = JsonSerializer.SerializeToNode(details, details.GetType(), Json);
        Redact(node);
        return node?.ToJsonString(Json);
    }

    private static void Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (IsSecretName(name)) obj[name] = "[redacted]";
                    else Redact(obj[name]);
                }
                break;
            case JsonArray array:
                foreach (var item in array) Redact(item);
                break;
        }
    }

    // Names such as "password", "clientSecret", "accessToken", "key", "apiKey", "api_key" (not "keyword").
    private static bool IsSecretName(string name)
    {
        var lower = name.ToLowerInvariant();
        return SecretWords.Any(w => lower.Contains(w, StringComparison.Ordinal))
            || lower == "key" || lower.EndsWith("_key", StringComparison.Ordinal) || name.EndsWith("Key", StringComparison.Ordinal);
    }

    private static string? Truncate(string? value, int max) => value is null || value.Length <= max ? value : value[..max];
}
