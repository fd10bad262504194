using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Web.Hosting;

/// <summary>
/// The Data Protection key ring: stored in the database (every instance shares it) and encrypted with a
/// certificate, so a leaked database backup holds neither the provider keys' plaintext nor the keys that
/// decrypt them (or that sign session cookies).
/// </summary>
public static class KeyRingHosting
{
    public const string SectionName = "DataProtection";

    /// <summary>The application name isolates this app's payloads from other apps sharing a key store.</summary>
    public const string ApplicationName = "SecureAiChat";

    public const string UnprotectedInProductionMessage =
        "The Data Protection key ring has no protector: set DataProtection:Certificate:Path (with "
        + "DataProtection:Certificate:Password) or DataProtection:Certificate:Thumbprint. To run with unencrypted "
        + "keys on purpose, set DataProtection:AllowUnprotectedKeys=true.";

    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder)
    {
        var dataProtection = builder.Services.AddDataProtection()
            .SetApplicationName(ApplicationName)
            .PersistKeysToDbContext<AppDbContext>();

        var section = builder.Configuration.GetSection(SectionName);
        var certificate = LoadCertificate(section.GetSection("Certificate"));
        if (certificate is not null)
        {
            // Also registers the certificate for decryption, so keys written with it are read without a store lookup.
            dataProtection.ProtectKeysWithCertificate(certificate);
            return builder;
        }

        var allowed = section.GetValue<bool>("AllowUnprotectedKeys");
        if (builder.Environment.IsProduction() && !allowed)
        {
            throw new InvalidOperationException(UnprotectedInProductionMessage);
        }
        if (!builder.Environment.IsDevelopment() && !builder.Environment.IsEnvironment("Testing"))
        {
            builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        }
        return builder;
    }

    /// <summary>
    /// Creates the first key unless one is already usable. The <c>migrate</c> command (and the embedded SQLite
    /// start, a single instance) run this once, so instances starting together find a key instead of each
    /// generating its own.
    /// </summary>
    public static bool EnsureActiveKey(IServiceProvider services, DateTimeOffset now)
    {
        var keys = services.GetRequiredService<IKeyManager>();
        var usable = keys.GetAllKeys().Any(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now);
        if (usable) return false;
        // Without a lifetime option the key manager uses the default (90 days); Data Protection rotates from there.
        keys.CreateNewKey(now, now.AddDays(90));
        return true;
    }

    private static X509Certificate2? LoadCertificate(IConfigurationSection section)
    {
        var path = section["Path"];
        var thumbprint = section["Thumbprint"];
        if (!string.IsNullOrWhiteSpace(path))
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"DataProtection:Certificate:Path names a file that does not exist: {path}");
            }
            X509Certificate2 certificate;
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, section["Password"], X509KeyStorageFlags.EphemeralKeySet);
            }
            catch (CryptographicException ex)
            {
                // The password itself is never part of the message.
                throw new InvalidOperationException($"DataProtection:Certificate:Path could not be read (wrong DataProtection:Certificate:Password or not a PKCS#12 file): {path}", ex);
            }
            return RequirePrivateKey(certificate, path);
        }
        if (!string.IsNullOrWhiteSpace(thumbprint))
        {
            return RequirePrivateKey(FindInStores(thumbprint.Replace(" ", "", StringComparison.Ordinal)), thumbprint);
        }
        return null;
    }

    private static X509Certificate2 FindInStores(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            try
            {
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
            }
            catch (CryptographicException)
            {
                continue; // e.g. no LocalMachine store on Linux
            }
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0) return found[0];
        }
        throw new InvalidOperationException($"DataProtection:Certificate:Thumbprint {thumbprint} is in neither the CurrentUser nor the LocalMachine 'My' store.");
    }

    private static X509Certificate2 RequirePrivateKey(X509Certificate2 certificate, string source)
    {
        // Without the private key the app could write keys but never read them back after a restart.
        if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
        {
            throw new InvalidOperationException($"The Data Protection certificate ({source}) needs an RSA private key.");
        }
        return certificate;
    }

    private sealed class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("The Data Protection key ring is stored unencrypted (no DataProtection:Certificate is set): a database backup then holds the keys that decrypt provider keys and sign session cookies.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
