using System.Security.Cryptography;
using Hangfire;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Tenancy;

namespace SecureAiChat.Core.Provisioning;

/// <summary>
/// Self-service signup: checks every rule (the page checks the same ones while typing, but only this
/// counts), reserves the subdomain and stores the provisioning request in one transaction, then enqueues
/// the job. Nothing is stored when anything is invalid.
/// </summary>
public sealed partial class SignupService(
    IDbContextFactory<AppDbContext> contexts,
    UserManager<AppUser> users,
    IBackgroundJobClient jobs,
    AttemptThrottle throttle,
    IOptions<SignupOptions> signupOptions,
    ILogger<SignupService> logger,
    TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public const int CompanyNameMaxLength = 100;
    public const int AdminNameMaxLength = 100;
    public const int EmailMaxLength = 256;
    public const int PasswordMaxLength = 128;
    public const string RateLimitAction = "signup";

    /// <summary>Format and availability of a subdomain, with suggestions when it is taken.</summary>
    public async Task<SubdomainCheck> CheckSubdomainAsync(string? subdomain, CancellationToken cancellationToken = default)
    {
        var normalized = TenantIdentifier.Normalize(subdomain);
        if (TenantIdentifier.Validate(normalized).Code is { } problem) return new SubdomainCheck(normalized, problem, false, []);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await IsFreeAsync(db, normalized, cancellationToken)) return new SubdomainCheck(normalized, null, true, []);
        return new SubdomainCheck(normalized, null, false, await SuggestAsync(db, normalized, cancellationToken));
    }

    /// <summary>
    /// Stores the request and enqueues the job, or refuses with every problem of the form (each naming its field in
    /// <see cref="Problem{TCode}.Field"/>). A taken subdomain is refused as <see cref="SignupProblem.SubdomainTaken"/>; the
    /// page asks <see cref="CheckSubdomainAsync"/> for free alternatives.
    /// </summary>
    public async Task<Result<SignupAccepted, SignupProblem>> SubmitAsync(SignupForm form, SignupContext context, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(form.Website))
        {
            // A bot filled the invisible field: say as little as possible and store nothing.
            LogHoneypot(logger, context.ClientAddress);
            return SignupProblem.Rejected;
        }
        if (!(await throttle.TakeAsync(signupOptions.Value.Throttle(RateLimitAction), context.ClientAddress, cancellationToken)).Allowed)
        {
            LogRateLimited(logger, context.ClientAddress);
            return SignupProblem.RateLimited;
        }

        var problems = new List<Problem<SignupProblem>>();
        var company = Clean(form.CompanyName);
        var adminName = Clean(form.AdminName);
        var email = (form.AdminEmail ?? "").Trim();
        var subdomain = TenantIdentifier.Normalize(form.Subdomain);
        var password = form.Password ?? "";

        CheckText(problems, nameof(SignupForm.CompanyName), company, CompanyNameMaxLength);
        CheckText(problems, nameof(SignupForm.AdminName), adminName, AdminNameMaxLength);

        if (email.Length == 0) problems.Add(new(SignupProblem.Required, Field: nameof(SignupForm.AdminEmail)));
        else if (email.Length > EmailMaxLength) problems.Add(new(SignupProblem.TooLong, Field: nameof(SignupForm.AdminEmail)));
        else if (!IsEmail(email)) problems.Add(new(SignupProblem.EmailInvalid, Field: nameof(SignupForm.AdminEmail)));

        var subdomainProblem = TenantIdentifier.Validate(subdomain).Code;
        if (subdomainProblem == TenantIdentifierProblem.Empty) problems.Add(new(SignupProblem.Required, Field: nameof(SignupForm.Subdomain)));
        else if (subdomainProblem is not null)
            problems.Add(new(SignupProblem.SubdomainFormat, subdomainProblem.ToString(), Field: nameof(SignupForm.Subdomain)));

        var candidate = new AppUser { UserName = email, Email = email, DisplayName = adminName };
        if (password.Length == 0) problems.Add(new(SignupProblem.Required, Field: nameof(SignupForm.Password)));
        else if (password.Length > PasswordMaxLength) problems.Add(new(SignupProblem.TooLong, Field: nameof(SignupForm.Password)));
        else
        {
            // The same validators (and options) Identity applies everywhere else.
            foreach (var validator in users.PasswordValidators)
            {
                var result = await validator.ValidateAsync(users, candidate, password);
                // Identity's own sentence, worded by the host's describer (LocalizedIdentityErrorDescriber) in the
                // visitor's language, as on every account page: the rule's parameters (a length) are Identity's options.
                problems.AddRange(result.Errors.Select(e => new Problem<SignupProblem>(SignupProblem.PasswordRule, e.Description, Field: nameof(SignupForm.Password))));
            }
        }

        if (string.IsNullOrWhiteSpace(form.Plan)) problems.Add(new(SignupProblem.Required, Field: nameof(SignupForm.Plan)));
        else if (!PlanCatalog.TryFind(form.Plan, out var chosen) || chosen.SignupMode != SignupMode.SelfService)
            problems.Add(new(SignupProblem.PlanNotSelfService, Field: nameof(SignupForm.Plan)));

        if (!form.AcceptTerms) problems.Add(new(SignupProblem.TermsNotAccepted, Field: nameof(SignupForm.AcceptTerms)));

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (subdomainProblem is null && !await IsFreeAsync(db, subdomain, cancellationToken))
            problems.Add(new(SignupProblem.SubdomainTaken, Field: nameof(SignupForm.Subdomain)));
        if (problems.Count > 0) return Result<SignupAccepted, SignupProblem>.Refused(problems);

        PlanCatalog.TryFind(form.Plan, out var plan);
        var bindingToken = NewRequestId();
        var request = new ProvisioningRequest
        {
            Id = NewRequestId(),
            StatusId = NewRequestId(),
            BindingTokenHash = WorkspaceLoginLinks.Hash(bindingToken),
            BindingExpiresAt = _time.GetUtcNow() + SignupBinding.TokenLifetime,
            Identifier = subdomain,
            CompanyName = company,
            AdminName = adminName,
            AdminEmail = email,
            // Only Identity's hash is kept, and only until the admin account exists.
            AdminPasswordHash = users.PasswordHasher.HashPassword(candidate, password),
            Plan = plan.Code.ToString(),
            Culture = context.Culture,
            PlatformBaseUrl = context.PlatformBaseUrl,
            ClientAddress = context.ClientAddress,
        };
        foreach (var step in ProvisioningPipeline.Order) request.Steps.Add(new ProvisioningStepRecord { RequestId = request.Id, Step = step });
        db.ProvisioningRequests.Add(request);
        db.SubdomainReservations.Add(new SubdomainReservation { Identifier = subdomain, RequestId = request.Id });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Lost the race for the subdomain: the reservation's primary key let exactly one signup in.
            await using var fresh = await contexts.CreateDbContextAsync(cancellationToken);
            if (!await IsFreeAsync(fresh, subdomain, cancellationToken))
            {
                LogLostRace(logger, subdomain);
                return new Problem<SignupProblem>(SignupProblem.SubdomainTaken, Field: nameof(SignupForm.Subdomain));
            }
            throw;
        }

        var jobId = jobs.Enqueue<ProvisioningJob>(j => j.RunAsync(request.Id, CancellationToken.None));
        await db.ProvisioningRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.JobId, jobId), cancellationToken);
        LogAccepted(logger, subdomain, request.Id, jobId);
        // Logged and passed to the job: the internal id only. The status id and the binding token stay out of both.
        return new SignupAccepted(request.Id, request.StatusId, bindingToken);
    }

    /// <summary>A 128-bit random, URL-safe value (request ids, status ids and binding tokens).</summary>
    public static string NewRequestId() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));

    private static async Task<bool> IsFreeAsync(AppDbContext db, string identifier, CancellationToken cancellationToken) =>
        !await db.Tenants.AnyAsync(t => t.Identifier == identifier, cancellationToken)
        && !await db.SubdomainReservations.AnyAsync(r => r.Identifier == identifier, cancellationToken);

    private static async Task<IReadOnlyList<string>> SuggestAsync(AppDbContext db, string identifier, CancellationToken cancellationToken)
    {
        var candidates = TenantIdentifier.Suggest(identifier).ToList();
        var taken = await db.Tenants.Where(t => candidates.Contains(t.Identifier)).Select(t => t.Identifier)
            .Concat(db.SubdomainReservations.Where(r => candidates.Contains(r.Identifier)).Select(r => r.Identifier))
            .ToListAsync(cancellationToken);
        return candidates.Except(taken).Take(3).ToList();
    }

    private static void CheckText(List<Problem<SignupProblem>> problems, string field, string value, int maxLength)
    {
        if (value.Length == 0) problems.Add(new(SignupProblem.Required, Field: field));
        else if (value.Length > maxLength) problems.Add(new(SignupProblem.TooLong, Field: field));
    }

    /// <summary>Trims and refuses control characters (they have no place in a name and break emails).</summary>
    private static string Clean(string? value) => new((value ?? "").Trim().Where(c => !char.IsControl(c)).ToArray());

    /// <summary>One address, local@domain with a dotted domain, as MimeKit parses it.</summary>
    public static bool IsEmail(string value) =>
        MailboxAddress.TryParse(value, out var mailbox)
        && mailbox.Address == value
        && value.IndexOf('@', StringComparison.Ordinal) is > 0 and var at
        && value.IndexOf('.', at) > at + 1
        && !value.EndsWith('.')
        && !value.Any(char.IsWhiteSpace);

    [LoggerMessage(LogLevel.Information, "Signup accepted for {Identifier}: request {RequestId}, job {JobId}")]
    private static partial void LogAccepted(ILogger logger, string identifier, string requestId, string jobId);

    [LoggerMessage(LogLevel.Information, "Signup for {Identifier} lost the race for the subdomain")]
    private static partial void LogLostRace(ILogger logger, string identifier);

    [LoggerMessage(LogLevel.Warning, "Signup honeypot filled from {ClientAddress}")]
    private static partial void LogHoneypot(ILogger logger, string clientAddress);

    [LoggerMessage(LogLevel.Warning, "Signup rate limit reached for {ClientAddress}")]
    private static partial void LogRateLimited(ILogger logger, string clientAddress);
}
