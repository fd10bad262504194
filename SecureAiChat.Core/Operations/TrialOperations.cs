using System.ComponentModel.DataAnnotations;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Audit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Operations;

/// <summary>PoC trial settings (section <c>Trials</c>).</summary>
public sealed class TrialOptions
{
    public const string SectionName = "Trials";

    /// <summary>How long a trial runs (days) when an operator starts or grants one.</summary>
    [Range(1, 90)]
    public int Days { get; set; } = 14;

    /// <summary>Days after the trial's end (read-only from then on) until the workspace's data is deleted, unless converted.</summary>
    [Range(1, 365)]
    public int DeleteAfterDays { get; set; } = 30;

    /// <summary>When the daily trial job sends reminders and ends trials (cron, Asia/Tokyo): just after midnight, when trials end.</summary>
    public string Cron { get; set; } = "5 0 * * *";
}

/// <summary>Why starting a trial from a lead was refused (nothing was started); resource key <c>TrialStartRefusal_{Code}</c>.</summary>
public enum TrialStartRefusal
{
    NotFound,

    /// <summary>The lead already has a trial workspace (or is lost).</summary>
    NotApplicable,

    /// <summary>The identifier is not a valid subdomain (the problem's value is the <see cref="TenantIdentifierProblem"/>).</summary>
    IdentifierInvalid,

    IdentifierTaken,
}

/// <summary>
/// The operator's PoC trials (Professional, <see cref="TrialOptions.Days"/> days): start one from a sales lead (a workspace is
/// provisioned through the provisioning pipeline with the lead's contact invited as Owner), grant one to an existing workspace,
/// extend, end, convert. Each is recorded in the platform audit chain in the transaction of the change and mailed to the
/// Owners. A trial that ends unconverted becomes a closing workspace: read-only at once and deleted by the closure deletion
/// job <see cref="TrialOptions.DeleteAfterDays"/> days after its end; converting it before then makes it active and paying.
/// </summary>
public sealed class TrialOperations(
    AppDbContext db,
    IAuditLog audit,
    AuditActor actor,
    IMultiTenantStore<AppTenantInfo> tenants,
    OwnerMail mail,
    IBackgroundJobClient jobs,
    PublicUrls urls,
    TimeProvider time,
    IOptions<TrialOptions> options)
{
    /// <summary>The longest extension an operator may give at once (a typo guard).</summary>
    public const int MaxExtensionDays = 90;

    public const PlanCode TrialPlan = PlanCode.Professional;

    /// <summary>
    /// Provisions a trial workspace for the lead: the request carries the trial's end and asks for an Owner invitation to the
    /// lead's address; the lead moves to demo/PoC and records the workspace. The provisioning job does the rest.
    /// </summary>
    public async Task<Result<string, TrialStartRefusal>> StartFromLeadAsync(Guid leadId, string? identifier, CancellationToken cancellationToken = default)
    {
        var subdomain = TenantIdentifier.Normalize(identifier);
        if (TenantIdentifier.Validate(subdomain).Code is { } problem)
            return new Problem<TrialStartRefusal>(TrialStartRefusal.IdentifierInvalid, problem.ToString());
        var lead = await db.SalesLeads.SingleOrDefaultAsync(l => l.Id == leadId, cancellationToken);
        if (lead is null) return TrialStartRefusal.NotFound;
        if (lead.TenantId is not null || lead.Stage == SalesStage.Lost) return TrialStartRefusal.NotApplicable;
        if (await db.Tenants.AnyAsync(t => t.Identifier == subdomain, cancellationToken)
            || await db.SubdomainReservations.AnyAsync(r => r.Identifier == subdomain, cancellationToken))
            return TrialStartRefusal.IdentifierTaken;

        var now = time.GetUtcNow();
        var request = new ProvisioningRequest
        {
            Id = SignupService.NewRequestId(),
            Identifier = subdomain,
            CompanyName = lead.CompanyName,
            AdminName = lead.ContactName,
            AdminEmail = lead.Email,
            Plan = TrialPlan.ToString(),
            Culture = lead.Culture,
            PlatformBaseUrl = urls.PlatformBase().ToString(),
            TrialEndsAt = EndAfter(now, options.Value.Days),
            CreatedAt = now,
        };
        foreach (var step in ProvisioningPipeline.Order) request.Steps.Add(new ProvisioningStepRecord { RequestId = request.Id, Step = step });
        db.ProvisioningRequests.Add(request);
        db.SubdomainReservations.Add(new SubdomainReservation { Identifier = subdomain, RequestId = request.Id, CreatedAt = now });

        var actorEmail = actor.Name ?? "";
        SalesPipeline.AddHistory(db, lead.Id, actorEmail, now, "Trial", null, subdomain);
        if (lead.Stage < SalesStage.DemoPoc)
        {
            SalesPipeline.AddHistory(db, lead.Id, actorEmail, now, nameof(SalesLead.Stage), lead.Stage.ToString(), nameof(SalesStage.DemoPoc));
            lead.Stage = SalesStage.DemoPoc;
        }
        lead.TenantId = request.TenantId;
        lead.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        audit.Record(db, AuditActions.TrialStarted, new AuditTarget("workspace", request.TenantId, subdomain), new
        {
            lead = lead.Id, plan = request.Plan, endsAt = request.TrialEndsAt,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost the subdomain to a signup at the same moment (the reservation's key let one in), or the lead changed.
            return TrialStartRefusal.IdentifierTaken;
        }

        request.JobId = jobs.Enqueue<ProvisioningJob>(j => j.RunAsync(request.Id, CancellationToken.None));
        await db.ProvisioningRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, request.JobId), cancellationToken);
        return request.TenantId;
    }

    /// <summary>Puts an active workspace that is not on trial on a Professional trial from now (its plan becomes Professional).</summary>
    public async Task<Result<int, OperatorActionRefusal>> GrantAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId && t.Id != PlatformTenant.Id, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        if (tenant.Status != TenantStatus.Active || tenant.IsTrial) return OperatorActionRefusal.NotApplicable;

        var now = time.GetUtcNow();
        var plan = TrialPlan.ToString();
        if (tenant.Plan != plan)
        {
            db.PlanChanges.Add(new PlanChange
            {
                TenantId = tenant.Id, FromPlan = tenant.Plan, ToPlan = plan, Source = PlanChangeSource.Operator, ActorUserId = actor.UserId,
                ActorEmail = actor.Name, Reason = why, RequestedAt = now, EffectiveAt = now, AppliedAt = now,
            });
        }
        var ends = EndAfter(now, options.Value.Days);
        audit.Record(db, AuditActions.TrialGranted, Target(tenant), new { from = tenant.Plan, plan, endsAt = ends, reason = why });
        tenant.Plan = plan;
        tenant.CustomSeats = null;
        tenant.CustomMonthlyTokens = null;
        tenant.TrialStartedAt = now;
        tenant.TrialEndsAt = ends;
        tenant.TrialConvertedAt = null;
        tenant.TrialReminder7SentAt = null;
        tenant.TrialReminder2SentAt = null;
        return await SaveAndMailAsync(tenant, TrialMailKind.Granted, cancellationToken);
    }

    /// <summary>
    /// Moves the trial's end <paramref name="days"/> days later (counted from the end, or from now when it has passed). A trial
    /// that had already ended (read-only, not yet deleted) is writable again. Reminders whose day now lies ahead are sent again.
    /// </summary>
    public async Task<Result<int, OperatorActionRefusal>> ExtendAsync(string tenantId, int days, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        if (days is < 1 or > MaxExtensionDays) return OperatorActionRefusal.Invalid;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId && t.Id != PlatformTenant.Id, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        var now = time.GetUtcNow();
        if (!IsRunning(tenant) && !HasEndedRestorable(tenant, now)) return OperatorActionRefusal.NotApplicable;

        var previous = tenant.TrialEndsAt!.Value;
        var ends = EndAfter(previous > now ? previous : now, days);
        audit.Record(db, AuditActions.TrialExtended, Target(tenant), new { from = previous, to = ends, days, reopened = tenant.Status == TenantStatus.Closing, reason = why });
        Reopen(tenant);
        tenant.TrialEndsAt = ends;
        if (ends - now > TimeSpan.FromDays(7)) tenant.TrialReminder7SentAt = null;
        if (ends - now > TimeSpan.FromDays(2)) tenant.TrialReminder2SentAt = null;
        return await SaveAndMailAsync(tenant, TrialMailKind.Extended, cancellationToken);
    }

    /// <summary>Ends a running trial now: the workspace becomes read-only and is deleted after <see cref="TrialOptions.DeleteAfterDays"/> days unless converted.</summary>
    public async Task<Result<int, OperatorActionRefusal>> EndAsync(string tenantId, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId && t.Id != PlatformTenant.Id, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        if (!IsRunning(tenant)) return OperatorActionRefusal.NotApplicable;

        var now = time.GetUtcNow();
        audit.Record(db, AuditActions.TrialEnded, Target(tenant), new { scheduledEnd = tenant.TrialEndsAt, deletesAt = now.AddDays(options.Value.DeleteAfterDays), reason = why });
        tenant.TrialEndsAt = now;
        Expire(tenant, now, options.Value.DeleteAfterDays);
        return await SaveAndMailAsync(tenant, TrialMailKind.Ended, cancellationToken);
    }

    /// <summary>
    /// Converts the trial into a contract: the trial is over, the workspace active (writable again if the trial had ended)
    /// and paying from now on, on <paramref name="planCode"/> (the trial's plan when null or the same).
    /// </summary>
    public async Task<Result<int, OperatorActionRefusal>> ConvertAsync(string tenantId, string? planCode, string? reason, CancellationToken cancellationToken = default)
    {
        if (Reason(reason) is not { } why) return OperatorActionRefusal.ReasonRequired;
        Plan? plan = null;
        if (!string.IsNullOrEmpty(planCode) && !PlanCatalog.TryFind(planCode, out plan)) return OperatorActionRefusal.Invalid;
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId && t.Id != PlatformTenant.Id, cancellationToken);
        if (tenant is null) return OperatorActionRefusal.NotFound;
        var now = time.GetUtcNow();
        if (!IsRunning(tenant) && !HasEndedRestorable(tenant, now)) return OperatorActionRefusal.NotApplicable;

        var code = plan?.Code.ToString() ?? tenant.Plan;
        if (code != tenant.Plan)
        {
            db.PlanChanges.Add(new PlanChange
            {
                TenantId = tenant.Id, FromPlan = tenant.Plan, ToPlan = code, Source = PlanChangeSource.Operator, ActorUserId = actor.UserId,
                ActorEmail = actor.Name, Reason = why, RequestedAt = now, EffectiveAt = now, AppliedAt = now,
            });
        }
        audit.Record(db, AuditActions.TrialConverted, Target(tenant), new { from = tenant.Plan, plan = code, trialEndsAt = tenant.TrialEndsAt, reason = why });
        Reopen(tenant);
        tenant.Plan = code;
        tenant.CustomSeats = null;
        tenant.CustomMonthlyTokens = null;
        tenant.TrialConvertedAt = now;
        return await SaveAndMailAsync(tenant, TrialMailKind.Converted, cancellationToken);
    }

    /// <summary>
    /// The end of a trial of <paramref name="days"/> days from <paramref name="from"/>: midnight Asia/Tokyo after the last
    /// full day, so the daily trial job (just after midnight) ends it on time and the reminders count whole days. From a
    /// midnight (an end being extended) that is <paramref name="days"/> days later; from within a day, the rest of that day is free.
    /// </summary>
    public static DateTimeOffset EndAfter(DateTimeOffset from, int days)
    {
        var local = TimeZoneInfo.ConvertTime(from, WorkspaceTime.Tokyo);
        var date = local.Date.AddDays(local.TimeOfDay == TimeSpan.Zero ? days : days + 1);
        return new DateTimeOffset(date, WorkspaceTime.Tokyo.GetUtcOffset(date));
    }

    /// <summary>Whole days (Asia/Tokyo calendar) from <paramref name="now"/> to the trial's end: 7 and 2 are the reminders' days.</summary>
    public static int DaysLeft(DateTimeOffset ends, DateTimeOffset now) =>
        (TimeZoneInfo.ConvertTime(ends, WorkspaceTime.Tokyo).Date - TimeZoneInfo.ConvertTime(now, WorkspaceTime.Tokyo).Date).Days;

    /// <summary>A trial that runs: not converted, the workspace active.</summary>
    public static bool IsRunning(AppTenantInfo tenant) =>
        tenant is { IsTrial: true, Status: TenantStatus.Active };

    /// <summary>A trial that has ended unconverted and whose data is not deleted yet (the deletion job has not come).</summary>
    public static bool HasEndedRestorable(AppTenantInfo tenant, DateTimeOffset now) =>
        tenant is { IsTrial: true, Status: TenantStatus.Closing } && tenant.ClosureDeletesAt > now;

    /// <summary>Makes the workspace read-only (closing) from <paramref name="now"/>: the closure deletion job deletes it after the given days.</summary>
    internal static void Expire(AppTenantInfo tenant, DateTimeOffset now, int deleteAfterDays)
    {
        tenant.Status = TenantStatus.Closing;
        tenant.ClosureRequestedAt = now;
        tenant.ClosureDeletesAt = tenant.TrialEndsAt!.Value.AddDays(deleteAfterDays);
    }

    private static void Reopen(AppTenantInfo tenant)
    {
        if (tenant.Status != TenantStatus.Closing) return;
        tenant.Status = TenantStatus.Active;
        tenant.ClosureRequestedAt = null;
        tenant.ClosureDeletesAt = null;
    }

    private async Task<Result<int, OperatorActionRefusal>> SaveAndMailAsync(AppTenantInfo tenant, TrialMailKind kind, CancellationToken cancellationToken)
    {
        await db.SaveChangesAsync(cancellationToken);
        tenants.Invalidate(tenant);
        var owners = await OwnerMail.OwnersAsync(db, tenant.Id, tenant.DefaultCulture, cancellationToken);
        return await mail.SendAsync(owners, o => TrialMail.Build(kind, tenant, o.Email, o.Culture), cancellationToken);
    }

    private static string? Reason(string? reason) => reason?.Trim() is { Length: > 0 and <= TenantOperations.ReasonMaxLength } trimmed ? trimmed : null;

    private static AuditTarget Target(AppTenantInfo tenant) => new("workspace", tenant.Id, tenant.Identifier);
}
