using System.Globalization;
using MimeKit;
using SecureAiChat.Core.Email;
using SecureAiChat.Core.Plans;

namespace SecureAiChat.Tests.Unit.Email;

public sealed class EmailTemplatesTests
{
    private const string Hostile = "<script>alert('x')</script> & \"Co\"";
    private static readonly CultureInfo Ja = CultureInfo.GetCultureInfo("ja-JP");
    private static readonly CultureInfo En = CultureInfo.GetCultureInfo("en-US");

    private static readonly Uri Workspace = new("https://acme.localhost:5000/");
    private static readonly Uri SignIn = new("https://acme.localhost:5000/Account/Login");
    private static readonly Uri Confirm = new("https://acme.localhost:5000/Account/ConfirmEmail?userId=42&code=abc%2Bdef");

    private static WelcomeEmail Welcome(string company = "株式会社アクメ", string admin = "山田 太郎") =>
        new("taro@acme.example", company, admin, Workspace, SignIn, Confirm);

    private static void AssertHasLink(EmailMessage message, Uri link)
    {
        // In HTML the ampersand of a query string is encoded inside href; in text it is verbatim.
        Assert.Contains("href=\"" + System.Net.WebUtility.HtmlEncode(link.AbsoluteUri) + "\"", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(link.AbsoluteUri, message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Welcome_in_japanese_has_workspace_sign_in_confirmation_and_first_steps()
    {
        var mail = EmailTemplates.Welcome(Welcome(), Ja);

        Assert.Equal("taro@acme.example", mail.To);
        Assert.Contains("株式会社アクメ", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("ワークスペース", mail.Subject, StringComparison.Ordinal);
        Assert.Contains("山田 太郎 様", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(Workspace.AbsoluteUri, mail.TextBody, StringComparison.Ordinal);
        AssertHasLink(mail, SignIn);
        AssertHasLink(mail, Confirm);
        Assert.Contains("1. ログインしてプロフィールを設定する", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("3. AI の接続方法", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"ja\">", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Welcome_in_english_is_english()
    {
        var mail = EmailTemplates.Welcome(Welcome("Acme Inc.", "Taro"), En);

        Assert.Equal("Your Acme Inc. workspace on Secure AI Chat is ready", mail.Subject);
        Assert.Contains("Hello Taro,", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("1. Sign in and set up your profile", mail.TextBody, StringComparison.Ordinal);
        AssertHasLink(mail, Confirm);
        Assert.DoesNotContain("様", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Welcome_uses_given_checklist_steps_first_three_only()
    {
        var mail = EmailTemplates.Welcome(Welcome() with { FirstSteps = ["A", "B", "C", "D"] }, Ja);

        Assert.Contains("3. C", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("4. D", mail.TextBody, StringComparison.Ordinal);
    }

    public static TheoryData<string, Func<string, EmailMessage>> EveryTemplateWithHostileValue => new()
    {
        { "welcome", v => EmailTemplates.Welcome(Welcome(v, v), Ja) },
        { "sales-confirmation", v => EmailTemplates.SalesInquiryConfirmation(new(v, v, "a@b.example", v, 10, nameof(PlanCode.Professional), v), Ja) },
        { "sales-notification", v => EmailTemplates.SalesInquiryNotification(new(v, v, "a@b.example", v, 10, null, v), "sales@localhost", Ja) },
        { "invitation", v => EmailTemplates.Invitation(new("a@b.example", v, v, SignIn, DateTimeOffset.UnixEpoch), En) },
        { "password-reset", v => EmailTemplates.PasswordReset(new("a@b.example", v, SignIn, TimeSpan.FromHours(1)), En) },
        { "confirmation", v => EmailTemplates.EmailConfirmation(new("a@b.example", v, Confirm), Ja) },
        { "usage", v => EmailTemplates.UsageAlert(new("a@b.example", v, 8, 10, SignIn), Ja) },
        { "budget-alert", v => EmailTemplates.BudgetAlert(new("a@b.example", v, new(BudgetMailScope.Department, v, InYen: true), 80, 800, 1_000, "2026-12", true, SignIn), Ja) },
        { "budget-request", v => EmailTemplates.BudgetRequest(new("a@b.example", v, v, new(BudgetMailScope.Member, v, InYen: false), 5_000, v, "2026-12", SignIn), En) },
        { "budget-decision", v => EmailTemplates.BudgetDecision(new("a@b.example", v, new(BudgetMailScope.Workspace, null, InYen: true), 5_000, 3_000, v, DateTimeOffset.UnixEpoch, SignIn), Ja) },
    };

    [Theory]
    [MemberData(nameof(EveryTemplateWithHostileValue))]
    public void Every_template_html_encodes_interpolated_values(string name, Func<string, EmailMessage> render)
    {
        var mail = render(Hostile);

        Assert.DoesNotContain("<script>", mail.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&amp; &quot;Co&quot;", mail.HtmlBody, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(mail.TextBody), name);
        Assert.Contains("Secure AI Chat", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Sales_notification_goes_to_sales_with_reply_to_the_requester()
    {
        var inquiry = new SalesInquiryEmail("株式会社アクメ", "佐藤 花子", "hanako@acme.example", "03-1234-5678", 150, nameof(PlanCode.Professional), "PoC を希望します。\n2 週間で。");

        var mail = EmailTemplates.SalesInquiryNotification(inquiry, "sales@secure-ai-chat.test", Ja);

        Assert.Equal("sales@secure-ai-chat.test", mail.To);
        Assert.Equal("hanako@acme.example", mail.ReplyTo);
        Assert.Equal("新しいお問い合わせ: 株式会社アクメ（Professional）", mail.Subject);
        Assert.Contains("電話番号: 03-1234-5678", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("想定利用人数: 150", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("PoC を希望します。<br>2 週間で。", mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Sales_confirmation_goes_to_the_requester_and_marks_missing_fields()
    {
        var mail = EmailTemplates.SalesInquiryConfirmation(new("Acme", "Hanako", "hanako@acme.example", null, null, null, null), En);

        Assert.Equal("hanako@acme.example", mail.To);
        Assert.Contains("Phone: (not specified)", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void Invitation_shows_expiry_in_japan_time()
    {
        var expires = new DateTimeOffset(2026, 4, 1, 3, 0, 0, TimeSpan.Zero); // 12:00 in Tokyo
        var mail = EmailTemplates.Invitation(new("new@acme.example", "山田 太郎", "アクメ", SignIn, expires), Ja);

        Assert.Contains("2026年4月1日 12:00 (UTC+09:00)", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("山田 太郎 さん", mail.Subject, StringComparison.Ordinal);
        AssertHasLink(mail, SignIn);
    }

    [Fact]
    public void Password_reset_and_confirmation_carry_their_links()
    {
        var reset = EmailTemplates.PasswordReset(new("a@b.example", "Taro", Confirm, TimeSpan.FromMinutes(90)), En);
        var confirm = EmailTemplates.EmailConfirmation(new("a@b.example", "Taro", Confirm), En);

        AssertHasLink(reset, Confirm);
        Assert.Contains("valid for 90 minutes", reset.TextBody, StringComparison.Ordinal);
        AssertHasLink(confirm, Confirm);
        Assert.Equal("Confirm your email address", confirm.Subject);
    }

    [Theory]
    [InlineData(8_000_000, 10_000_000, "80%", false)]
    [InlineData(9_999_999, 10_000_000, "99%", false)]
    [InlineData(10_000_000, 10_000_000, "100%", true)]
    public void Usage_alert_distinguishes_warning_from_limit(long used, long allowance, string percent, bool limit)
    {
        var mail = EmailTemplates.UsageAlert(new("admin@acme.example", "アクメ", used, allowance, SignIn), Ja);

        Assert.Contains(percent, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(used.ToString("N0", Ja), mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(limit, mail.Subject.Contains("上限に達しました", StringComparison.Ordinal));
        AssertHasLink(mail, SignIn);
    }

    [Fact]
    public void Links_other_than_http_are_refused()
    {
        Assert.Throws<ArgumentException>(() =>
            EmailTemplates.EmailConfirmation(new("a@b.example", "x", new Uri("javascript:alert(1)")), Ja));
    }

    [Fact]
    public void Every_string_exists_in_japanese_and_english()
    {
        var properties = typeof(EmailStrings).GetProperties().Where(p => p.PropertyType == typeof(string)).ToArray();
        Assert.NotEmpty(properties);
        var ja = new EmailStrings(Ja);
        var en = new EmailStrings(En);
        foreach (var property in properties)
        {
            Assert.False(string.IsNullOrWhiteSpace((string?)property.GetValue(ja)), property.Name);
            Assert.False(string.IsNullOrWhiteSpace((string?)property.GetValue(en)), property.Name);
        }

        Assert.Equal("メールアドレスを確認する", ja.Confirm_Button);
        Assert.Equal("Confirm email address", en.Confirm_Button);
    }

    [Fact]
    public async Task Rendered_mail_survives_mime_round_trip_as_multipart_alternative()
    {
        var mail = EmailTemplates.Welcome(Welcome(), Ja);
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse("a@b.example"));
        mime.To.Add(MailboxAddress.Parse(mail.To));
        mime.Subject = mail.Subject;
        mime.Body = new BodyBuilder { TextBody = mail.TextBody, HtmlBody = mail.HtmlBody }.ToMessageBody();
        using var stream = new MemoryStream();
        await mime.WriteToAsync(stream);
        stream.Position = 0;

        var parsed = await MimeMessage.LoadAsync(stream);

        Assert.Equal(mail.Subject, parsed.Subject);
        Assert.Contains(Confirm.AbsoluteUri, parsed.TextBody, StringComparison.Ordinal);
    }
}
