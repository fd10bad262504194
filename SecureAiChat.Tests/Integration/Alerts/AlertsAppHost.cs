using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SecureAiChat.Core.Alerts;
using SecureAiChat.Core.Answers;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Usage;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Tests.Integration.Budgets;

namespace SecureAiChat.Tests.Integration.Alerts;

/// <summary>
/// The app with a clock the tests set and an operators' alert mailbox. The alert jobs are never scheduled here (AppHost
/// sets their cron to once a year): a test runs them itself, as often and as concurrently as it likes.
/// </summary>
public sealed class AlertsAppHost : AppHost
{
    public const string OpsAddress = "ops-alerts@example.com";

    public AlertsAppHost() => Configure("Ops:AlertAddress", OpsAddress);

    public BudgetFlowAppHost.ManualClock Clock { get; } = new();

    protected override void ConfigureTestServices(IServiceCollection services)
    {
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Clock);
    }

    /// <summary>One run of the workspace alert job for one workspace, as one instance would make it.</summary>
    public Task<IReadOnlyList<WorkspaceAlert>> EvaluateAsync(string tenantId) =>
        ActivatorUtilities.CreateInstance<WorkspaceAlertJob>(Services).EvaluateAsync(tenantId);

    public Task<IReadOnlyList<PlatformAlert>> EvaluatePlatformAsync() =>
        ActivatorUtilities.CreateInstance<PlatformAlertJob>(Services).EvaluateAsync();

    /// <summary>Answers made <paramref name="minutesAgo"/> before the clock: <paramref name="failed"/> failed, the rest completed.</summary>
    public Task AnswersAsync(string tenantId, int completed, int failed, int minutesAgo = 1, int? firstTokenMs = 800) =>
        TenantDbAsync(tenantId, db =>
        {
            var at = Clock.GetUtcNow().UtcDateTime.AddMinutes(-minutesAgo);
            for (var i = 0; i < completed + failed; i++)
            {
                db.UsageRecords.Add(new UsageRecord
                {
                    UserId = "u", Model = "gpt-4o-mini", Status = i < failed ? MessageStatus.Failed : MessageStatus.Completed,
                    TimeToFirstTokenMs = i < failed ? null : firstTokenMs, CreatedAt = at,
                });
            }
            return db.SaveChangesAsync();
        });

    /// <summary>Assistant answers in a conversation, newest last, with their failure codes (null: completed).</summary>
    public Task ChatAnswersAsync(string tenantId, params string?[] failureCodes) =>
        TenantDbAsync(tenantId, db =>
        {
            var now = Clock.GetUtcNow().UtcDateTime;
            var conversation = new Conversation { UserId = "u", Title = "t", Model = "gpt-4o-mini", CreatedAt = now, UpdatedAt = now };
            db.Conversations.Add(conversation);
            for (var i = 0; i < failureCodes.Length; i++)
            {
                db.ChatMessages.Add(new ConversationMessage
                {
                    ConversationId = conversation.Id, Role = MessageRole.Assistant, Content = "",
                    Status = failureCodes[i] is null ? MessageStatus.Completed : MessageStatus.Failed, Failure = failureCodes[i] is { } code ? MessageFailure.FromStored(code) : null,
                    CreatedAt = now.AddSeconds(-failureCodes.Length + i),
                });
            }
            return db.SaveChangesAsync();
        });

    public async Task<Result<AlertSettingsError>> SaveSettingsAsync(string tenantId, AlertSettings settings, string role = Roles.Admin)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "admin"), new Claim(ClaimTypes.Role, role)], "test"));
        return await scope.ServiceProvider.GetRequiredService<AlertSettingsService>().SaveAsync(user, settings);
    }

    public Task<List<WorkspaceAlert>> AlertsOfAsync(string tenantId) =>
        TenantDbAsync(tenantId, db => db.WorkspaceAlerts.AsNoTracking().OrderBy(a => a.OpenedAt).ToListAsync());

    public List<string> SubjectsTo(string address) => [.. PickedUpMailTo(address).Select(m => m.Subject ?? "")];
}
