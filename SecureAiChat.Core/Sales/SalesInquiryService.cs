using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Plans;
using SecureAiChat.Core.Security;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;

namespace SecureAiChat.Core.Sales;

/// <summary>What a visitor sends on the contact-sales form. <see cref="Website"/> is the honeypot.</summary>
public sealed class SalesInquiryForm
{
    public string? CompanyName { get; set; }

    public string? ContactName { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public int? ExpectedSeats { get; set; }

    public string? PreferredPlan { get; set; }

    public bool DemoRequested { get; set; }

    public string? Message { get; set; }

    public string? Website { get; set; }
}

/// <summary>Stores a sales lead, confirms to the requester and notifies sales (Email:SalesAddress).</summary>
public sealed partial class SalesInquiryService(
    IDbContextFactory<AppDbContext> contexts,
    IEmailSender email,
    IOptions<EmailOptions> emailOptions,
    AttemptThrottle throttle,
    IOptions<SignupOptions> signupOptions,
    ILogger<SalesInquiryService> logger)
{
    public const string RateLimitAction = "sales";

    /// <summary>
    /// Stores the lead and mails the requester and sales; the lead's id when done. Refused with the signup's codes (the
    /// form shares its sentences): each field's problem names the form's property in <see cref="Problem{TCode}.Field"/>;
    /// the honeypot (<see cref="SignupProblem.Rejected"/>) and the throttle (<see cref="SignupProblem.RateLimited"/>)
    /// refuse the whole form (no field). Nothing is stored or sent when refused.
    /// </summary>
    public async Task<Result<Guid, SignupProblem>> SubmitAsync(SalesInquiryForm form, string clientAddress, CultureInfo culture, CancellationToken cancellationToken = default)
    {
        if (!string.IsNullOrEmpty(form.Website)) return SignupProblem.Rejected;
        if (!(await throttle.TakeAsync(signupOptions.Value.Throttle(RateLimitAction), clientAddress, cancellationToken)).Allowed) return SignupProblem.RateLimited;

        var problems = new List<Problem<SignupProblem>>();
        var company = (form.CompanyName ?? "").Trim();
        var name = (form.ContactName ?? "").Trim();
        var address = (form.Email ?? "").Trim();
        var phone = (form.Phone ?? "").Trim();
        var message = (form.Message ?? "").Trim();
        Required(problems, nameof(SalesInquiryForm.CompanyName), company, 200);
        Required(problems, nameof(SalesInquiryForm.ContactName), name, 100);
        if (address.Length == 0) problems.Add(new(SignupProblem.Required, Field: nameof(SalesInquiryForm.Email)));
        else if (address.Length > 256) problems.Add(new(SignupProblem.TooLong, Field: nameof(SalesInquiryForm.Email)));
        else if (!SignupService.IsEmail(address)) problems.Add(new(SignupProblem.EmailInvalid, Field: nameof(SalesInquiryForm.Email)));
        if (phone.Length > 32) problems.Add(new(SignupProblem.TooLong, Field: nameof(SalesInquiryForm.Phone)));
        if (form.ExpectedSeats is < 1 or > 1_000_000) problems.Add(new(SignupProblem.TooLong, Field: nameof(SalesInquiryForm.ExpectedSeats)));
        if (message.Length > 4000) problems.Add(new(SignupProblem.TooLong, Field: nameof(SalesInquiryForm.Message)));
        PlanCode? plan = null;
        if (!string.IsNullOrEmpty(form.PreferredPlan))
        {
            if (PlanCatalog.TryFind(form.PreferredPlan, out var p)) plan = p.Code;
            else problems.Add(new(SignupProblem.Required, Field: nameof(SalesInquiryForm.PreferredPlan)));
        }
        if (problems.Count > 0) return Result<Guid, SignupProblem>.Refused(problems);

        var lead = new SalesLead
        {
            CompanyName = company,
            ContactName = name,
            Email = address,
            Phone = phone.Length == 0 ? null : phone,
            ExpectedSeats = form.ExpectedSeats,
            PreferredPlan = plan?.ToString(),
            DemoRequested = form.DemoRequested,
            Message = message.Length == 0 ? null : message,
            Culture = culture.Name,
            ClientAddress = clientAddress,
        };
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            db.SalesLeads.Add(lead);
            await db.SaveChangesAsync(cancellationToken);
        }
        LogLead(logger, lead.Id, plan?.ToString() ?? "-");

        var model = new SalesInquiryEmail(company, name, address, lead.Phone, lead.ExpectedSeats, plan?.ToString(), lead.Message);
        try
        {
            await email.SendAsync(EmailTemplates.SalesInquiryConfirmation(model, culture), cancellationToken);
            await email.SendAsync(EmailTemplates.SalesInquiryNotification(model, emailOptions.Value.SalesAddress, CultureInfo.GetCultureInfo("ja-JP")), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lead is stored (the operator console lists it); a mail outage must not lose it or fail the visitor.
            LogMailFailed(logger, ex, lead.Id);
        }
        return lead.Id;
    }

    private static void Required(List<Problem<SignupProblem>> problems, string field, string value, int max)
    {
        if (value.Length == 0) problems.Add(new(SignupProblem.Required, Field: field));
        else if (value.Length > max) problems.Add(new(SignupProblem.TooLong, Field: field));
    }

    [LoggerMessage(LogLevel.Information, "Sales lead {LeadId} stored (plan {Plan})")]
    private static partial void LogLead(ILogger logger, Guid leadId, string plan);

    [LoggerMessage(LogLevel.Error, "Sales lead {LeadId}: confirmation or notification mail failed")]
    private static partial void LogMailFailed(ILogger logger, Exception ex, Guid leadId);
}
