using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Configurations;

internal sealed class EmailOutboxConfiguration : IEntityTypeConfiguration<EmailOutboxEntity>
{
    public void Configure(EntityTypeBuilder<EmailOutboxEntity> builder)
    {
        builder.ToTable("email_outbox");
        builder.HasKey(m => m.ElementInstanceKey);
        builder.Property(m => m.ElementInstanceKey).ValueGeneratedNever();
        builder.Property(m => m.TenantId).HasMaxLength(100);
        builder.Property(m => m.ElementId).HasMaxLength(255);
        builder.Property(m => m.MessageId).HasMaxLength(255);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => m.ProcessInstanceKey);
    }
}
