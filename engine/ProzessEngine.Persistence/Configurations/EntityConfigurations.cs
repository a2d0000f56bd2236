using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Configurations;

internal sealed class DeploymentConfiguration : IEntityTypeConfiguration<DeploymentEntity>
{
    public void Configure(EntityTypeBuilder<DeploymentEntity> builder)
    {
        builder.ToTable("deployments");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).ValueGeneratedNever();
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.CreatedBy).HasMaxLength(200);
        builder.Property(d => d.SourceFingerprint).HasMaxLength(64);
    }
}

internal sealed class ProcessDefinitionConfiguration : IEntityTypeConfiguration<ProcessDefinitionEntity>
{
    public void Configure(EntityTypeBuilder<ProcessDefinitionEntity> builder)
    {
        builder.ToTable("process_definitions");
        builder.HasKey(d => d.Key);
        builder.Property(d => d.Key).ValueGeneratedNever();
        builder.Property(d => d.ProcessId).HasMaxLength(255);
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.Name).HasMaxLength(500);
        builder.Property(d => d.ResourceName).HasMaxLength(500);
        builder.Property(d => d.Checksum).HasMaxLength(64);
        builder.HasIndex(d => new { d.TenantId, d.ProcessId, d.Version }).IsUnique();
    }
}

internal sealed class FormConfiguration : IEntityTypeConfiguration<FormEntity>
{
    public void Configure(EntityTypeBuilder<FormEntity> builder)
    {
        builder.ToTable("forms");
        builder.HasKey(f => f.Key);
        builder.Property(f => f.Key).ValueGeneratedNever();
        builder.Property(f => f.FormId).HasMaxLength(255);
        builder.Property(f => f.TenantId).HasMaxLength(100);
        builder.Property(f => f.ResourceName).HasMaxLength(500);
        builder.Property(f => f.Checksum).HasMaxLength(64);
        builder.HasIndex(f => new { f.TenantId, f.FormId, f.Version }).IsUnique();
    }
}

internal sealed class ProcessInstanceConfiguration : IEntityTypeConfiguration<ProcessInstanceEntity>
{
    public void Configure(EntityTypeBuilder<ProcessInstanceEntity> builder)
    {
        builder.ToTable("process_instances");
        builder.HasKey(i => i.Key);
        builder.Property(i => i.Key).ValueGeneratedNever();
        builder.Property(i => i.ProcessId).HasMaxLength(255);
        builder.Property(i => i.TenantId).HasMaxLength(100);
        builder.Property(i => i.Status).HasMaxLength(20);
        builder.Property(i => i.JournalHash).HasMaxLength(64);
        builder.Property(i => i.Revision).IsConcurrencyToken();
        builder.HasIndex(i => new { i.TenantId, i.ProcessId, i.Status });
        builder.HasIndex(i => i.DefinitionKey);
        // Retention looks for ended instances by their end.
        builder.HasIndex(i => new { i.Status, i.EndedAt });
    }
}

internal sealed class UserTaskConfiguration : IEntityTypeConfiguration<UserTaskEntity>
{
    public void Configure(EntityTypeBuilder<UserTaskEntity> builder)
    {
        builder.ToTable("user_tasks");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).ValueGeneratedNever();
        builder.Property(t => t.ProcessId).HasMaxLength(255);
        builder.Property(t => t.ElementId).HasMaxLength(255);
        builder.Property(t => t.Name).HasMaxLength(500);
        builder.Property(t => t.State).HasMaxLength(20);
        builder.Property(t => t.Assignee).HasMaxLength(200);
        builder.Property(t => t.FormId).HasMaxLength(255);
        builder.Property(t => t.EmbeddedFormKey).HasMaxLength(255);
        builder.Property(t => t.CompletedBy).HasMaxLength(200);
        builder.Property(t => t.CompletedOnBehalfOf).HasMaxLength(200);
        builder.Property(t => t.TenantId).HasMaxLength(100);
        builder.Property(t => t.Title).HasMaxLength(500);
        builder.Property(t => t.SearchText).HasMaxLength(UserTaskSearchData.MaxSearchTextLength);
        builder.HasIndex(t => new { t.TenantId, t.State, t.Assignee });
        builder.HasIndex(t => t.ProcessInstanceKey);
        // The task list's sorted first pages: one index per sort, led by tenant and state, which every list names.
        // PostgreSQL gets these (with the missing-last expression its sorts write) and the trigram index on SearchText
        // from the migration's SQL; the model keeps the plain form, which SQLite uses.
        builder.HasIndex(t => new { t.TenantId, t.State, t.DueDate, t.Key }).HasDatabaseName(UserTaskSearchData.DueDateIndex);
        builder.HasIndex(t => new { t.TenantId, t.State, t.FollowUpDate, t.Key }).HasDatabaseName(UserTaskSearchData.FollowUpDateIndex);
        builder.HasIndex(t => new { t.TenantId, t.State, t.Priority, t.CreatedAt, t.Key }).HasDatabaseName(UserTaskSearchData.PriorityIndex);
        builder.HasIndex(t => new { t.TenantId, t.State, t.CreatedAt, t.Key }).HasDatabaseName(UserTaskSearchData.CreationIndex);
        builder.HasMany(t => t.Candidates).WithOne().HasForeignKey(c => c.UserTaskKey).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(t => t.Variables).WithOne().HasForeignKey(v => v.UserTaskKey).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserTaskVariableConfiguration : IEntityTypeConfiguration<UserTaskVariableEntity>
{
    public void Configure(EntityTypeBuilder<UserTaskVariableEntity> builder)
    {
        builder.ToTable("user_task_variables");
        builder.HasKey(v => new { v.UserTaskKey, v.Name });
        builder.Property(v => v.Name).HasMaxLength(255);
        builder.Property(v => v.Value).HasMaxLength(UserTaskSearchData.MaxVariableValueLength);
        // "Tasks whose instance has rechnungsnummer = R-1": found in the index, the task key read from it.
        builder.HasIndex(v => new { v.Name, v.Value, v.UserTaskKey });
    }
}

internal sealed class UserTaskCandidateConfiguration : IEntityTypeConfiguration<UserTaskCandidateEntity>
{
    public void Configure(EntityTypeBuilder<UserTaskCandidateEntity> builder)
    {
        builder.ToTable("user_task_candidates");
        builder.HasKey(c => new { c.UserTaskKey, c.Kind, c.Name });
        builder.Property(c => c.Kind).HasMaxLength(10);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasIndex(c => new { c.Kind, c.Name });
    }
}

internal sealed class TimerConfiguration : IEntityTypeConfiguration<TimerEntity>
{
    public void Configure(EntityTypeBuilder<TimerEntity> builder)
    {
        builder.ToTable("timers");
        builder.HasKey(t => t.Key);
        builder.Property(t => t.Key).ValueGeneratedNever();
        builder.Property(t => t.ElementId).HasMaxLength(255);
        builder.Property(t => t.TenantId).HasMaxLength(100);
        builder.Property(t => t.ClaimedBy).HasMaxLength(200);
        builder.HasIndex(t => t.DueAt);
        builder.HasIndex(t => t.ProcessInstanceKey);
        builder.Property(t => t.Cycle).HasMaxLength(500);
        builder.HasIndex(t => t.DefinitionKey);
    }
}

internal sealed class JobConfiguration : IEntityTypeConfiguration<JobEntity>
{
    public void Configure(EntityTypeBuilder<JobEntity> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Key);
        builder.Property(j => j.Key).ValueGeneratedNever();
        builder.Property(j => j.Type).HasMaxLength(255);
        builder.Property(j => j.ElementId).HasMaxLength(255);
        builder.Property(j => j.ProcessId).HasMaxLength(255);
        builder.Property(j => j.State).HasMaxLength(20);
        builder.Property(j => j.Worker).HasMaxLength(200);
        builder.Property(j => j.TenantId).HasMaxLength(100);
        builder.Property(j => j.Kind).HasMaxLength(30).HasDefaultValue(JobKinds.BpmnElement);
        builder.Property(j => j.ListenerEventType).HasMaxLength(20);
        builder.HasIndex(j => new { j.Type, j.State });
        builder.HasIndex(j => j.ProcessInstanceKey);
    }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentEntity>
{
    public void Configure(EntityTypeBuilder<IncidentEntity> builder)
    {
        builder.ToTable("incidents");
        builder.HasKey(i => i.Key);
        builder.Property(i => i.Key).ValueGeneratedNever();
        builder.Property(i => i.ElementId).HasMaxLength(255);
        builder.Property(i => i.ErrorType).HasMaxLength(50);
        builder.Property(i => i.State).HasMaxLength(20);
        builder.Property(i => i.TenantId).HasMaxLength(100);
        builder.HasIndex(i => new { i.State, i.ProcessInstanceKey });
    }
}

internal sealed class JournalEntryConfiguration : IEntityTypeConfiguration<JournalEntryEntity>
{
    public void Configure(EntityTypeBuilder<JournalEntryEntity> builder)
    {
        builder.ToTable("journal");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Actor).HasMaxLength(250);
        builder.Property(j => j.OnBehalfOf).HasMaxLength(200);
        builder.Property(j => j.Command).HasMaxLength(50);
        builder.Property(j => j.PreviousHash).HasMaxLength(64);
        builder.Property(j => j.Hash).HasMaxLength(64);
        builder.HasIndex(j => new { j.ProcessInstanceKey, j.Sequence }).IsUnique();
    }
}

internal sealed class NodeLeaseConfiguration : IEntityTypeConfiguration<NodeLeaseEntity>
{
    public void Configure(EntityTypeBuilder<NodeLeaseEntity> builder)
    {
        builder.ToTable("node_leases");
        builder.HasKey(l => l.NodeId);
        builder.Property(l => l.NodeId).ValueGeneratedNever();
        builder.Property(l => l.Owner).HasMaxLength(200);
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKeyEntity>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyEntity> builder)
    {
        builder.ToTable("data_protection_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<SessionEntity>
{
    public void Configure(EntityTypeBuilder<SessionEntity> builder)
    {
        builder.ToTable("sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(200);
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasIndex(s => s.UserId);
    }
}

internal sealed class DeletedInstanceConfiguration : IEntityTypeConfiguration<DeletedInstanceEntity>
{
    public void Configure(EntityTypeBuilder<DeletedInstanceEntity> builder)
    {
        builder.ToTable("deleted_instances");
        builder.HasKey(d => d.ProcessInstanceKey);
        builder.Property(d => d.ProcessInstanceKey).ValueGeneratedNever();
        builder.Property(d => d.TenantId).HasMaxLength(100);
        builder.Property(d => d.ProcessId).HasMaxLength(255);
        builder.Property(d => d.Status).HasMaxLength(20);
        builder.Property(d => d.JournalHash).HasMaxLength(64);
        builder.HasIndex(d => new { d.TenantId, d.DeletedAt });
    }
}

internal sealed class MessageSubscriptionConfiguration : IEntityTypeConfiguration<MessageSubscriptionEntity>
{
    public void Configure(EntityTypeBuilder<MessageSubscriptionEntity> builder)
    {
        builder.ToTable("message_subscriptions");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).ValueGeneratedNever();
        builder.Property(s => s.ProcessId).HasMaxLength(255);
        builder.Property(s => s.ElementId).HasMaxLength(255);
        builder.Property(s => s.MessageName).HasMaxLength(255);
        builder.Property(s => s.CorrelationKey).HasMaxLength(1000);
        builder.Property(s => s.TenantId).HasMaxLength(100);
        builder.HasIndex(s => new { s.TenantId, s.MessageName, s.CorrelationKey });
        builder.HasIndex(s => s.ProcessInstanceKey);
    }
}

internal sealed class SignalSubscriptionConfiguration : IEntityTypeConfiguration<SignalSubscriptionEntity>
{
    public void Configure(EntityTypeBuilder<SignalSubscriptionEntity> builder)
    {
        builder.ToTable("signal_subscriptions");
        builder.HasKey(s => s.Key);
        builder.Property(s => s.Key).ValueGeneratedNever();
        builder.Property(s => s.ElementId).HasMaxLength(255);
        builder.Property(s => s.SignalName).HasMaxLength(255);
        builder.Property(s => s.TenantId).HasMaxLength(100);
        builder.HasIndex(s => new { s.TenantId, s.SignalName });
        builder.HasIndex(s => s.ProcessInstanceKey);
    }
}

internal sealed class BufferedMessageConfiguration : IEntityTypeConfiguration<BufferedMessageEntity>
{
    public void Configure(EntityTypeBuilder<BufferedMessageEntity> builder)
    {
        builder.ToTable("buffered_messages");
        builder.HasKey(m => m.Key);
        builder.Property(m => m.Key).ValueGeneratedNever();
        builder.Property(m => m.Name).HasMaxLength(255);
        builder.Property(m => m.CorrelationKey).HasMaxLength(1000);
        builder.Property(m => m.MessageId).HasMaxLength(255);
        builder.Property(m => m.TenantId).HasMaxLength(100);
        builder.HasIndex(m => new { m.TenantId, m.Name, m.CorrelationKey });
        builder.HasIndex(m => m.ExpiresAt);
        builder.HasIndex(m => new { m.TenantId, m.MessageId });
    }
}

internal sealed class MessageIdConfiguration : IEntityTypeConfiguration<MessageIdEntity>
{
    public void Configure(EntityTypeBuilder<MessageIdEntity> builder)
    {
        builder.ToTable("message_ids");
        builder.HasKey(m => new { m.TenantId, m.MessageId });
        builder.Property(m => m.TenantId).HasMaxLength(100);
        builder.Property(m => m.MessageId).HasMaxLength(255);
        builder.HasIndex(m => m.ExpiresAt);
    }
}

internal sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxEntity>
{
    public void Configure(EntityTypeBuilder<OutboxEntity> builder)
    {
        builder.ToTable("outbox");
        builder.HasKey(o => o.Key);
        builder.Property(o => o.Key).ValueGeneratedNever();
        builder.Property(o => o.Kind).HasMaxLength(50);
        builder.Property(o => o.TenantId).HasMaxLength(100);
        builder.Property(o => o.LastError).HasMaxLength(2000);
        builder.HasIndex(o => o.CreatedAt);
    }
}

internal sealed class ClusterSecretConfiguration : IEntityTypeConfiguration<ClusterSecretEntity>
{
    public void Configure(EntityTypeBuilder<ClusterSecretEntity> builder)
    {
        builder.ToTable("cluster_secrets");
        builder.HasKey(s => s.Name);
        builder.Property(s => s.Name).HasMaxLength(100);
    }
}

internal sealed class WebhookContextConfiguration : IEntityTypeConfiguration<WebhookContextEntity>
{
    public void Configure(EntityTypeBuilder<WebhookContextEntity> builder)
    {
        builder.ToTable("webhook_contexts");
        builder.HasKey(w => new { w.TenantId, w.Context });
        builder.Property(w => w.TenantId).HasMaxLength(100);
        builder.Property(w => w.Context).HasMaxLength(100);
        builder.Property(w => w.ProcessId).HasMaxLength(255);
        builder.Property(w => w.ElementId).HasMaxLength(255);
        builder.HasIndex(w => new { w.TenantId, w.ProcessId });
    }
}

internal sealed class IdempotencyKeyConfiguration : IEntityTypeConfiguration<IdempotencyKeyEntity>
{
    public void Configure(EntityTypeBuilder<IdempotencyKeyEntity> builder)
    {
        builder.ToTable("idempotency_keys");
        builder.HasKey(k => new { k.TenantId, k.Scope, k.IdempotencyKey });
        builder.Property(k => k.TenantId).HasMaxLength(100);
        builder.Property(k => k.Scope).HasMaxLength(200);
        builder.Property(k => k.IdempotencyKey).HasMaxLength(255);
        builder.Property(k => k.RequestHash).HasMaxLength(64);
        builder.HasIndex(k => k.ExpiresAt);
    }
}
