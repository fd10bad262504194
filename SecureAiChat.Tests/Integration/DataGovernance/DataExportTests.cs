using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.DataGovernance.Export;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Team;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Tests.Integration.DataGovernance;

/// <summary>
/// Workspace and member exports end to end: the request, the job's ZIP (entries and contents, only the workspace's own
/// data), the mailed single-use link (signed-in requester only, once, even with two downloads at the same moment), expiry
/// and the housekeeping sweep, the audit entries, one build in progress per person, and a failed build that keeps nothing.
/// </summary>
public sealed class DataExportTests(DataExportAppHost app) : IClassFixture<DataExportAppHost>
{
    private sealed record Workspace(AppTenantInfo Tenant, AppUser Owner, AppUser Member, AppUser Colleague, string Marker)
    {
        public string Id => Tenant.Id;
        public string Identifier => Tenant.Identifier;
    }

    /// <summary>A workspace whose every name, title and message carries <see cref="Workspace.Marker"/>.</summary>
    private async Task<Workspace> WorkspaceAsync(string prefix)
    {
        var marker = "MARK" + Guid.NewGuid().ToString("N")[..10];
        var tenant = await app.CreateTenantAsync(prefix + Guid.NewGuid().ToString("N")[..8]);
        var owner = await app.CreateUserAsync(tenant.Id, $"owner@{tenant.Identifier}.example.jp", role: Roles.Owner, displayName: "オーナー " + marker);
        var member = await app.CreateUserAsync(tenant.Id, $"member@{tenant.Identifier}.example.jp", displayName: "社員 " + marker);
        var colleague = await app.CreateUserAsync(tenant.Id, $"colleague@{tenant.Identifier}.example.jp", displayName: "同僚 " + marker);
        await app.TenantDbAsync(tenant.Id, async db =>
        {
            var department = db.Departments.Add(new Department { Name = "営業部 " + marker }).Entity;
            await db.SaveChangesAsync();
            await db.Users.Where(u => u.Id == member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.DepartmentId, department.Id));
            return 0;
        });
        await ConversationAsync(tenant.Id, member, "見積もり " + marker, "単価を教えて " + marker);
        await ConversationAsync(tenant.Id, member, "議事録 " + marker, "要約して " + marker);
        await ConversationAsync(tenant.Id, colleague, "同僚の相談 " + marker, "同僚の質問 " + marker);
        return new Workspace(tenant, owner, member, colleague, marker);
    }

    private Task<Guid> ConversationAsync(string tenantId, AppUser owner, string title, string question) =>
        app.TenantDbAsync(tenantId, async db =>
        {
            var at = new DateTime(2026, 11, 20, 1, 2, 3, DateTimeKind.Utc);
            var conversation = new Conversation { UserId = owner.Id, Title = title, Model = "gpt-4o-mini", CreatedAt = at, UpdatedAt = at.AddMinutes(1) };
            conversation.Messages.Add(new ConversationMessage { Role = MessageRole.User, Content = question, CreatedAt = at });
            conversation.Messages.Add(new ConversationMessage { Role = MessageRole.Assistant, Content = "回答 " + title, Model = "gpt-4o-mini", CreatedAt = at.AddMinutes(1) });
            db.Conversations.Add(conversation);
            db.UsageRecords.Add(new UsageRecord { UserId = owner.Id, ConversationId = conversation.Id, Model = "gpt-4o-mini", InputTokens = 11, OutputTokens = 22, CreatedAt = at });
            await db.SaveChangesAsync();
            return conversation.Id;
        });

    private static ClaimsPrincipal As(AppUser user, string role) => new(new ClaimsIdentity(
        [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Role, role), new(AppClaimTypes.DisplayName, user.DisplayName)], "test"));

    private async Task<T> ExportsAsync<T>(string tenantId, Func<DataExportService, Task<T>> action)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        return await action(scope.ServiceProvider.GetRequiredService<DataExportService>());
    }

    private async Task<Guid> RequestAsync(Workspace w, AppUser user, string role, DataExportKind kind)
    {
        var result = await ExportsAsync(w.Id, s => s.RequestAsync(As(user, role), kind));
        Assert.Empty(result.Problems);
        return result.Value;
    }

    /// <summary>Requests, builds and returns the mailed link.</summary>
    private async Task<Uri> ReadyAsync(Workspace w, AppUser user, string role, DataExportKind kind)
    {
        await RequestAsync(w, user, role, kind);
        Assert.Equal(1, await app.RunEnqueuedExportsAsync());
        return app.ExportLinkMailedTo(user.Email!);
    }

    private static async Task<Dictionary<string, string>> EntriesAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var entries = new Dictionary<string, string>();
        foreach (var entry in zip.Entries)
        {
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
            entries[entry.FullName] = await reader.ReadToEndAsync();
        }
        return entries;
    }

    [Fact]
    public async Task The_workspace_export_holds_every_part_of_the_workspace_and_nothing_of_another_workspace()
    {
        var w = await WorkspaceAsync("exp");
        var other = await WorkspaceAsync("oth");
        var link = await ReadyAsync(w, w.Owner, Roles.Owner, DataExportKind.Workspace);
        var client = await app.SignInAsync(w.Identifier, w.Owner.Email!);

        var entries = await EntriesAsync(await client.GetAsync(link));

        var memberFile = $"conversations/member@{w.Identifier}.example.jp.json";
        var colleagueFile = $"conversations/colleague@{w.Identifier}.example.jp.json";
        Assert.Equal(
            new[] { "audit.jsonl", colleagueFile, memberFile, "departments.csv", "manifest.json", "members.csv", "usage.csv" }.Order(StringComparer.Ordinal),
            entries.Keys.Order(StringComparer.Ordinal));

        using var member = JsonDocument.Parse(entries[memberFile]);
        Assert.Equal(w.Member.Id, member.RootElement.GetProperty("member").GetProperty("id").GetString());
        var conversations = member.RootElement.GetProperty("conversations").EnumerateArray().ToList();
        Assert.Equal(["見積もり " + w.Marker, "議事録 " + w.Marker], conversations.Select(c => c.GetProperty("title").GetString()!).Order(StringComparer.Ordinal).ToArray());
        var messages = conversations.Single(c => c.GetProperty("title").GetString() == "見積もり " + w.Marker).GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(["user", "assistant"], messages.Select(m => m.GetProperty("role").GetString()!));
        Assert.Equal("単価を教えて " + w.Marker, messages[0].GetProperty("content").GetString());
        Assert.Equal("2026-11-20T01:02:03.000Z", messages[0].GetProperty("createdAtUtc").GetString());
        Assert.Equal("2026-11-20T10:02:03+09:00", messages[0].GetProperty("createdAtLocal").GetString());
        Assert.DoesNotContain("同僚の相談", entries[memberFile]);

        // CSVs: UTF-8 with BOM (Excel opens them as UTF-8), a header, one row per member / department / usage record.
        Assert.All(new[] { "members.csv", "departments.csv", "usage.csv" }, name => Assert.StartsWith("\uFEFF", entries[name]));
        var members = entries["members.csv"].TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,display_name,email,role,department", members[0]);
        Assert.Equal(3, members.Length - 1);
        Assert.Contains(members, line => line.Contains($"member@{w.Identifier}.example.jp", StringComparison.Ordinal)
            && line.Contains("営業部 " + w.Marker, StringComparison.Ordinal) && line.Contains(",Member,", StringComparison.Ordinal));
        Assert.Contains(members, line => line.Contains($"owner@{w.Identifier}.example.jp,Owner,", StringComparison.Ordinal));
        var departments = entries["departments.csv"].TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, departments.Length);
        Assert.EndsWith(",1," + departments[1].Split(',')[^1], departments[1]);
        Assert.Equal(4, entries["usage.csv"].Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // The audit log as its own JSON Lines export writes it: the export's request is in it.
        var audit = entries["audit.jsonl"].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(audit, e => e.GetProperty("action").GetString() == AuditActions.DataExportRequested);

        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        var counts = manifest.RootElement.GetProperty("counts");
        Assert.Equal("workspace", manifest.RootElement.GetProperty("kind").GetString());
        Assert.Equal((3, 1, 3, 6, 3, audit.Count), (counts.GetProperty("members").GetInt32(), counts.GetProperty("departments").GetInt32(),
            counts.GetProperty("conversations").GetInt32(), counts.GetProperty("messages").GetInt32(), counts.GetProperty("usageRecords").GetInt32(),
            counts.GetProperty("auditEntries").GetInt32()));

        // Isolation: nothing of the other workspace (its names, titles, messages, addresses, departments) anywhere.
        Assert.All(entries, entry =>
        {
            Assert.DoesNotContain(other.Marker, entry.Value, StringComparison.Ordinal);
            Assert.DoesNotContain(other.Identifier, entry.Value, StringComparison.Ordinal);
        });
        Assert.All(entries.Keys, name => Assert.DoesNotContain(other.Identifier, name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_export_holds_only_that_members_conversations_and_the_mail_is_in_their_language()
    {
        var w = await WorkspaceAsync("mex");
        await app.TenantDbAsync(w.Id, db => db.Users.Where(u => u.Id == w.Member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Culture, "en-US")));
        var link = await ReadyAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        var mail = app.PickedUpMailTo(w.Member.Email!).Single();
        Assert.Contains("Your conversation export is ready", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("works once", mail.TextBody, StringComparison.Ordinal);
        var client = await app.SignInAsync(w.Identifier, w.Member.Email!);

        var entries = await EntriesAsync(await client.GetAsync(link));

        Assert.Equal(["conversations/member@" + w.Identifier + ".example.jp.json", "manifest.json"], entries.Keys.Order(StringComparer.Ordinal));
        var file = entries["conversations/member@" + w.Identifier + ".example.jp.json"];
        Assert.Contains("見積もり " + w.Marker, file, StringComparison.Ordinal);
        Assert.Contains("議事録 " + w.Marker, file, StringComparison.Ordinal);
        Assert.DoesNotContain("同僚", file, StringComparison.Ordinal);
        Assert.DoesNotContain(w.Colleague.Id, file, StringComparison.Ordinal);
        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        Assert.Equal("member", manifest.RootElement.GetProperty("kind").GetString());
        Assert.Equal(2, manifest.RootElement.GetProperty("counts").GetProperty("conversations").GetInt32());
    }

    [Fact]
    public async Task A_closing_workspace_still_lets_its_members_take_their_data_out()
    {
        var w = await WorkspaceAsync("cex");
        // Read-only for 30 days before deletion: exporting is what the grace period is for.
        await app.TenantDbAsync(w.Id, db => db.Tenants.Where(t => t.Id == w.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, TenantStatus.Closing)));
        var link = await ReadyAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        var client = await app.SignInAsync(w.Identifier, w.Member.Email!);

        var entries = await EntriesAsync(await client.GetAsync(link));

        Assert.Contains("見積もり " + w.Marker, entries["conversations/member@" + w.Identifier + ".example.jp.json"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Member)]
    public async Task Only_an_Owner_can_request_the_workspace_export(string role)
    {
        var w = await WorkspaceAsync("rol");

        var result = await ExportsAsync(w.Id, s => s.RequestAsync(As(w.Member, role), DataExportKind.Workspace));

        Assert.False(result.Succeeded);
        Assert.Equal(DataExportProblem.NotAllowed, Assert.Single(result.Problems).Code);
        Assert.Equal(0, await app.TenantDbAsync(w.Id, db => db.DataExports.CountAsync()));
        Assert.Equal(0, await app.TenantDbAsync(w.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.DataExportRequested)));
    }

    [Fact]
    public async Task A_second_request_while_one_is_building_is_refused_and_allowed_again_once_it_is_built()
    {
        var w = await WorkspaceAsync("one");
        await RequestAsync(w, w.Member, Roles.Member, DataExportKind.Member);

        var second = await ExportsAsync(w.Id, s => s.RequestAsync(As(w.Member, Roles.Owner), DataExportKind.Workspace));

        Assert.False(second.Succeeded);
        Assert.Equal(DataExportProblem.InProgress, Assert.Single(second.Problems).Code);
        Assert.Equal(1, await app.TenantDbAsync(w.Id, db => db.DataExports.CountAsync()));
        // Someone else may ask meanwhile.
        await RequestAsync(w, w.Colleague, Roles.Member, DataExportKind.Member);
        Assert.Equal(2, await app.RunEnqueuedExportsAsync());
        await RequestAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        await app.RunEnqueuedExportsAsync();
    }

    [Fact]
    public async Task The_link_works_once_and_the_request_and_the_download_are_audited()
    {
        var w = await WorkspaceAsync("once");
        var link = await ReadyAsync(w, w.Owner, Roles.Owner, DataExportKind.Workspace);
        var client = await app.SignInAsync(w.Identifier, w.Owner.Email!);

        Assert.NotEmpty(await EntriesAsync(await client.GetAsync(link)));
        var again = await client.GetAsync(link);

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/my/export?link=gone", again.Headers.Location?.OriginalString);
        var (requested, downloaded, chunks) = await app.TenantDbAsync(w.Id, async db => (
            await db.AuditEntries.Where(e => e.Action == AuditActions.DataExportRequested).Select(e => e.Details).ToListAsync(),
            await db.AuditEntries.Where(e => e.Action == AuditActions.DataExportDownloaded).Select(e => e.ActorId).ToListAsync(),
            await db.DataExportChunks.CountAsync()));
        // The request (here made outside a page, so without an actor) names the kind; the download names who downloaded.
        Assert.Contains("Workspace", Assert.Single(requested), StringComparison.Ordinal);
        Assert.Equal([w.Owner.Id], downloaded);
        // Used once, the bytes are gone; the row stays as the record until it expires.
        Assert.Equal(0, chunks);
        Assert.NotNull(await app.TenantDbAsync(w.Id, db => db.DataExports.Select(e => e.DownloadedAt).SingleAsync()));
    }

    [Fact]
    public async Task Of_two_downloads_at_the_same_moment_exactly_one_gets_the_file()
    {
        var w = await WorkspaceAsync("race");
        var link = await ReadyAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        var cookies = new CookieContainer();
        await app.SignInAsync(w.Identifier, w.Member.Email!, cookies: cookies);
        var first = app.CreateLoopbackClient(cookies);
        var second = app.CreateLoopbackClient(cookies);

        var responses = await Task.WhenAll(first.GetAsync(link), second.GetAsync(link));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect], responses.Select(r => r.StatusCode).Order());
        Assert.NotEmpty(await EntriesAsync(responses.Single(r => r.StatusCode == HttpStatusCode.OK)));
        Assert.Equal(1, await app.TenantDbAsync(w.Id, db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.DataExportDownloaded)));
    }

    [Fact]
    public async Task The_link_does_nothing_for_anyone_but_the_signed_in_requester_of_the_same_workspace()
    {
        var w = await WorkspaceAsync("fwd");
        var other = await WorkspaceAsync("fwo");
        var link = await ReadyAsync(w, w.Member, Roles.Member, DataExportKind.Member);

        // Not signed in: the sign-in page, nothing downloaded.
        var anonymous = await app.CreateLoopbackClient(new CookieContainer()).GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/Account/Login", anonymous.Headers.Location?.OriginalString, StringComparison.Ordinal);
        // A colleague the mail was forwarded to, the Owner, a wrong token: not found.
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(w.Identifier, w.Colleague.Email!)).GetAsync(link)).StatusCode);
        var owner = await app.SignInAsync(w.Identifier, w.Owner.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetAsync(link)).StatusCode);
        var wrongToken = new Uri(link.GetLeftPart(UriPartial.Path) + "?token=" + DataExportService.NewToken());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(w.Identifier, w.Member.Email!)).GetAsync(wrongToken)).StatusCode);
        // Another workspace's signed-in Owner asking for this id and token on their own host: not found.
        var elsewhere = new Uri(app.TenantUri(other.Identifier, link.PathAndQuery).ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await (await app.SignInAsync(other.Identifier, other.Owner.Email!)).GetAsync(elsewhere)).StatusCode);

        // None of that used the link up.
        var member = await app.SignInAsync(w.Identifier, w.Member.Email!);
        Assert.NotEmpty(await EntriesAsync(await member.GetAsync(link)));
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_housekeeping_deletes_the_export_with_its_bytes()
    {
        var w = await WorkspaceAsync("exp");
        var id = await RequestAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        await app.RunEnqueuedExportsAsync();
        var link = app.ExportLinkMailedTo(w.Member.Email!);
        var token = Uri.UnescapeDataString(link.Query["?token=".Length..]);
        var (expires, completed) = await app.TenantDbAsync(w.Id, async db =>
            await db.DataExports.Where(e => e.Id == id).Select(e => new Tuple<DateTime, DateTime?>(e.ExpiresAt, e.CompletedAt)).SingleAsync());
        Assert.Equal(TimeSpan.FromHours(24), expires - completed);
        var later = new FixedTime(new DateTimeOffset(expires, TimeSpan.Zero).AddSeconds(1));

        await using (var scope = await app.TenantScopeAsync(w.Id))
        {
            var atExpiry = ActivatorUtilities.CreateInstance<DataExportService>(scope.ServiceProvider, (TimeProvider)later);
            Assert.Equal(DataExportClaim.Gone, (await atExpiry.ClaimAsync(id, token, w.Member.Id)).Claim);
        }

        Assert.True(await app.TenantDbAsync(w.Id, db => db.DataExportChunks.AnyAsync(c => c.ExportId == id)));
        await new HousekeepingJob(app.Services.GetRequiredService<TenantScopeFactory>(), NullLogger<HousekeepingJob>.Instance, later).RunAsync(CancellationToken.None);

        Assert.False(await app.TenantDbAsync(w.Id, db => db.DataExports.AnyAsync(e => e.Id == id)));
        Assert.False(await app.TenantDbAsync(w.Id, db => db.DataExportChunks.AnyAsync(c => c.ExportId == id)));
    }

    [Fact]
    public async Task A_failed_build_is_shown_failed_keeps_no_bytes_and_can_be_asked_for_again()
    {
        var w = await WorkspaceAsync("fail");
        // No address to mail the link to: the build fails after writing its chunks.
        var address = w.Member.Email!;
        await app.TenantDbAsync(w.Id, db => db.Users.Where(u => u.Id == w.Member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, (string?)null)));
        var id = await RequestAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        await app.RunEnqueuedExportsAsync();

        var view = Assert.Single(await ExportsAsync(w.Id, s => s.ListAsync(w.Member.Id)));
        Assert.Equal((id, DataExportStatus.Failed), (view.Id, view.Status));
        Assert.False(await app.TenantDbAsync(w.Id, db => db.DataExportChunks.AnyAsync()));
        Assert.Null(await app.TenantDbAsync(w.Id, db => db.DataExports.Select(e => e.TokenHash).SingleAsync()));

        await app.TenantDbAsync(w.Id, db => db.Users.Where(u => u.Id == w.Member.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Email, address)));
        await RequestAsync(w, w.Member, Roles.Member, DataExportKind.Member);
        await app.RunEnqueuedExportsAsync();
        Assert.Equal([DataExportStatus.Ready, DataExportStatus.Failed], (await ExportsAsync(w.Id, s => s.ListAsync(w.Member.Id))).Select(e => e.Status));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
