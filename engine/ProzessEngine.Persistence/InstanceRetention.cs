using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>What one retention run deleted.</summary>
public sealed record RetentionResult(int DeletedInstances, IReadOnlyList<long> ProcessInstanceKeys);

/// <summary>
/// Deletes completed and terminated instances once their retention has passed: the process's own <c>prozessengine:retentionDays</c>
/// property, else the configured default (none: kept for good). An instance goes with everything that belongs to it —
/// tasks, incidents, jobs, timers and its journal — and leaves a tombstone (<see cref="DeletedInstanceEntity"/>) with the
/// final journal hash. Active instances are never touched.
/// </summary>
public sealed class InstanceRetention(EngineDatabase database, TimeProvider clock)
{
    // Deployed versions never change, so neither does their retention.
    private readonly ConcurrentDictionary<long, int?> _retentionOfDefinition = new();

    /// <summary>Deletes up to <paramref name="batchSize"/> instances whose retention has passed, oldest end first.</summary>
    public async Task<RetentionResult> DeleteExpiredAsync(int? defaultDays, int batchSize, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        var now = clock.GetUtcNow();
        var deleted = new List<long>();
        foreach (var (definitionKey, days) in await RetentionByDefinitionAsync(defaultDays, cancellationToken))
        {
            if (deleted.Count >= batchSize)
            {
                break;
            }

            var endedBefore = now.AddDays(-days);
            await using var context = database.CreateContext();
            var keys = await context.ProcessInstances.AsNoTracking()
                .Where(i => i.DefinitionKey == definitionKey
                    && (i.Status == InstanceStatuses.Completed || i.Status == InstanceStatuses.Terminated)
                    && i.EndedAt < endedBefore)
                .OrderBy(i => i.EndedAt)
                .Select(i => i.Key)
                .Take(batchSize - deleted.Count)
                .ToListAsync(cancellationToken);
            if (keys.Count > 0)
            {
                await DeleteAsync(keys, days, now, cancellationToken);
                deleted.AddRange(keys);
            }
        }

        return new RetentionResult(deleted.Count, deleted);
    }

    private async Task DeleteAsync(List<long> keys, int days, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (database.WriteGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
        }

        try
        {
            await using var context = database.CreateContext();
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            var ended = await context.ProcessInstances.AsNoTracking()
                .Where(i => keys.Contains(i.Key) && (i.Status == InstanceStatuses.Completed || i.Status == InstanceStatuses.Terminated))
                .ToListAsync(cancellationToken);
            context.DeletedInstances.AddRange(ended.Select(i => new DeletedInstanceEntity
            {
                ProcessInstanceKey = i.Key,
                TenantId = i.TenantId,
                ProcessId = i.ProcessId,
                Version = i.Version,
                Status = i.Status,
                StartedAt = i.StartedAt,
                EndedAt = i.EndedAt,
                JournalEntries = i.JournalSequence,
                JournalHash = i.JournalHash,
                RetentionDays = days,
                DeletedAt = now,
            }));
            await context.SaveChangesAsync(cancellationToken);
            var endedKeys = ended.Select(i => i.Key).ToList();
            var taskKeys = context.UserTasks.Where(t => endedKeys.Contains(t.ProcessInstanceKey)).Select(t => t.Key);
            await context.UserTaskCandidates.Where(c => taskKeys.Contains(c.UserTaskKey)).ExecuteDeleteAsync(cancellationToken);
            await context.UserTaskVariables.Where(v => taskKeys.Contains(v.UserTaskKey)).ExecuteDeleteAsync(cancellationToken);
            await context.TaskComments.Where(c => endedKeys.Contains(c.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.UserTasks.Where(t => endedKeys.Contains(t.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.Incidents.Where(i => endedKeys.Contains(i.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.Jobs.Where(j => endedKeys.Contains(j.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.Timers.Where(t => endedKeys.Contains(t.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.MessageSubscriptions.Where(m => endedKeys.Contains(m.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.SignalSubscriptions.Where(m => endedKeys.Contains(m.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.Journal.Where(j => endedKeys.Contains(j.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.Documents.Where(d => endedKeys.Contains(d.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.EmailOutbox.Where(m => endedKeys.Contains(m.ProcessInstanceKey)).ExecuteDeleteAsync(cancellationToken);
            await context.ProcessInstances.Where(i => endedKeys.Contains(i.Key)).ExecuteDeleteAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            database.WriteGate?.Release();
        }
    }

    /// <summary>Each deployed version with a retention (its own or the default), in key order; versions kept for good are left out.</summary>
    private async Task<List<(long Key, int Days)>> RetentionByDefinitionAsync(int? defaultDays, CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var keys = await context.ProcessDefinitions.AsNoTracking().OrderBy(d => d.Key).Select(d => d.Key).ToListAsync(cancellationToken);
        var unknown = keys.Where(k => !_retentionOfDefinition.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            var models = await context.ProcessDefinitions.AsNoTracking().Where(d => unknown.Contains(d.Key))
                .Select(d => new { d.Key, d.ProcessId, d.Xml }).ToListAsync(cancellationToken);
            foreach (var model in models)
            {
                int? days;
                try
                {
                    days = ProcessProperties.RetentionDays(ProcessProperties.Read(model.Xml, model.ProcessId));
                }
                catch (FormatException)
                {
                    // Deployment rejects such values; a model stored before that check keeps its instances rather than guessing.
                    days = -1;
                }

                _retentionOfDefinition[model.Key] = days;
            }
        }

        var result = new List<(long, int)>();
        foreach (var key in keys)
        {
            var own = _retentionOfDefinition.GetValueOrDefault(key);
            if (own == -1)
            {
                continue;
            }

            if ((own ?? defaultDays) is { } days)
            {
                result.Add((key, days));
            }
        }

        return result;
    }
}
