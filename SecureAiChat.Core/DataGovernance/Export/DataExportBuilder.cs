using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance.Export;

/// <summary>The counts the manifest reports.</summary>
public sealed record DataExportCounts(int Members, int Departments, int Conversations, int Messages, int UsageRecords, long AuditEntries);

/// <summary>Localizes an audit action code in the current UI culture (the Web project knows the labels).</summary>
public interface IAuditActionLabels
{
    string Label(string action);
}

/// <summary>
/// Writes an export's ZIP. The whole workspace: <c>manifest.json</c>, <c>conversations/&lt;member&gt;.json</c> (one file per
/// member: every conversation with its messages, roles and times), <c>members.csv</c>, <c>departments.csv</c>,
/// <c>usage.csv</c> (CSV in UTF-8 with BOM) and <c>audit.jsonl</c> (the audit log's own JSON Lines export). A member's
/// export: the manifest and their own conversations file only. Every query runs through the tenant filter of
/// <paramref name="db"/>, so nothing of another workspace can be read; conversations are read one at a time.
/// </summary>
public sealed class DataExportBuilder(AppDbContext db, IAuditActionLabels labels)
{
    public const string ManifestEntry = "manifest.json";
    public const string MembersEntry = "members.csv";
    public const string DepartmentsEntry = "departments.csv";
    public const string UsageEntry = "usage.csv";
    public const string AuditEntry = "audit.jsonl";
    public const string ConversationsFolder = "conversations/";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };
    private static readonly UTF8Encoding Utf8Bom = new(encoderShouldEmitUTF8Identifier: true);

    /// <summary>Writes the ZIP of <paramref name="export"/> to <paramref name="output"/> and returns what it holds.</summary>
    public async Task<DataExportCounts> WriteAsync(DataExport export, string workspaceName, TimeZoneInfo zone, DateTime createdAtUtc, Stream output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(export);
        ArgumentNullException.ThrowIfNull(output);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
        var whole = export.Kind == DataExportKind.Workspace;
        var users = await db.Users.AsNoTracking()
            .Select(u => new Person(u.Id, u.DisplayName, u.Email, u.DepartmentId, u.IsActive, u.CreatedAt, u.LastActiveAt))
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var departments = await db.Departments.AsNoTracking().OrderBy(d => d.Name).Select(d => new { d.Id, d.Name, d.CreatedAt }).ToListAsync(cancellationToken);
        var departmentNames = departments.ToDictionary(d => d.Id, d => d.Name);

        var owners = whole
            ? await db.Conversations.AsNoTracking().Select(c => c.UserId).Distinct().ToListAsync(cancellationToken)
            : [export.RequestedByUserId];
        var conversations = 0;
        var messages = 0;
        var files = new List<string>();
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var userId in owners.Order(StringComparer.Ordinal))
        {
            var name = FileNameOf(users.GetValueOrDefault(userId), userId);
            // Two addresses can sanitize to the same name (non-ASCII local parts); the id keeps the files apart.
            if (!taken.Add(name)) taken.Add(name = name + "-" + FileNameOf(null, userId));
            var file = ConversationsFolder + name + ".json";
            files.Add(file);
            var (c, m) = await WriteConversationsAsync(zip, file, userId, users.GetValueOrDefault(userId), zone, cancellationToken);
            conversations += c;
            messages += m;
        }

        var counts = new DataExportCounts(whole ? users.Count : 0, whole ? departments.Count : 0, conversations, messages, 0, 0);
        if (whole)
        {
            var roles = await (from ur in db.UserRoles.AsNoTracking() join r in db.Roles.AsNoTracking() on ur.RoleId equals r.Id select new { ur.UserId, r.Name })
                .ToListAsync(cancellationToken);
            var roleOf = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => string.Join(' ', g.Select(r => r.Name).Order(StringComparer.Ordinal)));
            await WriteCsvAsync(zip, MembersEntry, ["id", "display_name", "email", "role", "department", "active", "created_at_utc", "last_active_at_utc"],
                users.Values.OrderBy(u => u.CreatedAt).Select(u => new[]
                {
                    u.Id, u.DisplayName, u.Email, roleOf.GetValueOrDefault(u.Id), u.DepartmentId is { } d ? departmentNames.GetValueOrDefault(d) : null,
                    u.IsActive ? "true" : "false", Utc(u.CreatedAt.UtcDateTime), u.LastActiveAt is { } last ? Utc(last.UtcDateTime) : null,
                }).ToAsyncEnumerable(), cancellationToken);
            var memberCounts = users.Values.Where(u => u.DepartmentId is not null).GroupBy(u => u.DepartmentId!.Value).ToDictionary(g => g.Key, g => g.Count());
            await WriteCsvAsync(zip, DepartmentsEntry, ["id", "name", "members", "created_at_utc"],
                departments.Select(d => new[]
                {
                    d.Id.ToString("D"), d.Name, memberCounts.GetValueOrDefault(d.Id).ToString(CultureInfo.InvariantCulture), Utc(d.CreatedAt.UtcDateTime),
                }).ToAsyncEnumerable(), cancellationToken);

            var usage = 0;
            var usageRows = db.UsageRecords.AsNoTracking().OrderBy(u => u.CreatedAt).AsAsyncEnumerable().Select(u =>
            {
                usage++;
                return new[]
                {
                    Utc(u.CreatedAt), Local(u.CreatedAt, zone), u.UserId, users.GetValueOrDefault(u.UserId)?.DisplayName,
                    u.DepartmentId is { } d ? departmentNames.GetValueOrDefault(d) : null, u.Provider.ToString(), u.Source.ToString(), u.Model,
                    Number(u.InputTokens), Number(u.OutputTokens), u.Status.ToString(), u.ConversationId?.ToString("D"),
                };
            });
            await WriteCsvAsync(zip, UsageEntry,
                ["created_at_utc", "created_at_local", "user_id", "member_name", "department", "provider", "source", "model", "input_tokens", "output_tokens", "status", "conversation_id"],
                usageRows, cancellationToken);

            // The audit log's own export writer: the same JSON Lines an Auditor downloads from /settings/audit.
            long audited = 0;
            var entry = zip.CreateEntry(AuditEntry, CompressionLevel.Optimal);
            await using (var stream = entry.Open())
            {
                var entries = AuditLogQuery.StreamAsync<AuditEntry>(db, AuditFilter.None, zone).Select(e =>
                {
                    audited++;
                    return e;
                });
                await AuditExport.WriteAsync(stream, AuditExportFormat.JsonLines, entries, zone, labels.Label, cancellationToken);
            }

            files.AddRange([MembersEntry, DepartmentsEntry, UsageEntry, AuditEntry]);
            counts = counts with { UsageRecords = usage, AuditEntries = audited };
        }

        await WriteManifestAsync(zip, export, workspaceName, zone, createdAtUtc, counts, files, cancellationToken);
        return counts;
    }

    /// <summary>A member's file name: their address (unique in the workspace), or their id when they have none (or are gone).</summary>
    public static string FileNameOf(Person? person, string userId)
    {
        var name = person?.Email is { Length: > 0 } email ? email : userId;
        return string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '@' or '.' or '-' or '_' ? c : '_'));
    }

    private async Task<(int Conversations, int Messages)> WriteConversationsAsync(ZipArchive zip, string file, string userId, Person? person, TimeZoneInfo zone,
        CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(file, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartObject();
        json.WriteStartObject("member");
        json.WriteString("id", userId);
        json.WriteString("displayName", person?.DisplayName);
        json.WriteString("email", person?.Email);
        json.WriteEndObject();
        json.WriteStartArray("conversations");
        var ids = await db.Conversations.AsNoTracking().Where(c => c.UserId == userId).OrderBy(c => c.CreatedAt).Select(c => c.Id).ToListAsync(cancellationToken);
        var messages = 0;
        foreach (var id in ids)
        {
            // One conversation in memory at a time, however many a member has.
            var conversation = await db.Conversations.AsNoTracking().Include(c => c.Messages).SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
            if (conversation is null) continue;
            json.WriteStartObject();
            json.WriteString("id", conversation.Id);
            json.WriteString("title", conversation.Title);
            json.WriteString("model", conversation.Model);
            json.WriteString("systemPrompt", conversation.SystemPrompt);
            json.WriteString("createdAtUtc", Utc(conversation.CreatedAt));
            json.WriteString("updatedAtUtc", Utc(conversation.UpdatedAt));
            json.WriteStartArray("messages");
            foreach (var message in conversation.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id))
            {
                json.WriteStartObject();
                json.WriteString("role", message.Role == Chat.MessageRole.User ? "user" : "assistant");
                json.WriteString("content", message.Content);
                json.WriteString("status", message.Status.ToString());
                json.WriteString("model", message.Model);
                json.WriteString("createdAtUtc", Utc(message.CreatedAt));
                json.WriteString("createdAtLocal", Local(message.CreatedAt, zone));
                json.WriteEndObject();
                messages++;
            }

            json.WriteEndArray();
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
        return (ids.Count, messages);
    }

    private static async Task WriteCsvAsync(ZipArchive zip, string name, IReadOnlyList<string> columns, IAsyncEnumerable<string?[]> rows, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await using var writer = new StreamWriter(stream, Utf8Bom, bufferSize: 16 * 1024) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', columns));
        await foreach (var row in rows.WithCancellation(cancellationToken))
            await writer.WriteLineAsync(string.Join(',', row.Select(CsvText.Cell)));
    }

    private static async Task WriteManifestAsync(ZipArchive zip, DataExport export, string workspaceName, TimeZoneInfo zone, DateTime createdAtUtc,
        DataExportCounts counts, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
        await using var stream = entry.Open();
        await using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartObject();
        json.WriteString("format", "secure-ai-chat-export/1");
        json.WriteString("kind", export.Kind == DataExportKind.Workspace ? "workspace" : "member");
        json.WriteString("workspace", workspaceName);
        json.WriteString("exportId", export.Id);
        json.WriteString("requestedBy", export.RequestedByUserId);
        json.WriteString("requestedAtUtc", Utc(export.RequestedAt));
        json.WriteString("createdAtUtc", Utc(createdAtUtc));
        json.WriteString("createdAtLocal", Local(createdAtUtc, zone));
        json.WriteString("timeZone", zone.Id);
        json.WriteStartObject("counts");
        json.WriteNumber("members", counts.Members);
        json.WriteNumber("departments", counts.Departments);
        json.WriteNumber("conversations", counts.Conversations);
        json.WriteNumber("messages", counts.Messages);
        json.WriteNumber("usageRecords", counts.UsageRecords);
        json.WriteNumber("auditEntries", counts.AuditEntries);
        json.WriteEndObject();
        json.WriteStartArray("files");
        foreach (var file in files) json.WriteStringValue(file);
        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static string Utc(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Local(DateTime utc, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)), zone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A member as the export names them.</summary>
    public sealed record Person(string Id, string DisplayName, string? Email, Guid? DepartmentId, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastActiveAt);
}
