using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Identity;
using SecureAiChat.Core.Tenancy;
using SecureAiChat.Core.Usage;

namespace SecureAiChat.Tests.Infrastructure;

/// <summary>
/// The whole app on a real Kestrel port with its own fresh SQLite file: one per test class
/// (<c>IClassFixture&lt;AppHost&gt;</c>). Tenants are reached at http://{id}.localhost:{port}/.
/// </summary>
public class AppHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sac-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings = new();

    public AppHost()
    {
        Directory.CreateDirectory(_root);
        _settings["ConnectionStrings:Default"] = $"Data Source={Path.Combine(_root, "app.db")}";
        _settings["Tenancy:RootDomain"] = "localhost";
        _settings["Tenancy:CacheSeconds"] = "0";
        // Links in mail come from configuration, not from the request: name the random port here.
        _settings["Tenancy:PublicScheme"] = "http";
        _settings["Tenancy:PublicPort"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _settings["Email:PickupDirectory"] = Path.Combine(_root, "mail");
        // Every test signs in from loopback: per-address limits would make tests depend on each other. The
        // failed-password limit per address and account stays at its default; ThrottleTests set low limits.
        _settings["Throttle:SignIn:Permits"] = "100000";
        _settings["Throttle:AccountMail:Permits"] = "100000";
        _settings["Throttle:Invitation:Permits"] = "100000";
        // The issuer on invoices and quotes (a made-up registration number of the right form).
        _settings["Billing:IssuerName"] = "株式会社セキュアAIテスト";
        _settings["Billing:RegistrationNumber"] = TestBilling.RegistrationNumber;
        _settings["Billing:Address"] = "東京都千代田区丸の内1-1-1";
        _settings["Billing:BankAccount"] = "みずほ銀行 東京営業部 普通 1234567 カ）セキュアエーアイテスト";
        // The alert jobs run every minute in production; in tests only when a test runs them (on its own clock), so
        // an alert mail never lands in another test's mailbox count. Once a year, on 1 January at midnight.
        _settings["Alerts:WorkspaceCron"] = "0 0 1 1 *";
        _settings["Alerts:PlatformCron"] = "0 0 1 1 *";
        // Likewise the usage rollups (every 5 minutes in production, on the real clock): a run beside a test's own
        // fixed-clock run moved that workspace's watermark under it (seen as a rollup or chargeback test failing 1 run in 3).
        _settings["Usage:RollupCron"] = "0 0 1 1 *";
        _settings["Usage:RollupReconcileCron"] = "0 0 1 1 *";
        UseKestrel(o => o.Listen(IPAddress.Loopback, Port));
    }

    /// <summary>The port the app listens on (chosen before start, so redirect URIs can name it).</summary>
    public int Port { get; } = LoopbackHttp.FreePort();

    /// <summary>The test's scratch folder (database, mail pickup folder).</summary>
    public string DataRoot => _root;

    public string MailDirectory => Path.Combine(_root, "mail");

    /// <summary>Where this host's mail lands (a derived host may move it).</summary>
    protected virtual string MailPickupDirectory => MailDirectory;

    /// <summary>Mails to <paramref name="address"/> in the pickup folder.</summary>
    public IReadOnlyList<MimeKit.MimeMessage> PickedUpMailTo(string address)
    {
        if (!Directory.Exists(MailPickupDirectory)) return [];
        return Directory.EnumerateFiles(MailPickupDirectory, "*.eml")
            .Select(f => MimeKit.MimeMessage.Load(f))
            .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
            .ToList();
    }

    public Uri PlatformUri => new($"http://localhost:{Port}/");

    public Uri TenantUri(string identifier, string path = "/") => new($"http://{identifier}.localhost:{Port}{path}");

    /// <summary>Sets a configuration value before the host starts (in a derived fixture's constructor).</summary>
    protected void Configure(string key, string? value) => _settings[key] = value;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Package assets (_framework/blazor.web.js) are served from their NuGet folders outside Development.
        builder.UseStaticWebAssets();
        // Host settings, not ConfigureAppConfiguration: with minimal hosting the latter reaches the app only at
        // Build(), after Program.cs has already read builder.Configuration (database, tenancy, SSO...).
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureServices(services => services.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, ClientAddressFromTestHeader>());
        builder.ConfigureServices(ConfigureTestServices);
    }

    /// <summary>Request header with which a test plays a client at another address (loopback is one address for all).</summary>
    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>Sets the connection's remote address from <see cref="ClientAddressHeader"/>, first in the pipeline (tests only).</summary>
    private sealed class ClientAddressFromTestHeader : Microsoft.AspNetCore.Hosting.IStartupFilter
    {
        public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
        {
            app.Use((Microsoft.AspNetCore.Http.HttpContext context, Microsoft.AspNetCore.Http.RequestDelegate nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[ClientAddressHeader].ToString(), out var address)) context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    /// <summary>Extra service overrides for a derived fixture (fakes at the edge of the outside world only).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    /// <summary>
    /// True to run this host on a fresh PostgreSQL database of the test cluster (<see cref="PostgreSqlTestServer"/>),
    /// Hangfire included, migrated before start as the <c>migrate</c> command does, and dropped on disposal.
    /// </summary>
    protected virtual bool OnPostgreSql => false;

    private string? _postgreSqlConnectionString;

    /// <summary>Runs this host on <paramref name="connectionString"/> (Hangfire included), e.g. a database several hosts share.</summary>
    protected void UsePostgreSql(string connectionString)
    {
        Configure("Database:Provider", "PostgreSql");
        Configure("ConnectionStrings:Default", connectionString);
    }

    /// <summary>Migrates a PostgreSQL database as the <c>migrate</c> command does.</summary>
    public static async Task MigratePostgreSqlAsync(string connectionString)
    {
        await using var db = new PostgreSqlAppDbContext(new DbContextOptionsBuilder<PostgreSqlAppDbContext>()
                .UseNpgsql(connectionString).UseApplicationServiceProvider(IdentityStoreSchema.DesignTimeServices()).Options,
            NoTenant.Instance);
        await db.Database.MigrateAsync();
    }

    public virtual async Task InitializeAsync()
    {
        if (OnPostgreSql)
        {
            _postgreSqlConnectionString = await PostgreSqlTestServer.CreateDatabaseAsync();
            UsePostgreSql(_postgreSqlConnectionString);
            await MigratePostgreSqlAsync(_postgreSqlConnectionString);
        }
        StartServer();
    }

    public new virtual async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgreSqlConnectionString is not null) await PostgreSqlTestServer.DropDatabaseAsync(_postgreSqlConnectionString);
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold the file for a moment on a slow machine; the temp folder is cleaned later.
        }
    }

    public HttpClient CreateLoopbackClient(CookieContainer? cookies = null, bool allowRedirects = false) =>
        LoopbackHttp.CreateClient(cookies, allowRedirects);

    /// <summary>Creates an active tenant directly in the database (provisioning has its own tests).</summary>
    public async Task<AppTenantInfo> CreateTenantAsync(string identifier, string? name = null, TenantStatus status = TenantStatus.Active, string plan = "Starter")
    {
        var tenant = new AppTenantInfo { Identifier = identifier, Name = name ?? identifier.ToUpperInvariant() + " 株式会社", Status = status, Plan = plan };
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant;
    }

    /// <summary>Returns the tenant with this identifier, creating it first if needed (for per-test set-up in shared hosts).</summary>
    public async Task<AppTenantInfo> EnsureTenantAsync(string identifier, string? name = null, TenantStatus status = TenantStatus.Active, string plan = "Starter")
    {
        await using (var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var existing = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Identifier == identifier);
            if (existing is not null) return existing;
        }
        return await CreateTenantAsync(identifier, name, status, plan);
    }

    /// <summary>A DI scope bound to a tenant, as a background job gets.</summary>
    public Task<AsyncServiceScope> TenantScopeAsync(string tenantId) =>
        Services.GetRequiredService<TenantScopeFactory>().CreateScopeAsync(tenantId);

    /// <summary>Runs a query inside the tenant's scope (tenant-owned rows).</summary>
    public async Task<T> TenantDbAsync<T>(string tenantId, Func<AppDbContext, Task<T>> query)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        return await query(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    /// <summary>Saves a usage record the way an answer does: with its limit's running month total, under the admission lock.</summary>
    public async Task RecordUsageAsync(string tenantId, UsageRecord record)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        await scope.ServiceProvider.GetRequiredService<TokenAllowance>().RecordUsageAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), record);
    }

    /// <summary>
    /// Runs <paramref name="change"/> on this host's database through a data layer of its own, as another instance
    /// would: this host hears of it only through its change poll (SQLite hosts).
    /// </summary>
    public async Task<T> OtherInstanceDbAsync<T>(string tenantId, Func<AppDbContext, Task<T>> change)
    {
        var connectionString = _settings["ConnectionStrings:Default"];
        if (_settings.GetValueOrDefault("Database:Provider") is { } provider && provider != "Sqlite")
            throw new NotSupportedException("OtherInstanceDbAsync serves SQLite hosts.");
        await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options, new FixedTenant(tenantId));
        return await change(db);
    }

    public async Task<AppUser> CreateUserAsync(string tenantId, string email, string password = TestPasswords.Default, string role = Roles.Member, string? displayName = null)
    {
        await using var scope = await TenantScopeAsync(tenantId);
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName ?? email.Split('@')[0] };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        return user;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> _operatorKeys = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Creates a platform operator (as the create-operator command does) and returns its email. Operators must use
    /// two-factor sign-in, so by default the operator gets an authenticator (<see cref="OperatorAuthenticatorKey"/>).
    /// </summary>
    public async Task<string> CreateOperatorAsync(bool withAuthenticator = true)
    {
        var email = $"ops-{Guid.NewGuid():N}@example.com";
        var created = await Services.GetRequiredService<OperatorAccounts>().CreateAsync(email, TestPasswords.Default, "Ops");
        if (!created.Succeeded) throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        if (!withAuthenticator) return email;
        await using var scope = Services.GetRequiredService<TenantScopeFactory>().CreatePlatformScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException("Operator not found.");
        await users.ResetAuthenticatorKeyAsync(user);
        _operatorKeys[email] = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        await users.SetTwoFactorEnabledAsync(user, true);
        return email;
    }

    /// <summary>The authenticator key of an operator made by <see cref="CreateOperatorAsync"/>.</summary>
    public string OperatorAuthenticatorKey(string email) => _operatorKeys[email];

    /// <summary>Signs an operator in on the platform host: password, then a code from the operator's authenticator.</summary>
    public async Task SignInOperatorAsync(HttpClient client, string email)
    {
        var login = new Uri(PlatformUri, "/Account/Login");
        var password = await AccountForms.PostLoginAsync(client, login, email, TestPasswords.Default);
        var next = password.Headers.Location?.OriginalString ?? throw new InvalidOperationException($"Operator sign-in failed: {(int)password.StatusCode}");
        if (!next.Contains("LoginWith2fa", StringComparison.Ordinal)) throw new InvalidOperationException("Expected the two-factor step, got " + next);
        var code = await AccountForms.PostFormAsync(client, new Uri(PlatformUri, next), "login-with-2fa", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp.Code(OperatorAuthenticatorKey(email)),
        });
        if (code.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"Operator code refused: {(int)code.StatusCode}");
    }

    /// <summary>Signs in through the real sign-in form; returns a client whose cookie jar holds the session.</summary>
    public async Task<HttpClient> SignInAsync(string identifier, string email, string password = TestPasswords.Default, CookieContainer? cookies = null)
    {
        var client = CreateLoopbackClient(cookies ?? new CookieContainer());
        var response = await AccountForms.PostLoginAsync(client, TenantUri(identifier, "/Account/Login"), email, password);
        if (response.StatusCode != HttpStatusCode.Redirect && response.StatusCode != HttpStatusCode.Found)
            throw new InvalidOperationException($"Sign-in failed: {(int)response.StatusCode}");
        return client;
    }
}

public static class TestBilling
{
    public const string RegistrationNumber = "T1234567890123";
}

public static class TestPasswords
{
    public const string Default = "correct-horse-42";
}
