using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Configurations;

internal sealed class DecisionRequirementsConfiguration : IEntityTypeConfiguration<DecisionRequirementsEntity>
{
    public void Configure(EntityTypeBuilder<DecisionRequirementsEntity> builder)
    {
        builder.ToTable("decision_requirements");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).ValueGeneratedNever();
        builder.Property(d => d.DecisionRequirementsId).HasMaxLength(255);
        builder.Property(d => d.Name).HasMaxLength(500);
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.ResourceName).HasMaxLength(500);
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.HasIndex(d => new { d.TenantId, d.DecisionRequirementsId, d.Version }).IsUnique();
    }
}

internal sealed class DecisionDefinitionConfiguration : IEntityTypeConfiguration<DecisionDefinitionEntity>
{
    public void Configure(EntityTypeBuilder<DecisionDefinitionEntity> builder)
    {
        builder.ToTable("decision_definitions");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).ValueGeneratedNever();
        builder.Property(d => d.DecisionId).HasMaxLength(255);
        builder.Property(d => d.Name).HasMaxLength(500);
        builder.Property(d => d.VersionTag).HasMaxLength(255);
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.DecisionRequirementsId).HasMaxLength(255);
        builder.HasIndex(d => new { d.TenantId, d.DecisionId, d.Version }).IsUnique();
        builder.HasIndex(d => d.DecisionRequirementsKey);
    }
}
