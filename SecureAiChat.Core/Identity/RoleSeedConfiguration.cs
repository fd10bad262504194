using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Identity;

/// <summary>The fixed role names are data the migrations create, so no start-up code has to seed them.</summary>
internal sealed class RoleSeedConfiguration : IEntityTypeConfiguration<AppRole>
{
    public void Configure(EntityTypeBuilder<AppRole> builder) =>
        builder.HasData(Roles.All.Select(name => new AppRole(name)));
}
