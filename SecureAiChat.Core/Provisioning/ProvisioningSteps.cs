using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Onboarding;
using SecureAiChat.Core.Settings;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// The five provisioning steps. Each one is idempotent on its own: it looks for what it would create and
/// creates only what is missing, so running a step twice (a retry, a restart) leaves one of everything.
/// The welcome email is the exception that cannot be checked in the outside world; the pipeline records
/// its completion and never runs a succeeded step again.
/// </summary>
public sealed class ProvisioningSteps(TenantScopeFactory scopes, IEmailSender email, PublicUrls urls, TimeProvider time)
{
    public Task RunAsync(ProvisioningStep step, ProvisioningRequest request, CancellationToken cancellationToken) => step switch
    {
        ProvisioningStep.CreateTenant => CreateTenantAsync(request, cancellationToken),
        ProvisioningStep.CreateAdmin => CreateAdminAsync(request, cancellationToken),
        ProvisioningStep.DefaultSettings => ApplyDefaultSettingsAsync(request, cancellationToken),
        ProvisioningStep.WelcomeEmail => SendWelcomeEmailAsync(request, cancellationToken),
        ProvisioningStep.Monitoring => CreateAlertRulesAsync(request, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(step), step, null),
    };

    /// <summary>Step 1: the tenant row, status Provisioning, with the id chosen at signup.</summary>
    public async Task CreateTenantAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await db.Tenants.AnyAsync(t => t.Id == request.TenantId, cancellationToken)) return;
        db.Tenants.Add(new AppTenantInfo
        {
            Id = request.TenantId,
            Identifier = request.Identifier,
            Name = request.CompanyName,
            Plan = request.Plan,
            Status = TenantStatus.Provisioning,
            TimeZoneId = WorkspaceDefaults.TimeZoneId,
            DefaultCulture = WorkspaceDefaults.Culture,
            TrialStartedAt = request.TrialEndsAt is null ? null : request.CreatedAt,
            TrialEndsAt = request.TrialEndsAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Step 2: the Owner account with the password chosen at signup (its hash), email unconfirmed; then the hash is erased from the request.</summary>
    public async Task CreateAdminAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        if (request.TrialEndsAt is not null)
        {
            await InviteTrialOwnerAsync(request, sendWith: null, cancellationToken);
            return;
        }
        string userId;
        await using (var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByEmailAsync(request.AdminEmail);
            if (user is null)
            {
                if (string.IsNullOrEmpty(request.AdminPasswordHash))
                    throw new InvalidOperationException("The admin account does not exist and the password hash is gone; the signup must be repeated.");
                user = new AppUser
                {
                    UserName = request.AdminEmail,
                    Email = request.AdminEmail,
                    EmailConfirmed = false,
                    DisplayName = request.AdminName,
                    PasswordHash = request.AdminPasswordHash,
                    TimeZoneId = WorkspaceDefaults.TimeZoneId,
                };
                ThrowIfFailed(await users.CreateAsync(user));
            }
            if (!await users.IsInRoleAsync(user, Roles.Owner)) ThrowIfFailed(await users.AddToRoleAsync(user, Roles.Owner));
            userId = user.Id;
        }

        await using var platform = scopes.CreatePlatformScope();
        var db = platform.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.ProvisioningRequests.Where(r => r.Id == request.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.AdminUserId, userId).SetProperty(r => r.AdminPasswordHash, (string?)null), cancellationToken);
        request.AdminUserId = userId;
        request.AdminPasswordHash = null;
    }

    /// <summary>Step 3: language and time zone, AI provider = system default, starter templates, draft guideline, onboarding checklist.</summary>
    public async Task ApplyDefaultSettingsAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var tenant = await db.Tenants.SingleAsync(t => t.Id == request.TenantId, cancellationToken);
        if (string.IsNullOrEmpty(tenant.TimeZoneId)) tenant.TimeZoneId = WorkspaceDefaults.TimeZoneId;
        if (string.IsNullOrEmpty(tenant.DefaultCulture)) tenant.DefaultCulture = WorkspaceDefaults.Culture;

        if (!await db.WorkspaceSettings.AnyAsync(cancellationToken))
            db.WorkspaceSettings.Add(new WorkspaceSettings { AiProvider = AiProviderChoice.SystemDefault });

        var templateKeys = await db.PromptTemplates.Where(t => t.Key != null).Select(t => t.Key!).ToListAsync(cancellationToken);
        db.PromptTemplates.AddRange(WorkspaceDefaults.StarterTemplates().Where(t => !templateKeys.Contains(t.Key!)));

        if (!await db.UsageGuidelines.AnyAsync(cancellationToken)) db.UsageGuidelines.Add(WorkspaceDefaults.DraftGuideline());

        var itemKeys = await db.OnboardingItems.Select(i => i.Key).ToListAsync(cancellationToken);
        var order = 0;
        foreach (var (key, phase) in OnboardingChecklist.Items)
        {
            order++;
            if (!itemKeys.Contains(key)) db.OnboardingItems.Add(new OnboardingItem { Key = key, Phase = phase, SortOrder = order });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Step 4: the welcome email (workspace URL, how to sign in, first steps, confirmation link) in the signup's language.</summary>
    public async Task SendWelcomeEmailAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        if (request.TrialEndsAt is not null)
        {
            await InviteTrialOwnerAsync(request, email, cancellationToken);
            return;
        }
        await using var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(request.AdminEmail)
            ?? throw new InvalidOperationException("The admin account does not exist.");

        var workspace = urls.Workspace(request.Identifier);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var confirm = urls.Workspace(request.Identifier, $"/Account/ConfirmEmail?userId={Uri.EscapeDataString(user.Id)}&code={Uri.EscapeDataString(code)}");
        var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(request.Culture) ? WorkspaceDefaults.Culture : request.Culture);
        var message = EmailTemplates.Welcome(
            new WelcomeEmail(request.AdminEmail, request.CompanyName, request.AdminName, workspace, new Uri(workspace, "Account/Login"), confirm,
                OnboardingChecklist.FirstSteps(culture)),
            culture);
        await email.SendAsync(message, cancellationToken);
    }

    /// <summary>
    /// A trial's Owner (the sales lead's contact) is invited rather than created: they choose their own password on the
    /// invitation page. Step 2 makes the invitation (role Owner, for the length of the trial); step 4 gives it a fresh link and
    /// mails it (only the link's hash is stored, so a retried step 4 sends a new link and the old one stops working).
    /// </summary>
    private async Task InviteTrialOwnerAsync(ProvisioningRequest request, IEmailSender? sendWith, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var normalized = request.AdminEmail.ToUpperInvariant();
        var now = time.GetUtcNow();
        var invitation = await db.Invitations.SingleOrDefaultAsync(i => i.NormalizedEmail == normalized && i.Role == Roles.Owner, cancellationToken);
        var token = Team.InvitationToken.New();
        var lifetime = request.TrialEndsAt!.Value - now;
        if (invitation is null)
        {
            invitation = new Team.Invitation
            {
                Email = request.AdminEmail, NormalizedEmail = normalized, Role = Roles.Owner, TokenHash = Team.InvitationToken.Hash(token),
                InvitedByUserId = "", CreatedAt = now, SentAt = now, ExpiresAt = now + (lifetime > Team.Invitation.Lifetime ? lifetime : Team.Invitation.Lifetime),
            };
            db.Invitations.Add(invitation);
        }
        if (sendWith is null || invitation.AcceptedAt is not null)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }
        invitation.TokenHash = Team.InvitationToken.Hash(token);
        invitation.SentAt = now;
        await db.SaveChangesAsync(cancellationToken);
        var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(request.Culture) ? WorkspaceDefaults.Culture : request.Culture);
        var link = urls.Workspace(request.Identifier, "/" + Team.InvitationService.AcceptPath + token);
        await sendWith.SendAsync(EmailTemplates.Invitation(new InvitationEmail(request.AdminEmail, "Secure AI Chat", request.CompanyName, link, invitation.ExpiresAt), culture), cancellationToken);
    }

    /// <summary>Step 5: default alert rules (system-default usage at 80% and 100%, provider error rate).</summary>
    public async Task CreateAlertRulesAsync(ProvisioningRequest request, CancellationToken cancellationToken)
    {
        await using var scope = await scopes.CreateScopeAsync(request.TenantId, cancellationToken);
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var existing = await db.AlertRules.Select(r => new { r.Kind, r.ThresholdPercent }).ToListAsync(cancellationToken);
        foreach (var rule in DefaultAlertRules())
        {
            if (!existing.Any(e => e.Kind == rule.Kind && e.ThresholdPercent == rule.ThresholdPercent)) db.AlertRules.Add(rule);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The default monitoring rules of a new workspace.</summary>
    public static IEnumerable<AlertRule> DefaultAlertRules() =>
    [
        new() { Kind = AlertRuleKind.SystemAllowanceUsage, ThresholdPercent = 80 },
        new() { Kind = AlertRuleKind.SystemAllowanceUsage, ThresholdPercent = 100 },
        new() { Kind = AlertRuleKind.ProviderErrorRate, ThresholdPercent = 20, WindowMinutes = 15 },
    ];

    private static void ThrowIfFailed(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Code)));
    }
}
