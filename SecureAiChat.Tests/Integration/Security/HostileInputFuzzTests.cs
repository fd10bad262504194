using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecureAiChat.Core.Chat;
using SecureAiChat.Core.Chat.Rendering;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Provisioning;
using SecureAiChat.Core.Sales;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Security;

/// <summary>
/// 2,000 hostile inputs (control characters, bidi overrides, lone surrogates, NULs, huge lines, invalid UTF-8 bytes
/// in the form body, very long fields) against every form: the static account forms over real HTTP (login, forgot
/// and reset password, resend confirmation, the 2FA code), the public forms through the services their interactive
/// pages call (signup, sales contact), and the chat through <see cref="ChatTurns"/> and the Markdown renderer.
/// Nothing may answer 500 and nothing may log an error. Inputs come from a seeded Random, so a failure repeats.
/// </summary>
public sealed class HostileInputFuzzTests(HostileInputFuzzTests.FuzzHost app) : IClassFixture<HostileInputFuzzTests.FuzzHost>
{
    private const int Inputs = 2_000;
    private const string Tenant = "fuzz";

    /// <summary>The chat host (fake model upstream) with every log entry of Error or worse captured.</summary>
    public sealed class FuzzHost : ChatAppHost
    {
        public ConcurrentQueue<string> Errors { get; } = new();

        protected override void ConfigureTestServices(IServiceCollection services) =>
            services.AddSingleton<ILoggerProvider>(new ErrorCapture(Errors));
    }

    private sealed class ErrorCapture(ConcurrentQueue<string> errors) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, errors);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> errors) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (logLevel >= LogLevel.Error) errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            }
        }
    }

    /// <summary>One hostile value: the bytes that go into the form body, and the text a service receives.</summary>
    private sealed record Hostile(string Kind, byte[] FormBytes, bool PercentEncode, string Text);

    private static readonly string[] Kinds = ["control", "bidi", "surrogate", "nul", "huge-line", "invalid-utf8", "raw-bytes", "long-field", "mixed"];

    [Fact]
    public async Task Two_thousand_hostile_inputs_to_every_form_cause_no_500_and_no_logged_error()
    {
        var tenant = await app.EnsureTenantAsync(Tenant);
        var member = await app.CreateUserAsync(tenant.Id, $"{Guid.NewGuid():N}@example.jp");
        var twoFactor = await app.CreateUserAsync(tenant.Id, $"2fa-{Guid.NewGuid():N}@example.jp");
        await using (var scope = await app.TenantScopeAsync(tenant.Id))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(twoFactor.Id) ?? throw new InvalidOperationException("no 2FA user");
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        var random = new Random(20261204);
        var inputs = Enumerable.Range(0, Inputs).Select(i => Generate(random, Kinds[i % Kinds.Length], i)).ToList();
        var forms = await AccountFormTargetsAsync(twoFactor.Email!);
        var failures = new ConcurrentQueue<string>();
        var handled = new ConcurrentDictionary<string, int>();

        // 9 kinds and 8 targets are coprime: every kind of input reaches every form.
        var targets = forms.Count + 3;
        await Parallel.ForEachAsync(Enumerable.Range(0, Inputs), new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (i, ct) =>
        {
            var input = inputs[i];
            var target = i % targets;
            try
            {
                if (target < forms.Count) await PostAsync(forms[target], input, failures, handled, ct);
                else if (target == forms.Count) await SignupAsync(input, i);
                else if (target == forms.Count + 1) await ContactAsync(input, i);
                else await ChatAsync(tenant.Id, member.Id, input, answer: i / targets % 10 == 0, ct); // every tenth chat input is answered
            }
            catch (Exception e)
            {
                failures.Enqueue($"#{i} {input.Kind} → target {target}: {e.GetType().Name}: {e.Message}");
            }
        });

        Assert.Empty(failures);
        Assert.Empty(app.Errors);
        // The posts reached the pages (antiforgery accepted, form bound): each form answered some of them itself.
        Assert.All(forms, f => Assert.True(handled.GetValueOrDefault(f.Name) > 0, $"{f.Name}: no post reached the page"));
    }

    private sealed record FormTarget(string Name, HttpClient Client, Uri Page, string Handler, string Token, string[] Fields, Dictionary<string, string> Fixed);

    private async Task<List<FormTarget>> AccountFormTargetsAsync(string twoFactorEmail)
    {
        async Task<FormTarget> Target(string name, string path, string handler, string[] fields, HttpClient? client = null, Dictionary<string, string>? fixedFields = null)
        {
            client ??= app.CreateLoopbackClient(new CookieContainer());
            var page = app.TenantUri(Tenant, path);
            return new FormTarget(name, client, page, handler, await AccountForms.AntiforgeryTokenAsync(client, page), fields, fixedFields ?? []);
        }

        // The 2FA form is only there between the password and the code: sign in with a password first.
        var twoFactorClient = app.CreateLoopbackClient(new CookieContainer());
        var login = await AccountForms.PostLoginAsync(twoFactorClient, app.TenantUri(Tenant, "/Account/Login"), twoFactorEmail, TestPasswords.Default);
        Assert.Contains("/Account/LoginWith2fa", login.Headers.Location?.OriginalString ?? "", StringComparison.OrdinalIgnoreCase);

        return
        [
            await Target("login", "/Account/Login", "login", ["Input.Email", "Input.Password", "ReturnUrl"]),
            await Target("forgot-password", "/Account/ForgotPassword", "forgot-password", ["Input.Email"]),
            await Target("reset-password", "/Account/ResetPassword?code=Q2ZESjhB", "reset-password", ["Input.Email", "Input.Password", "Input.ConfirmPassword", "Input.Code"]),
            await Target("resend-confirmation", "/Account/ResendEmailConfirmation", "resend-email-confirmation", ["Input.Email"]),
            await Target("2fa", "/Account/LoginWith2fa", "login-with-2fa", ["Input.TwoFactorCode", "ReturnUrl"], twoFactorClient,
                new Dictionary<string, string> { ["RememberMe"] = "False" }),
        ];
    }

    private static async Task PostAsync(FormTarget form, Hostile input, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> handled, CancellationToken ct)
    {
        var body = new MemoryStream();
        void Field(string name, byte[] value, bool encode)
        {
            if (body.Length > 0) body.WriteByte((byte)'&');
            var key = Encoding.ASCII.GetBytes(Uri.EscapeDataString(name) + "=");
            body.Write(key);
            body.Write(encode ? PercentEncode(value) : value);
        }

        Field("__RequestVerificationToken", Encoding.ASCII.GetBytes(form.Token), encode: true);
        Field("_handler", Encoding.ASCII.GetBytes(form.Handler), encode: true);
        foreach (var (name, value) in form.Fixed) Field(name, Encoding.UTF8.GetBytes(value), encode: true);
        foreach (var name in form.Fields) Field(name, input.FormBytes, input.PercentEncode);

        using var content = new ByteArrayContent(body.ToArray());
        content.Headers.ContentType = new("application/x-www-form-urlencoded");
        using var response = await form.Client.PostAsync(form.Page, content, ct);
        if ((int)response.StatusCode >= 500) failures.Enqueue($"{form.Name} ← {input.Kind}: {(int)response.StatusCode}");
        if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found) handled.AddOrUpdate(form.Name, 1, (_, n) => n + 1);
    }

    private async Task SignupAsync(Hostile input, int i)
    {
        var form = new SignupForm
        {
            CompanyName = input.Text, Subdomain = input.Text, AdminName = input.Text, AdminEmail = input.Text + "@example.jp",
            Password = input.Text, Plan = i % 2 == 0 ? "Starter" : input.Text, AcceptTerms = true,
        };
        await using var scope = app.Services.CreateAsyncScope();
        // Each input from its own address, so the signup throttle does not stop the rest at the door.
        var context = new SignupContext($"198.51.100.{i % 250}", i % 2 == 0 ? "ja-JP" : input.Text, app.PlatformUri.ToString());
        await scope.ServiceProvider.GetRequiredService<SignupService>().SubmitAsync(form, context);
        await scope.ServiceProvider.GetRequiredService<SignupService>().CheckSubdomainAsync(input.Text);
    }

    private async Task ContactAsync(Hostile input, int i)
    {
        var form = new SalesInquiryForm
        {
            CompanyName = input.Text, ContactName = input.Text, Email = input.Text, Phone = input.Text, ExpectedSeats = i % 3 == 0 ? -i : i,
            PreferredPlan = input.Text, DemoRequested = i % 2 == 0, Message = input.Text,
        };
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SalesInquiryService>().SubmitAsync(form, $"203.0.113.{i % 250}", CultureInfo.GetCultureInfo("ja-JP"));
    }

    private async Task ChatAsync(string tenantId, string userId, Hostile input, bool answer, CancellationToken ct)
    {
        await using var scope = await app.TenantScopeAsync(tenantId);
        var chat = ChatParts.From(scope.ServiceProvider);
        _ = scope.ServiceProvider.GetRequiredService<ChatMarkdownRenderer>().Render(input.Text);
        ConversationMessage? sent;
        try
        {
            sent = await chat.Turns.SendAsync(userId, null, input.Text, cancellationToken: ct);
        }
        catch (ChatInputException)
        {
            return; // blank or too long: the page shows its message
        }

        Assert.NotNull(sent);
        if (answer) await chat.Turns.AnswerAsync(userId, sent.ConversationId, cancellationToken: ct);
    }

    private static Hostile Generate(Random random, string kind, int index)
    {
        var text = new StringBuilder();
        switch (kind)
        {
            case "control":
                for (var n = random.Next(1, 200); n > 0; n--) text.Append((char)random.Next(0, 0x20)).Append(random.Next(2) == 0 ? "\u007f" : "a");
                break;
            case "bidi":
                foreach (var c in "\u202e\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u202a\u202b\u202c") text.Append(c).Append("admin@example.jp");
                break;
            case "surrogate":
                for (var n = random.Next(1, 100); n > 0; n--) text.Append((char)random.Next(0xD800, 0xE000)).Append('あ');
                break;
            case "nul":
                text.Append("owner\0@example.jp\0").Append('\0', random.Next(1, 1000));
                break;
            case "huge-line":
                text.Append('長', 100_000 + random.Next(1000));
                break;
            case "long-field":
                // Mostly 40,000 characters (over every field's limit); now and then 5 MB, over ASP.NET Core's 4 MB form value limit.
                text.Append('x', index % 500 == 7 ? 5 * 1024 * 1024 : 40_000);
                break;
            case "mixed":
                text.Append("<script>alert(1)</script>' OR 1=1; --\r\n%00%ff{{7*7}}${jndi:ldap://x}../../etc/passwd\uFEFF\uFFFF\uFFFE");
                text.Append((char)random.Next(0xD800, 0xDC00)).Append('\u202e').Append('\0');
                break;
        }

        if (kind is "invalid-utf8" or "raw-bytes")
        {
            // Overlong forms, surrogate halves encoded in UTF-8, stray continuation bytes, 0xFE/0xFF, truncated sequences.
            byte[][] pieces = [[0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xBF], [0xFE], [0xFF], [0xE3, 0x81], [0xF4, 0x90, 0x80, 0x80], [(byte)'a'], [0x00], [(byte)'&'], [(byte)'=']];
            var bytes = new List<byte>();
            for (var n = random.Next(1, 300); n > 0; n--) bytes.AddRange(pieces[random.Next(pieces.Length)]);
            var array = bytes.ToArray();
            return new Hostile(kind, array, PercentEncode: kind == "invalid-utf8", Encoding.UTF8.GetString(array));
        }

        var value = text.ToString();
        // Lone surrogates cannot be encoded as UTF-8: encode them as the bytes a careless client would send (CESU-like).
        return new Hostile(kind, Wtf8(value), PercentEncode: true, value);
    }

    private static byte[] Wtf8(string value)
    {
        var bytes = new List<byte>(value.Length * 3);
        foreach (var rune in EnumerateLoose(value))
        {
            if (rune is >= 0xD800 and < 0xE000)
                bytes.AddRange([(byte)(0xE0 | (rune >> 12)), (byte)(0x80 | ((rune >> 6) & 0x3F)), (byte)(0x80 | (rune & 0x3F))]);
            else
                bytes.AddRange(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(rune)));
        }

        return [.. bytes];
    }

    private static IEnumerable<int> EnumerateLoose(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                yield return char.ConvertToUtf32(value[i], value[i + 1]);
                i++;
            }
            else
            {
                yield return value[i];
            }
        }
    }

    private static byte[] PercentEncode(byte[] value)
    {
        var output = new List<byte>(value.Length * 3);
        foreach (var b in value)
        {
            if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'.' or (byte)'_')
            {
                output.Add(b);
            }
            else
            {
                output.Add((byte)'%');
                output.Add((byte)"0123456789ABCDEF"[b >> 4]);
                output.Add((byte)"0123456789ABCDEF"[b & 0xF]);
            }
        }

        return [.. output];
    }
}
