using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Identity;

internal sealed class AppUserLoginConfiguration : IEntityTypeConfiguration<AppUserLogin>
{
    // The same external identity (an Entra object id) may hold separate accounts in two workspaces.
    public void Configure(EntityTypeBuilder<AppUserLogin> builder) =>
        builder.HasKey(l => new { l.TenantId, l.LoginProvider, l.ProviderKey });
}
