using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ProzessEngine.Persistence.Configurations;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>
/// The engine's tables. Provider-specific subclasses own their migrations (SQLite, PostgreSQL); the model is the same.
/// </summary>
public abstract class EngineDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<DeploymentEntity> Deployments => Set<DeploymentEntity>();
    public DbSet<ProcessDefinitionEntity> ProcessDefinitions => Set<ProcessDefinitionEntity>();
    public DbSet<FormEntity> Forms => Set<FormEntity>();
    public DbSet<ProcessInstanceEntity> ProcessInstances => Set<ProcessInstanceEntity>();
    public DbSet<UserTaskEntity> UserTasks => Set<UserTaskEntity>();
    public DbSet<UserTaskCandidateEntity> UserTaskCandidates => Set<UserTaskCandidateEntity>();
    public DbSet<UserTaskVariableEntity> UserTaskVariables => Set<UserTaskVariableEntity>();
    public DbSet<TimerEntity> Timers => Set<TimerEntity>();
    public DbSet<JobEntity> Jobs => Set<JobEntity>();
    public DbSet<IncidentEntity> Incidents => Set<IncidentEntity>();
    public DbSet<JournalEntryEntity> Journal => Set<JournalEntryEntity>();
    public DbSet<NodeLeaseEntity> NodeLeases => Set<NodeLeaseEntity>();
    public DbSet<DataProtectionKeyEntity> DataProtectionKeys => Set<DataProtectionKeyEntity>();
    public DbSet<SessionEntity> Sessions => Set<SessionEntity>();
    public DbSet<DeletedInstanceEntity> DeletedInstances => Set<DeletedInstanceEntity>();
    public DbSet<MessageSubscriptionEntity> MessageSubscriptions => Set<MessageSubscriptionEntity>();
    public DbSet<SignalSubscriptionEntity> SignalSubscriptions => Set<SignalSubscriptionEntity>();
    public DbSet<BufferedMessageEntity> BufferedMessages => Set<BufferedMessageEntity>();
    public DbSet<MessageIdEntity> MessageIds => Set<MessageIdEntity>();
    public DbSet<OutboxEntity> Outbox => Set<OutboxEntity>();
    public DbSet<ClusterSecretEntity> ClusterSecrets => Set<ClusterSecretEntity>();
    public DbSet<SubstitutionEntity> Substitutions => Set<SubstitutionEntity>();
    public DbSet<SubstitutionDeputyEntity> SubstitutionDeputies => Set<SubstitutionDeputyEntity>();
    public DbSet<TaskCommentEntity> TaskComments => Set<TaskCommentEntity>();
    public DbSet<KnownUserEntity> KnownUsers => Set<KnownUserEntity>();
    public DbSet<WebhookContextEntity> WebhookContexts => Set<WebhookContextEntity>();
    public DbSet<IdempotencyKeyEntity> IdempotencyKeys => Set<IdempotencyKeyEntity>();
    public DbSet<TemplateEntity> Templates => Set<TemplateEntity>();
    public DbSet<DocumentEntity> Documents => Set<DocumentEntity>();
    public DbSet<EmailOutboxEntity> EmailOutbox => Set<EmailOutboxEntity>();
    public DbSet<DecisionRequirementsEntity> DecisionRequirements => Set<DecisionRequirementsEntity>();
    public DbSet<DecisionDefinitionEntity> DecisionDefinitions => Set<DecisionDefinitionEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new DeploymentConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessDefinitionConfiguration());
        modelBuilder.ApplyConfiguration(new FormConfiguration());
        modelBuilder.ApplyConfiguration(new ProcessInstanceConfiguration());
        modelBuilder.ApplyConfiguration(new UserTaskConfiguration());
        modelBuilder.ApplyConfiguration(new UserTaskCandidateConfiguration());
        modelBuilder.ApplyConfiguration(new UserTaskVariableConfiguration());
        modelBuilder.ApplyConfiguration(new TimerConfiguration());
        modelBuilder.ApplyConfiguration(new JobConfiguration());
        modelBuilder.ApplyConfiguration(new IncidentConfiguration());
        modelBuilder.ApplyConfiguration(new JournalEntryConfiguration());
        modelBuilder.ApplyConfiguration(new NodeLeaseConfiguration());
        modelBuilder.ApplyConfiguration(new DataProtectionKeyConfiguration());
        modelBuilder.ApplyConfiguration(new SessionConfiguration());
        modelBuilder.ApplyConfiguration(new DeletedInstanceConfiguration());
        modelBuilder.ApplyConfiguration(new MessageSubscriptionConfiguration());
        modelBuilder.ApplyConfiguration(new SignalSubscriptionConfiguration());
        modelBuilder.ApplyConfiguration(new BufferedMessageConfiguration());
        modelBuilder.ApplyConfiguration(new MessageIdConfiguration());
        modelBuilder.ApplyConfiguration(new OutboxConfiguration());
        modelBuilder.ApplyConfiguration(new ClusterSecretConfiguration());
        modelBuilder.ApplyConfiguration(new SubstitutionConfiguration());
        modelBuilder.ApplyConfiguration(new SubstitutionDeputyConfiguration());
        modelBuilder.ApplyConfiguration(new TaskCommentConfiguration());
        modelBuilder.ApplyConfiguration(new KnownUserConfiguration());
        modelBuilder.ApplyConfiguration(new WebhookContextConfiguration());
        modelBuilder.ApplyConfiguration(new IdempotencyKeyConfiguration());
        modelBuilder.ApplyConfiguration(new TemplateConfiguration());
        modelBuilder.ApplyConfiguration(new DocumentConfiguration());
        modelBuilder.ApplyConfiguration(new EmailOutboxConfiguration());
        modelBuilder.ApplyConfiguration(new DecisionRequirementsConfiguration());
        modelBuilder.ApplyConfiguration(new DecisionDefinitionConfiguration());
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // Instants are written as the command path writes them (StoredInstant: UTC, microseconds), whatever offset the
        // value carries: a timer start event's first due time comes in the zone of its cron or date.
        if (StoresInstantsAsTicks)
        {
            // SQLite cannot order or compare DateTimeOffset; UTC ticks sort correctly and round-trip exactly.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcInstantConverter>();
        }
    }

    protected virtual bool StoresInstantsAsTicks => false;

    // Reading gives back exactly what is stored: a journal written by an earlier version is verified against its own ticks.
    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => StoredInstant.From(value).UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));

    internal sealed class UtcInstantConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => StoredInstant.From(value),
        value => value);
}

public sealed class SqliteEngineDbContext(DbContextOptions<SqliteEngineDbContext> options) : EngineDbContext(options)
{
    protected override bool StoresInstantsAsTicks => true;
}

public sealed class PostgresEngineDbContext(DbContextOptions<PostgresEngineDbContext> options) : EngineDbContext(options);
