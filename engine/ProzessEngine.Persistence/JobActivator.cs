using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

public sealed record ActivatedJob(
    long JobKey,
    string Type,
    long ProcessInstanceKey,
    string ProcessDefinitionId,
    string ElementId,
    long ElementInstanceKey,
    int Retries,
    DateTimeOffset Deadline,
    string Worker,
    IReadOnlyDictionary<string, string> CustomHeaders,
    JsonObject Variables,
    string TenantId);

/// <summary>
/// Hands jobs to workers. A job is locked to one worker until its deadline; an expired lock makes it available again,
/// so a crashed worker loses no work. Locking is a conditional update, safe with several nodes.
/// </summary>
public sealed class JobActivator(EngineDatabase database, TimeProvider clock)
{
    public Task<IReadOnlyList<ActivatedJob>> ActivateAsync(string type, string worker, TimeSpan timeout, int maxJobs, string tenantId,
        CancellationToken cancellationToken = default) =>
        ActivateAsync(type, worker, timeout, maxJobs, [tenantId], cancellationToken);

    /// <summary>Locks up to <paramref name="maxJobs"/> jobs of the type from any of the tenants, oldest first.</summary>
    public async Task<IReadOnlyList<ActivatedJob>> ActivateAsync(string type, string worker, TimeSpan timeout, int maxJobs,
        IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var tenants = tenantIds.ToList();
        var now = clock.GetUtcNow();
        var deadline = now + timeout;
        await using var context = database.CreateContext();
        var candidates = await context.Jobs.AsNoTracking()
            .Where(j => j.Type == type && tenants.Contains(j.TenantId) && j.Retries > 0
                && (j.State == JobStates.Created || (j.State == JobStates.Activated && j.DeadlineAt < now)))
            .OrderBy(j => j.Key)
            .Take(maxJobs)
            .ToListAsync(cancellationToken);

        var activated = new List<ActivatedJob>();
        foreach (var job in candidates)
        {
            var previousState = job.State;
            var previousDeadline = job.DeadlineAt;
            var locked = await context.Jobs
                .Where(j => j.Key == job.Key && j.State == previousState && j.DeadlineAt == previousDeadline)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobStates.Activated)
                    .SetProperty(j => j.Worker, worker)
                    .SetProperty(j => j.DeadlineAt, deadline), cancellationToken);
            if (locked == 0)
            {
                continue;
            }

            var state = await context.ProcessInstances.AsNoTracking().Where(i => i.Key == job.ProcessInstanceKey).Select(i => i.State)
                .SingleAsync(cancellationToken);
            var instance = InstanceStateSerializer.Deserialize(state);
            var variables = new JsonObject();
            foreach (var (name, value) in instance.Variables.Entries)
            {
                variables[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
            }

            foreach (var (name, value) in instance.FindElement(job.ElementInstanceKey)?.Variables?.Entries ?? [])
            {
                variables[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
            }

            activated.Add(new ActivatedJob(job.Key, job.Type, job.ProcessInstanceKey, job.ProcessId, job.ElementId, job.ElementInstanceKey, job.Retries,
                deadline, worker, JsonSerializer.Deserialize<Dictionary<string, string>>(job.CustomHeaders) ?? [], variables, job.TenantId));
        }

        return activated;
    }
}
