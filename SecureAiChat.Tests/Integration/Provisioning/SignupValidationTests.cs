using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Provisioning;

/// <summary>Every rule is enforced by the server: each invalid field gets its own problem and nothing is stored.</summary>
public sealed class SignupValidationTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    public static TheoryData<string, string?, SignupProblem> InvalidForms() => new()
    {
        { "company-empty", nameof(SignupForm.CompanyName), SignupProblem.Required },
        { "company-too-long", nameof(SignupForm.CompanyName), SignupProblem.TooLong },
        { "subdomain-empty", nameof(SignupForm.Subdomain), SignupProblem.Required },
        { "subdomain-short", nameof(SignupForm.Subdomain), SignupProblem.SubdomainFormat },
        { "subdomain-reserved", nameof(SignupForm.Subdomain), SignupProblem.SubdomainFormat },
        { "subdomain-chars", nameof(SignupForm.Subdomain), SignupProblem.SubdomainFormat },
        { "subdomain-hyphen", nameof(SignupForm.Subdomain), SignupProblem.SubdomainFormat },
        { "name-empty", nameof(SignupForm.AdminName), SignupProblem.Required },
        { "email-empty", nameof(SignupForm.AdminEmail), SignupProblem.Required },
        { "email-invalid", nameof(SignupForm.AdminEmail), SignupProblem.EmailInvalid },
        { "email-no-domain-dot", nameof(SignupForm.AdminEmail), SignupProblem.EmailInvalid },
        { "password-empty", nameof(SignupForm.Password), SignupProblem.Required },
        { "password-short", nameof(SignupForm.Password), SignupProblem.PasswordRule },
        { "password-no-digit", nameof(SignupForm.Password), SignupProblem.PasswordRule },
        { "plan-empty", nameof(SignupForm.Plan), SignupProblem.Required },
        { "plan-sales-led", nameof(SignupForm.Plan), SignupProblem.PlanNotSelfService },
        { "plan-unknown", nameof(SignupForm.Plan), SignupProblem.PlanNotSelfService },
        { "terms", nameof(SignupForm.AcceptTerms), SignupProblem.TermsNotAccepted },
        { "honeypot", null, SignupProblem.Rejected },
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
    public async Task Signup_rejects_an_invalid_field_with_its_own_problem_and_stores_nothing(string variant, string? field, SignupProblem code)
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
        var problems = result.Problems.Where(p => p.Field == nameof(SignupForm.Password)).ToList();
        Assert.NotEmpty(problems);
        // Identity's own sentence (worded by the host's describer) is the problem's value.
        Assert.All(problems, p => Assert.Equal(SignupProblem.PasswordRule, p.Code));
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Value)));
    }

    [Fact]
    public async Task Signup_rejects_a_subdomain_that_is_taken_and_suggests_free_ones()
    {
        await app.EnsureTenantAsync("taken-co");
        var before = await CountAsync();
        var result = await app.SignUpAsync(ProvisioningHost.ValidForm("TAKEN-co"));
        Assert.Contains(result.Problems, p => p.Field == nameof(SignupForm.Subdomain) && p.Code == SignupProblem.SubdomainTaken);
        Assert.Equal(before, await CountAsync());

        // The page then asks the availability check for free alternatives, as it does while typing.
        await using var scope = app.Services.GetRequiredService<SecureAiChat.Core.Tenancy.TenantScopeFactory>().CreatePlatformScope();
        var check = await scope.ServiceProvider.GetRequiredService<SignupService>().CheckSubdomainAsync("TAKEN-co");
        Assert.False(check.Available);
        Assert.NotEmpty(check.Suggestions);
        Assert.DoesNotContain("taken-co", check.Suggestions);
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
            Assert.Contains(r.Problems, p => p.Field == nameof(SignupForm.Subdomain) && p.Code == SignupProblem.SubdomainTaken));
        var request = await app.WaitForCompletionAsync(winner.Value!.RequestId!);
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
