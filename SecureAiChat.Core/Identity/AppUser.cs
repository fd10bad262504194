using Microsoft.AspNetCore.Identity;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.Identity;

/// <summary>A person's account in exactly one tenant (operators: in the platform pseudo-tenant).</summary>
public sealed class AppUser : IdentityUser, ITenantOwned
{
    public string TenantId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>UI culture chosen in the profile (ja-JP or en-US); null follows the cookie or browser.</summary>
    public string? Culture { get; set; }

    public string TimeZoneId { get; set; } = "Asia/Tokyo";

    /// <summary>False once an admin deactivates the account: sign-in is refused and open circuits end.</summary>
    public bool IsActive { get; set; } = true;

    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>Last sign-in or activity (written at most once a minute); the idle timeout and the member list read it.</summary>
    public DateTimeOffset? LastActiveAt { get; set; }

    /// <summary>When the person last saved their profile (an onboarding fact for admins).</summary>
    public DateTimeOffset? ProfileSavedAt { get; set; }
    /// <summary>The member's department (Team), if any; a phased chat rollout is decided by it.</summary>
    public Guid? DepartmentId { get; set; }

    /// <summary>
    /// The TOTP time step (Unix time / 30 s) of the last authenticator code accepted; a code of this step or an
    /// earlier one is refused, so a code seen over someone's shoulder cannot be used again within its window.
    /// </summary>
    public long? LastTotpTimeStep { get; set; }
}

/// <summary>Role names are global (Owner, Admin, Member, Operator); who holds them is tenant-owned.</summary>
public sealed class AppRole : IdentityRole, IGlobalEntity
{
    public AppRole()
    {
    }

    public AppRole(string name) : base(name)
    {
        Id = name.ToLowerInvariant();
        NormalizedName = name.ToUpperInvariant();
        ConcurrencyStamp = name;
    }
}

public sealed class AppUserRole : IdentityUserRole<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

public sealed class AppUserClaim : IdentityUserClaim<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

public sealed class AppUserLogin : IdentityUserLogin<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

public sealed class AppUserToken : IdentityUserToken<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

public sealed class AppUserPasskey : IdentityUserPasskey<string>, ITenantOwned
{
    public string TenantId { get; set; } = "";
}

/// <summary>Role claims are unused; the type exists because Identity's store requires one. Roles are global.</summary>
public sealed class AppRoleClaim : IdentityRoleClaim<string>, IGlobalEntity;
