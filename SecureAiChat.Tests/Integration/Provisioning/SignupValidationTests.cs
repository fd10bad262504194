using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>Every rule is enforced by the server: each invalid field gets its own problem and nothing is stored.</summary>
public sealed class SignupValidationTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    public static TheoryData<string, SignupField, SignupErrorCode> InvalidForms() => new()
    {
        { "company-empty", SignupField.CompanyName, SignupErrorCode.Required },
        { "company-too-long", SignupField.CompanyName, SignupErrorCode.TooLong },
        { "subdomain-empty", SignupField.Subdomain, SignupErrorCode.Required },
        { "subdomain-short", SignupField.Subdomain, SignupErrorCode.SubdomainFormat },
        { "subdomain-reserved", SignupField.Subdomain, SignupErrorCode.SubdomainFormat },
        { "subdomain-chars", SignupField.Subdomain, SignupErrorCode.SubdomainFormat },
        { "subdomain-hyphen", SignupField.Subdomain, SignupErrorCode.SubdomainFormat },
        { "name-empty", SignupField.AdminName, SignupErrorCode.Required },
        { "email-empty", SignupField.AdminEmail, SignupErrorCode.Required },
        { "email-invalid", SignupField.AdminEmail, SignupErrorCode.EmailInvalid },
        { "email-no-domain-dot", SignupField.AdminEmail, SignupErrorCode.EmailInvalid },
        { "password-empty", SignupField.Password, SignupErrorCode.Required },
        { "password-short", SignupField.Password, SignupErrorCode.PasswordRule },
        { "password-no-digit", SignupField.Password, SignupErrorCode.PasswordRule },
        { "plan-empty", SignupField.Plan, SignupErrorCode.Required },
        { "plan-sales-led", SignupField.Plan, SignupErrorCode.PlanNotSelfService },
        { "plan-unknown", SignupField.Plan, SignupErrorCode.PlanNotSelfService },
        { "terms", SignupField.AcceptTerms, SignupErrorCode.TermsNotAccepted },
        { "honeypot", SignupField.Form, SignupErrorCode.Rejected },
    };

    private static SignupForm Invalid(string variant)
    {
        var form = ProvisioningHost.ValidForm("valid-" + variant.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "x");
        switch (variant)
        {
            case "company-empty": form.CompanyName = "   "; break;
            case "company-too-long": form.CompanyName = new string('社', SignupService.CompanyNameMaxLength + 1); break;
            case "subdomain-empty": form.Subdomain = ""; break;
            case "subdomain-short": form.Subdomain = "ab"; break;
            case "subdomain-reserved": form.Subdomain = "admin"; break;
            case "subdomain-chars": form.Subdomain = "acme_corp"; break;
            case "subdomain-hyphen": form.Subdomain = "-acme"; break;
            case "name-empty": form.AdminName = ""; break;
            case "email-empty": form.AdminEmail = ""; break;
            case "email-invalid": form.AdminEmail = "not-an-email"; break;
            case "email-no-domain-dot": form.AdminEmail = "someone@localhost"; break;
            case "password-empty": form.Password = ""; break;
            case "password-short": form.Password = "abc12"; break;
            case "password-no-digit": form.Password = "onlyletters-here"; break;
            case "plan-empty": form.Plan = ""; break;
            case "plan-sales-led": form.Plan = "Enterprise"; break;
            case "plan-unknown": form.Plan = "Platinum"; break;
            case "terms": form.AcceptTerms = false; break;
            case "honeypot": form.Website = "http://spam.example"; break;
        }
        return form;
    }

    [Theory]
    [MemberData(nameof(InvalidForms))]
    public async Task Signup_rejects_an_invalid_field_with_its_own_problem_and_stores_nothing(string variant, SignupField field, SignupErrorCode code)
    {
        var before = await CountAsync();
        var result = await app.SignUpAsync(Invalid(variant));

        Assert.False(result.Succeeded);
        Assert.Contains(result.Problems, p => p.Field == field && p.Code == code);
        // One broken field, one problem field: the others were valid.
        Assert.All(result.Problems, p => Assert.Equal(field, p.Field));
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Password_rules_come_from_Identity_and_are_localized()
    {
        var form = ProvisioningHost.ValidForm("password-rules");
        form.Password = "short";
        var result = await app.SignUpAsync(form);
        var problems = result.For(SignupField.Password).ToList();
        Assert.NotEmpty(problems);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Detail)));
    }

    [Fact]
    public async Task Signup_rejects_a_subdomain_that_is_taken_and_suggests_free_ones()
    {
        await app.EnsureTenantAsync("taken-co");
        var before = await CountAsync();
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("TAKEN-co"));
        Assert.Contains(result.Problems, p => p.Field == SignupField.Subdomain && p.Code == SignupErrorCode.SubdomainTaken);
        Assert.NotEmpty(result.Suggestions);
        Assert.DoesNotContain("taken-co", result.Suggestions);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task Availability_check_reports_format_taken_and_free()
    {
        await app.EnsureTenantAsync("check-taken");
        await using var scope = app.Services.GetRequiredService<SecureAiChat.Core.Tenancy.TenantScopeFactory>().CreatePlatformScope();
        var service = scope.ServiceProvider.GetRequiredService<SignupService>();
        Assert.Equal(SecureAiChat.Core.Tenancy.TenantIdentifierProblem.Reserved, (await service.CheckSubdomainAsync("www")).Problem);
        var taken = await service.CheckSubdomainAsync("Check-Taken");
        Assert.False(taken.Available);
        Assert.NotEmpty(taken.Suggestions);
        Assert.True((await service.CheckSubdomainAsync("check-free")).Available);
    }

    [Fact]
    public async Task Concurrent_signups_for_one_subdomain_create_exactly_one_workspace()
    {
        var attempts = Enumerable.Range(0, 6)
            .Select(i => Task.Run(() => app.SignUpAsync(ProvisioningHost.ValidForm("race-co", $"owner{i}@race.example.jp"))))
            .ToList();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r =>
            Assert.Contains(r.Problems, p => p.Field == SignupField.Subdomain && p.Code == SignupErrorCode.SubdomainTaken));
        var request = await app.WaitForCompletionAsync(winner.RequestId!);
        Assert.Equal(ProvisioningStatus.Succeeded, request.Status);
        Assert.Equal(1, await app.PlatformDbAsync(db => db.Tenants.CountAsync(t => t.Identifier == "race-co")));
        Assert.Equal(1, await app.PlatformDbAsync(db => db.ProvisioningRequests.CountAsync(r => r.Identifier == "race-co")));
    }

    private Task<(int, int, int, int)> CountAsync() => app.PlatformDbAsync(async db => (
        await db.ProvisioningRequests.CountAsync(),
        await db.SubdomainReservations.CountAsync(),
        await db.Tenants.CountAsync(),
        await db.ProvisioningSteps.CountAsync()));
}
