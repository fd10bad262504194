using System.Globalization;
using System.Reflection;
using System.Resources;
using System.Text;
using System.Text.Json;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Web.Features.Audit;

namespace SecureAiChat.Tests.Unit.Audit;

/// <summary>The export's bytes: UTF-8 with BOM, Shift-JIS (cp932) with visible replacement, JSON Lines; and every action has a label.</summary>
public sealed class AuditExportTests
{
    private static readonly AuditEntry[] Entries =
    [
        new()
        {
            Sequence = 2, OccurredAt = new DateTime(2026, 3, 31, 15, 30, 0, DateTimeKind.Utc), ActorKind = AuditActorKind.User, ActorId = "u1",
            ActorName = "山田 太郎", ActorRole = "Owner", Action = AuditActions.DepartmentCreated, TargetType = "department", TargetId = "d1",
            TargetDisplay = "経理部 🎉", Outcome = AuditOutcome.Success, ClientAddress = "203.0.113.5", Details = "{\"name\":\"経理部\"}",
            PreviousHash = "p2", Hash = "h2",
        },
        new()
        {
            Sequence = 1, OccurredAt = new DateTime(2026, 3, 31, 14, 0, 0, DateTimeKind.Utc), ActorKind = AuditActorKind.Anonymous,
            Action = AuditActions.SignInFailed, TargetType = "user", TargetDisplay = "=HYPERLINK(\"x\")", Outcome = AuditOutcome.Failure,
            PreviousHash = "p1", Hash = "h1",
        },
    ];

    private static async Task<byte[]> ExportAsync(AuditExportFormat format)
    {
        using var stream = new MemoryStream();
        await AuditExport.WriteAsync(stream, format, Entries.ToAsyncEnumerable(), WorkspaceTime.Tokyo, code => code == AuditActions.DepartmentCreated ? "部署を作成" : code);
        return stream.ToArray();
    }

    [Fact]
    public async Task Utf8_csv_starts_with_a_bom_and_keeps_japanese_and_emoji()
    {
        var bytes = await ExportAsync(AuditExportFormat.Csv);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = new UTF8Encoding(false, true).GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', AuditExport.CsvColumns), lines[0]);
        Assert.StartsWith("2,2026-03-31T15:30:00.000Z,2026-04-01 00:30:00,User,u1,山田 太郎,Owner,team.department.created,部署を作成,department,d1,経理部 🎉,Success,203.0.113.5,", lines[1]);
        Assert.Contains("\"{\"\"name\"\":\"\"経理部\"\"}\"", lines[1]);
        // A formula-looking value is defused for spreadsheets.
        Assert.Contains("\"'=HYPERLINK(\"\"x\"\")\"", lines[2]);
    }

    [Fact]
    public async Task Shift_jis_csv_decodes_with_cp932_and_shows_unencodable_characters_as_geta()
    {
        var bytes = await ExportAsync(AuditExportFormat.CsvShiftJis);

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var strict = Encoding.GetEncoding(932, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        var text = strict.GetString(bytes);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Contains("山田 太郎", text, StringComparison.Ordinal);
        Assert.Contains("経理部 〓", text, StringComparison.Ordinal);
        Assert.DoesNotContain("🎉", text, StringComparison.Ordinal);
        // The same bytes are not valid UTF-8: the file really is Shift-JIS.
        Assert.Throws<DecoderFallbackException>(() => new UTF8Encoding(false, true).GetString(bytes));
    }

    [Fact]
    public async Task Json_lines_have_one_object_per_entry_with_structured_details()
    {
        var bytes = await ExportAsync(AuditExportFormat.JsonLines);

        Assert.NotEqual(0xEF, bytes[0]);
        var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal(2, first.RootElement.GetProperty("sequence").GetInt64());
        Assert.Equal("経理部", first.RootElement.GetProperty("details").GetProperty("name").GetString());
        Assert.Equal("2026-04-01T00:30:00.000+09:00", first.RootElement.GetProperty("occurredAtLocal").GetString());
        Assert.Equal("山田 太郎", first.RootElement.GetProperty("actor").GetProperty("name").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("details").ValueKind);
    }

    [Fact]
    public void Every_action_code_and_category_has_a_japanese_and_an_english_label()
    {
        var codes = typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!).ToList();
        Assert.NotEmpty(codes);
        var resources = new ResourceManager(typeof(AuditStrings).FullName!, typeof(AuditStrings).Assembly);
        var japanese = resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!;
        var english = resources.GetResourceSet(CultureInfo.GetCultureInfo("en"), createIfNotExists: true, tryParents: false)!;

        foreach (var key in codes.Concat(AuditActions.Categories.Select(c => "Category." + c)))
        {
            Assert.False(string.IsNullOrWhiteSpace(japanese.GetString(key)), "no Japanese label for " + key);
            Assert.False(string.IsNullOrWhiteSpace(english.GetString(key)), "no English label for " + key);
        }
    }
}
