using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Configurations;

internal sealed class SubstitutionConfiguration : IEntityTypeConfiguration<SubstitutionEntity>
{
    public void Configure(EntityTypeBuilder<SubstitutionEntity> builder)
    {
        builder.ToTable("substitutions");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).ValueGeneratedNever();
        builder.Property(s => s.TenantId).HasMaxLength(100);
        builder.Property(s => s.AbsentUserId).HasMaxLength(200);
        builder.Property(s => s.CreatedBy).HasMaxLength(200);
        builder.HasIndex(s => new { s.TenantId, s.AbsentUserId, s.Until });
        builder.HasMany(s => s.Deputies).WithOne().HasForeignKey(d => d.SubstitutionKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SubstitutionDeputyConfiguration : IEntityTypeConfiguration<SubstitutionDeputyEntity>
{
    public void Configure(EntityTypeBuilder<SubstitutionDeputyEntity> builder)
    {
        builder.ToTable("substitution_deputies");
        builder.HasKey(d => new { d.SubstitutionKey, d.DeputyUserId });
        builder.Property(d => d.DeputyUserId).HasMaxLength(200);
        builder.HasIndex(d => d.DeputyUserId);
    }
}

internal sealed class TaskCommentConfiguration : IEntityTypeConfiguration<TaskCommentEntity>
{
    public void Configure(EntityTypeBuilder<TaskCommentEntity> builder)
    {
        builder.ToTable("task_comments");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).ValueGeneratedNever();
        builder.Property(c => c.TenantId).HasMaxLength(100);
        builder.Property(c => c.Author).HasMaxLength(200);
        builder.Property(c => c.OnBehalfOf).HasMaxLength(200);
        builder.Property(c => c.Text).HasMaxLength(TaskComments.MaxLength);
        builder.HasIndex(c => new { c.UserTaskKey, c.JournalSequence });
        builder.HasIndex(c => new { c.ProcessInstanceKey, c.JournalSequence });
    }
}

internal sealed class KnownUserConfiguration : IEntityTypeConfiguration<KnownUserEntity>
{
    public void Configure(EntityTypeBuilder<KnownUserEntity> builder)
    {
        builder.ToTable("known_users");
        builder.HasKey(u => new { u.TenantId, u.UserId });
        builder.Property(u => u.TenantId).HasMaxLength(100);
        builder.Property(u => u.UserId).HasMaxLength(200);
        builder.Property(u => u.DisplayName).HasMaxLength(200);
    }
}
