using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.DataGovernance.Export;

internal sealed class DataExportChunkConfiguration : IEntityTypeConfiguration<DataExportChunk>
{
    public void Configure(EntityTypeBuilder<DataExportChunk> builder)
    {
        builder.ToTable("DataExportChunks");
        builder.HasKey(c => c.Id);
        builder.HasIndex(c => new { c.ExportId, c.Sequence }).IsUnique();
        builder.Property(c => c.Data).IsRequired();
    }
}
