using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecureAiChat.Core.Templates;

internal sealed class TemplateUseDayConfiguration : IEntityTypeConfiguration<TemplateUseDay>
{
    public void Configure(EntityTypeBuilder<TemplateUseDay> builder)
    {
        builder.ToTable("TemplateUseDays");
        builder.HasKey(u => u.Id);
        // The analytics read is a range of days; the use's update finds its row by day and template.
        builder.HasIndex(u => new { u.TenantId, u.Day, u.TemplateId });
        // A deleted template takes its counts with it.
        builder.HasOne<PromptTemplate>().WithMany().HasForeignKey(u => u.TemplateId).OnDelete(DeleteBehavior.Cascade);
    }
}
