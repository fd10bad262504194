using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecureAiChat.Core.Data;

namespace SecureAiChat.Core.DataGovernance.Closure;

/// <summary>
/// The deletion certificate (削除証明書) of a closed workspace: what was deleted (rows per kind), when, and a hash of
/// both. Global (platform) data, because the workspace's own tables hold nothing of it any more; it names no member
/// and no content, only the Owners it was mailed to.
/// </summary>
public sealed class DeletionCertificate : IGlobalEntity
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>The deleted workspace's tenant id (its tenant row stays, closed).</summary>
    public string TenantId { get; set; } = "";

    public string Identifier { get; set; } = "";

    public string WorkspaceName { get; set; } = "";

    public DateTimeOffset ClosureRequestedAt { get; set; }

    public DateTimeOffset DeletedAt { get; set; }

    /// <summary>Rows deleted per entity kind, as JSON (<see cref="Counts"/>), sorted by kind.</summary>
    public string CountsJson { get; set; } = "{}";

    public long TotalRows { get; set; }

    /// <summary>SHA-256 (hex) of <see cref="CanonicalText"/>: lets the Owner show that a certificate was not altered.</summary>
    public string Hash { get; set; } = "";

    /// <summary>Owner addresses the certificate was mailed to (comma-separated).</summary>
    public string Recipients { get; set; } = "";

    /// <summary>When the mail was handed over; null until then (a later run sends it again).</summary>
    public DateTimeOffset? MailedAt { get; set; }

    public IReadOnlyDictionary<string, long> Counts =>
        JsonSerializer.Deserialize<SortedDictionary<string, long>>(CountsJson) ?? new SortedDictionary<string, long>();

    /// <summary>Fills the counts, the total and the hash (once every other field is set).</summary>
    public void Seal(IReadOnlyDictionary<string, long> counts)
    {
        var sorted = new SortedDictionary<string, long>(counts.Where(c => c.Value > 0).ToDictionary(), StringComparer.Ordinal);
        CountsJson = JsonSerializer.Serialize(sorted);
        TotalRows = sorted.Values.Sum();
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalText())));
    }

    /// <summary>The text the hash covers: one field a line, invariant formats.</summary>
    public string CanonicalText()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"certificate={Id:D}\n");
        text.Append(CultureInfo.InvariantCulture, $"identifier={Identifier}\nname={WorkspaceName}\n");
        text.Append(CultureInfo.InvariantCulture, $"requested={ClosureRequestedAt.UtcDateTime:O}\ndeleted={DeletedAt.UtcDateTime:O}\n");
        foreach (var (kind, count) in Counts) text.Append(CultureInfo.InvariantCulture, $"{kind}={count}\n");
        text.Append(CultureInfo.InvariantCulture, $"total={TotalRows}\n");
        return text.ToString();
    }
}

internal sealed class DeletionCertificateConfiguration : IEntityTypeConfiguration<DeletionCertificate>
{
    public void Configure(EntityTypeBuilder<DeletionCertificate> builder)
    {
        builder.ToTable("DeletionCertificates");
        builder.Property(c => c.TenantId).HasMaxLength(64);
        builder.Property(c => c.Identifier).HasMaxLength(64);
        builder.Property(c => c.WorkspaceName).HasMaxLength(200);
        builder.Property(c => c.Hash).HasMaxLength(64);
        builder.Property(c => c.Recipients).HasMaxLength(2000);
        builder.HasIndex(c => c.TenantId).IsUnique();
        builder.Ignore(c => c.Counts);
    }
}
