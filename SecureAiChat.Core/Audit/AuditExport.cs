using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Audit;

/// <summary>The export formats: CSV in UTF-8 with BOM (Excel opens it as UTF-8), CSV in Shift-JIS (cp932), JSON Lines.</summary>
public enum AuditExportFormat
{
    Csv,
    CsvShiftJis,
    JsonLines,
}

/// <summary>
/// Writes audit entries to a stream as they are read, flushing every few hundred rows, so a million entries
/// export with constant memory. Times are written in UTC (ISO 8601) and in the workspace's zone.
/// </summary>
public static class AuditExport
{

    private const int FlushEvery = 500;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };


    public static string ContentType(AuditExportFormat format) => format switch
    {
        AuditExportFormat.Csv => "text/csv; charset=utf-8",
        AuditExportFormat.CsvShiftJis => "text/csv; charset=shift_jis",
        _ => "application/x-ndjson; charset=utf-8",
    };

    public static string FileExtension(AuditExportFormat format) => format == AuditExportFormat.JsonLines ? "jsonl" : "csv";

    public static readonly IReadOnlyList<string> CsvColumns =
    [
        "sequence", "occurred_at_utc", "occurred_at_local", "actor_kind", "actor_id", "actor_name", "actor_role", "action", "action_label",
        "target_type", "target_id", "target_display", "outcome", "client_address", "user_agent", "details", "previous_hash", "hash",
    ];

    /// <summary>Writes <paramref name="entries"/> to <paramref name="output"/>; <paramref name="label"/> localizes an action code.</summary>
    public static async Task WriteAsync<T>(Stream output, AuditExportFormat format, IAsyncEnumerable<T> entries, TimeZoneInfo zone,
        Func<string, string> label, CancellationToken cancellationToken = default) where T : AuditRecord
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(label);
        var encoding = format == AuditExportFormat.CsvShiftJis ? CsvText.ShiftJis : new UTF8Encoding(encoderShouldEmitUTF8Identifier: format == AuditExportFormat.Csv);
        await using var writer = new StreamWriter(output, encoding, bufferSize: 16 * 1024, leaveOpen: true) { NewLine = format == AuditExportFormat.JsonLines ? "\n" : "\r\n" };
        if (format != AuditExportFormat.JsonLines) await writer.WriteLineAsync(string.Join(',', CsvColumns));
        var rows = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var local = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(entry.OccurredAt, DateTimeKind.Utc)), zone);
            var utc = DateTime.SpecifyKind(entry.OccurredAt, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            var localText = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
            if (format == AuditExportFormat.JsonLines)
            {
                await writer.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    sequence = entry.Sequence,
                    occurredAtUtc = utc,
                    occurredAtLocal = local.ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture),
                    actor = new { kind = entry.ActorKind.ToString(), id = entry.ActorId, name = entry.ActorName, role = entry.ActorRole },
                    action = entry.Action,
                    actionLabel = label(entry.Action),
                    target = new { type = entry.TargetType, id = entry.TargetId, display = entry.TargetDisplay },
                    outcome = entry.Outcome.ToString(),
                    clientAddress = entry.ClientAddress,
                    userAgent = entry.UserAgent,
                    // Details stay structured: embedded as JSON, not as an escaped string.
                    details = entry.Details is { Length: > 0 } details ? JsonDocument.Parse(details).RootElement : (JsonElement?)null,
                    previousHash = entry.PreviousHash,
                    hash = entry.Hash,
                }, Json));
            }
            else
            {
                string?[] cells =
                [
                    entry.Sequence.ToString(CultureInfo.InvariantCulture), utc, localText, entry.ActorKind.ToString(), entry.ActorId, entry.ActorName,
                    entry.ActorRole, entry.Action, label(entry.Action), entry.TargetType, entry.TargetId, entry.TargetDisplay, entry.Outcome.ToString(),
                    entry.ClientAddress, entry.UserAgent, entry.Details, entry.PreviousHash, entry.Hash,
                ];
                await writer.WriteLineAsync(string.Join(',', cells.Select(CsvText.Cell)));
            }
            if (++rows % FlushEvery == 0) await writer.FlushAsync(cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
    }
}
