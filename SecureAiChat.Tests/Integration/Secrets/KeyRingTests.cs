using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecureAiChat.Core.Data;
using SecureAiChat.Core.Providers.Security;
using SecureAiChat.Tests.Infrastructure;
using SecureAiChat.Web.Hosting;
using Xunit;

namespace SecureAiChat.Tests.Integration.Secrets;

/// <summary>
/// The Data Protection key ring in the database is encrypted with a certificate, survives restarts with that
/// certificate, gets its first key from the migration step, and Production refuses to run without a protector.
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string CertificatePassword = "pfx-pass-123";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sac-tests", "keyring-" + Guid.NewGuid().ToString("N"));
    private readonly string _certificatePath;

    public KeyRingTests()
    {
        Directory.CreateDirectory(_root);
        _certificatePath = Path.Combine(_root, "keyring.pfx");
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=SecureAiChat key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(_certificatePath, certificate.Export(X509ContentType.Pfx, CertificatePassword));
    }

    private string DatabasePath => Path.Combine(_root, "app.db");

    [Fact]
    public async Task With_a_certificate_the_stored_key_xml_holds_no_plaintext_master_key_and_a_restart_still_decrypts_provider_keys()
    {
        string ciphertext;
        await using (var first = new KeyRingHost(DatabasePath, _certificatePath, CertificatePassword))
        {
            first.StartServer();
            ciphertext = first.Services.GetRequiredService<ApiKeyProtector>().Protect("acme", "sk-live-secret-1234567890");
            var xml = await KeyXmlAsync(first);
            var single = Assert.Single(xml);
            Assert.DoesNotContain("<masterKey", single, StringComparison.Ordinal);
            Assert.Contains("EncryptedData", single, StringComparison.Ordinal);
        }

        await using (var restarted = new KeyRingHost(DatabasePath, _certificatePath, CertificatePassword))
        {
            restarted.StartServer();
            Assert.Equal("sk-live-secret-1234567890", restarted.Services.GetRequiredService<ApiKeyProtector>().Unprotect("acme", ciphertext));
        }

        // Without the certificate the same database is useless: this is what a leaked backup gives.
        await using var thief = new KeyRingHost(DatabasePath, certificatePath: null, password: null);
        thief.StartServer();
        Assert.ThrowsAny<CryptographicException>(() => thief.Services.GetRequiredService<ApiKeyProtector>().Unprotect("acme", ciphertext));
    }

    [Fact]
    public async Task Migrating_creates_exactly_one_key_however_often_it_runs()
    {
        await using var host = new KeyRingHost(DatabasePath, _certificatePath, CertificatePassword);
        host.StartServer();
        Assert.Single(await KeyXmlAsync(host));

        await DatabaseStartup.MigrateAsync(host.Services);
        await DatabaseStartup.MigrateAsync(host.Services);

        Assert.Single(await KeyXmlAsync(host));
    }

    [Fact]
    public async Task Production_without_a_key_protector_refuses_to_start_with_a_clear_message()
    {
        await using var host = new KeyRingHost(DatabasePath, certificatePath: null, password: null, environment: "Production");
        var error = Record.Exception(() => host.StartServer());
        Assert.NotNull(error);
        Assert.Contains(KeyRingHosting.UnprotectedInProductionMessage, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_unprotected_keys_allowed_on_purpose_starts()
    {
        await using var host = new KeyRingHost(DatabasePath, certificatePath: null, password: null, environment: "Production", allowUnprotected: true);
        host.StartServer();
        Assert.Single(await KeyXmlAsync(host));
    }

    private static async Task<List<string>> KeyXmlAsync(AppHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml!).ToListAsync();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the temp folder is cleaned later.
        }
    }

    private sealed class KeyRingHost : AppHost
    {
        private readonly string _environment;

        public KeyRingHost(string databasePath, string? certificatePath, string? password, string environment = "Testing", bool allowUnprotected = false)
        {
            _environment = environment;
            Configure("ConnectionStrings:Default", $"Data Source={databasePath}");
            Configure("Hangfire:SqlitePath", Path.Combine(DataRoot, "hangfire.db"));
            Configure("DataProtection:Certificate:Path", certificatePath);
            Configure("DataProtection:Certificate:Password", password);
            if (allowUnprotected) Configure("DataProtection:AllowUnprotectedKeys", "true");
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment(_environment);
        }
    }
}
