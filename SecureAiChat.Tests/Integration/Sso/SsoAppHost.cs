using Microsoft.AspNetCore.Hosting;
using SecureAiChat.Tests.Infrastructure;

namespace SecureAiChat.Tests.Integration.Sso;

/// <summary>
/// The app with Entra ID single sign-on pointed at a real OpenID Connect provider on loopback (the test-only
/// overrides under Sso:Testing). Redirect URIs match exactly, so tests use the workspaces named in <see cref="Workspaces"/>.
/// </summary>
public sealed class SsoAppHost : AppHost
{
    public const string ClientId = "secure-ai-chat-tests";
    public const string ClientSecret = "test-only-client-secret-0123456789";
    public const string Contoso = "6f1c2b4e-8a3d-4c5f-9e7a-1b2c3d4e5f60";
    public const string Fabrikam = "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d";

    public static readonly string[] Workspaces =
        ["sso-jit", "sso-foreign", "sso-required", "sso-seats", "sso-deact", "sso-roles", "sso-link", "sso-shot", "sso-shot-en", "sso-chal"];

    public static readonly OidcTestAccount NewMember = new("new-member", "新規 太郎 (Contoso)", Contoso, "11111111-aaaa-4aaa-8aaa-000000000001", "new.member@contoso.co.jp", "新規 太郎");
    public static readonly OidcTestAccount ExistingMember = new("existing", "既存 花子 (Contoso)", Contoso, "11111111-aaaa-4aaa-8aaa-000000000002", "hanako@contoso.co.jp", "既存 花子");
    public static readonly OidcTestAccount RoleAdmin = new("role-admin", "管理 一郎 (Contoso, app role)", Contoso, "11111111-aaaa-4aaa-8aaa-000000000003", "ichiro@contoso.co.jp", "管理 一郎", Roles: ["SecureAiChat.Admin"]);
    public static readonly OidcTestAccount Foreign = new("foreign", "Intruder (Fabrikam)", Fabrikam, "22222222-bbbb-4bbb-8bbb-000000000001", "intruder@contoso.co.jp", "Intruder");

    private readonly Dictionary<string, string> _early = new();
    private OidcPeer? _peer;
    private readonly int _peerPort = LoopbackHttp.FreePort();

    public SsoAppHost()
    {
        var authority = $"http://127.0.0.1:{_peerPort}";
        Configure("AzureAd:Instance", authority + "/");
        Configure("AzureAd:TenantId", "organizations");
        Configure("AzureAd:ClientId", ClientId);
        Configure("AzureAd:ClientSecret", ClientSecret);
        Configure("AzureAd:CallbackPath", "/signin-oidc");
        Configure("Sso:Testing:Enabled", "true");
        Configure("Sso:Testing:Authority", authority);
        Configure("Sso:Testing:Issuer", authority);
        _early["ConnectionStrings:Default"] = $"Data Source={Path.Combine(DataRoot, "app.db")}";
    }

    private new void Configure(string key, string value)
    {
        base.Configure(key, value);
        _early[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // AppHost's ConfigureAppConfiguration reaches the app only at Build(), after Program.cs has read
        // builder.Configuration (AddSso, AddAppData); host settings are there from the start.
        foreach (var (key, value) in _early) builder.UseSetting(key, value);
    }

    public OidcPeer Peer => _peer ?? throw new InvalidOperationException("Not started.");

    public override async Task InitializeAsync()
    {
        _peer = await OidcPeer.StartAsync(
            ClientId, ClientSecret,
            Workspaces.Select(w => TenantUri(w, "/signin-oidc").ToString()),
            [NewMember, ExistingMember, RoleAdmin, Foreign],
            _peerPort);
        await base.InitializeAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_peer is not null) await _peer.DisposeAsync();
    }
}
