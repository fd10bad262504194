using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace SecureAiChat.Core.Identity;

/// <summary>
/// Identity's store options shape the EF model (key lengths, passkey tables), so the app and the
/// migration tooling must use the same values: this is the one place they come from.
/// </summary>
public static class IdentityStoreSchema
{
    public static void Configure(StoreOptions stores)
    {
        stores.SchemaVersion = IdentitySchemaVersions.Version3;
        stores.MaxLengthForKeys = 128;
    }

    /// <summary>A service provider carrying only these options, for design-time contexts.</summary>
    public static IServiceProvider DesignTimeServices() =>
        new ServiceCollection().Configure<IdentityOptions>(o => Configure(o.Stores)).BuildServiceProvider();
}
