using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Results;
using SecureAiChat.Core.Sales;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Tests.Integration.Provisioning;

namespace SecureAiChat.Tests.Integration.Sales;

/// <summary>The contact-sales form's service: a lead is stored, the requester and sales are mailed; bad input stores nothing.</summary>
public sealed class SalesInquiryTests(ProvisioningHost app) : IClassFixture<ProvisioningHost>
{
    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja-JP");

    private async Task<Result<Guid, SignupProblem>> SubmitAsync(SalesInquiryForm form)
    {
        await using var scope = app.Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        return await scope.ServiceProvider.GetRequiredService<SalesInquiryService>().SubmitAsync(form, "10.0.0.9", Ja);
    }

    private Task<List<SalesLead>> LeadsFromAsync(string email) =>
        app.PlatformDbAsync(db => db.SalesLeads.AsNoTracking().Where(l => l.Email == email).ToListAsync());

    [Fact]
    public async Task A_valid_inquiry_is_stored_and_mailed_to_the_requester_and_to_sales()
    {
        var email = $"{Guid.NewGuid():N}@acme.example.jp";
        var result = await SubmitAsync(new SalesInquiryForm
        {
            CompanyName = " 株式会社アクメ ", ContactName = "佐藤 花子", Email = email, Phone = "03-1234-5678",
            ExpectedSeats = 150, PreferredPlan = "Enterprise", Message = "PoC を希望します。",
        });

        Assert.True(result.Succeeded, result.ToString());
        var lead = Assert.Single(await LeadsFromAsync(email));
        Assert.Equal(result.Value, lead.Id);
        Assert.Equal("株式会社アクメ", lead.CompanyName);
        Assert.Equal("Enterprise", lead.PreferredPlan);
        Assert.Equal(150, lead.ExpectedSeats);
        Assert.Equal("10.0.0.9", lead.ClientAddress);
        Assert.Single(app.PickedUpMailTo(email));
        Assert.Contains(app.PickedUpMailTo("sales@example.jp"), m => m.TextBody?.Contains(email, StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Invalid_fields_are_named_and_nothing_is_stored_or_sent()
    {
        var email = $"{Guid.NewGuid():N}@acme.example.jp";
        var refused = await SubmitAsync(new SalesInquiryForm { CompanyName = "", ContactName = "x", Email = "not-an-email", ExpectedSeats = 0, PreferredPlan = "Gold" });

        Assert.Equal(
            [
                (nameof(SalesInquiryForm.CompanyName), SignupProblem.Required), (nameof(SalesInquiryForm.Email), SignupProblem.EmailInvalid),
                (nameof(SalesInquiryForm.ExpectedSeats), SignupProblem.TooLong), (nameof(SalesInquiryForm.PreferredPlan), SignupProblem.Required),
            ],
            refused.Problems.Select(p => (p.Field, p.Code)).OrderBy(p => p.Field, StringComparer.Ordinal));
        var overlong = await SubmitAsync(new SalesInquiryForm { CompanyName = "A", ContactName = "B", Email = email, Message = new string('あ', 4001) });
        var tooLong = Assert.Single(overlong.Problems);
        Assert.Equal((nameof(SalesInquiryForm.Message), SignupProblem.TooLong), (tooLong.Field, tooLong.Code));
        Assert.Empty(await LeadsFromAsync(email));
        Assert.Empty(app.PickedUpMailTo(email));
    }

    [Fact]
    public async Task The_honeypot_rejects_the_form_silently()
    {
        var email = $"{Guid.NewGuid():N}@bot.example.jp";
        var refused = await SubmitAsync(new SalesInquiryForm { CompanyName = "Bot", ContactName = "Bot", Email = email, Website = "http://spam.example" });

        var problem = Assert.Single(refused.Problems);
        Assert.Equal(SignupProblem.Rejected, problem.Code);
        Assert.Null(problem.Field); // the whole form, not a field
        Assert.Empty(await LeadsFromAsync(email));
    }
}
