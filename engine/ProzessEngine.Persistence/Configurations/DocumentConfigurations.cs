using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Configurations;

internal sealed class TemplateConfiguration : IEntityTypeConfiguration<TemplateEntity>
{
    public void Configure(EntityTypeBuilder<TemplateEntity> builder)
    {
        builder.ToTable("templates");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).ValueGeneratedNever();
        builder.Property(t => t.TemplateId).HasMaxLength(255);
        builder.Property(t => t.TenantId).HasMaxLength(100);
        builder.Property(t => t.ResourceName).HasMaxLength(500);
        builder.Property(t => t.Checksum).HasMaxLength(64);
        builder.HasIndex(t => new { t.TenantId, t.TemplateId, t.Version }).IsUnique();
    }
}

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<DocumentEntity>
{
    public void Configure(EntityTypeBuilder<DocumentEntity> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).ValueGeneratedNever();
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.ElementId).HasMaxLength(255);
        builder.Property(d => d.FileName).HasMaxLength(255);
        builder.Property(d => d.ContentType).HasMaxLength(100);
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.Property(d => d.TemplateId).HasMaxLength(255);
        builder.Property(d => d.StoragePath).HasMaxLength(500);
        builder.HasIndex(d => d.ProcessInstanceKey);
        builder.HasIndex(d => d.JobKey).IsUnique();
    }
}
