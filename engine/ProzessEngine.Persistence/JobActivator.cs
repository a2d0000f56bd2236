using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;
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
    string TenantId)
{
    /// <summary>BPMN_ELEMENT, EXECUTION_LISTENER, TASK_LISTENER or AD_HOC_SUB_PROCESS, so that a worker can tell listener jobs apart.</summary>
    public string Kind { get; init; } = JobKinds.BpmnElement;

    /// <summary>START, END, CREATING, ASSIGNING, UPDATING, COMPLETING, CANCELING; UNSPECIFIED for other jobs (Camunda 8's names).</summary>
    public string ListenerEventType { get; init; } = "UNSPECIFIED";

    /// <summary>For a task listener job: the task as the listener sees it (with the request's changes and earlier corrections).</summary>
    public ActivatedUserTask? UserTask { get; init; }

    /// <summary>The deployed version the instance runs, for the engine's own workers (not part of the API's answer).</summary>
    [JsonIgnore]
    public long ProcessDefinitionKey { get; init; }

    /// <summary>
    /// The job element's own variables (its input mappings), for the engine's own workers, which read their settings
    /// from them and never from a process variable of the same name (not part of the API's answer).
    /// </summary>
    [JsonIgnore]
    public JsonObject LocalVariables { get; init; } = [];
}

/// <summary>The user task of a task listener job, as Camunda 8.8 hands it to the worker.</summary>
public sealed record ActivatedUserTask(
    long UserTaskKey,
    string Action,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    IReadOnlyList<string> ChangedAttributes,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    long? FormKey,
    int Priority);

/// <summary>
/// Hands jobs to workers. A job is locked to one worker until its deadline; an expired lock makes it available again,
/// so a crashed worker loses no work. Locking is a conditional update, safe with several nodes.
/// </summary>
public sealed class JobActivator(EngineDatabase database, TimeProvider clock)
{
    public Task<IReadOnlyList<ActivatedJob>> ActivateAsync(string type, string worker, TimeSpan timeout, int maxJobs, string tenantId,
        CancellationToken cancellationToken = default) =>
        ActivateAsync(type, worker, timeout, maxJobs, [tenantId], cancellationToken);

    /// <summary>
    /// Locks up to <paramref name="maxJobs"/> jobs of the type from any of the tenants, oldest first. The engine's own
    /// workers pass <see cref="EveryTenant"/>: they serve every tenant.
    /// </summary>
    public async Task<IReadOnlyList<ActivatedJob>> ActivateAsync(string type, string worker, TimeSpan timeout, int maxJobs,
        IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var everyTenant = ReferenceEquals(tenantIds, EveryTenant);
        var tenants = tenantIds.ToList();
        var now = clock.GetUtcNow();
        var deadline = now + timeout;
        await using var context = database.CreateContext();
        var candidates = await context.Jobs.AsNoTracking()
            .Where(j => j.Type == type && (everyTenant || tenants.Contains(j.TenantId)) && j.Retries > 0
                && (j.State == JobStates.Created || ((j.State == JobStates.Activated || j.State == JobStates.Failed) && j.DeadlineAt < now)))
            .OrderBy(j => j.Key)
            .Take(maxJobs)
            .ToListAsync(cancellationToken);

        var activated = new List<ActivatedJob>();
        foreach (var job in candidates)
        {
            // Still as read: open, or locked or backing off with a lapsed deadline (another worker's lock sets a deadline
            // after now).
            // Instants are compared by range only: a stored instant need not equal the one it was computed from.
            var previousState = job.State;
            var locked = await context.Jobs
                .Where(j => j.Key == job.Key && j.State == previousState && (previousState == JobStates.Created || j.DeadlineAt < now))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.State, JobStates.Activated)
                    .SetProperty(j => j.Worker, worker)
                    .SetProperty(j => j.DeadlineAt, deadline), cancellationToken);
            if (locked == 0)
            {
                continue;
            }

            var row = await context.ProcessInstances.AsNoTracking().Where(i => i.Key == job.ProcessInstanceKey)
                .Select(i => new { i.State, i.DefinitionKey })
                .SingleAsync(cancellationToken);
            var instance = InstanceStateSerializer.Deserialize(row.State);
            var variables = new JsonObject();
            foreach (var (name, value) in instance.Variables.Entries)
            {
                variables[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
            }

            var locals = new JsonObject();
            foreach (var (name, value) in instance.FindElement(job.ElementInstanceKey)?.Variables?.Entries ?? [])
            {
                variables[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
                locals[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
            }

            var userTask = job.Kind == JobKinds.TaskListener
                ? await TaskListenerViewAsync(context, job, instance.FindElement(job.ElementInstanceKey), cancellationToken)
                : null;
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(job.CustomHeaders) ?? [];
            if (userTask is not null)
            {
                AddReservedHeaders(headers, userTask);
            }

            activated.Add(new ActivatedJob(job.Key, job.Type, job.ProcessInstanceKey, job.ProcessId, job.ElementId, job.ElementInstanceKey, job.Retries,
                deadline, worker, headers, variables, job.TenantId)
            {
                Kind = job.Kind,
                ListenerEventType = job.ListenerEventType ?? "UNSPECIFIED",
                UserTask = userTask,
                ProcessDefinitionKey = row.DefinitionKey,
                LocalVariables = locals,
            });
        }

        return activated;
    }

    /// <summary>
    /// Pass as the tenants to take jobs of every tenant (the engine's own workers). Recognised by reference: an empty
    /// list from anyone else still takes no job.
    /// </summary>
    public static IReadOnlyCollection<string> EveryTenant { get; } = new System.Collections.ObjectModel.ReadOnlyCollection<string>(new List<string>());

    /// <summary>
    /// Moves the lock of a job this worker holds to <paramref name="deadline"/> (a job's own timeout, known only once
    /// it is read). False when the job is no longer locked by the worker: another took it over, or it ended.
    /// </summary>
    public async Task<bool> RelockAsync(long jobKey, string worker, DateTimeOffset deadline, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var now = clock.GetUtcNow();
        return await context.Jobs
            .Where(j => j.Key == jobKey && j.State == JobStates.Activated && j.Worker == worker && j.DeadlineAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.DeadlineAt, deadline), cancellationToken) == 1;
    }

    /// <summary>
    /// The task a task listener sees: its row, with what the transition changes and what earlier listeners corrected
    /// laid over it (Camunda 8.8: corrections are visible to the listeners that follow).
    /// </summary>
    private static async Task<ActivatedUserTask?> TaskListenerViewAsync(EngineDbContext context, JobEntity job, ElementInstance? element,
        CancellationToken cancellationToken)
    {
        var row = await context.UserTasks.AsNoTracking()
            .Where(t => t.ProcessInstanceKey == job.ProcessInstanceKey && t.ElementInstanceKey == job.ElementInstanceKey)
            .OrderByDescending(t => t.Key)
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var assignee = row.Assignee;
        var groups = Split(row.CandidateGroups);
        var users = Split(row.CandidateUsers);
        var (dueDate, followUpDate, priority) = (row.DueDate, row.FollowUpDate, row.Priority);
        var changed = new List<string>();
        var transition = element?.TaskTransition;
        foreach (var (name, value) in transition is null ? [] : transition.Changes.Entries.Concat(transition.Corrections.Entries))
        {
            switch (name)
            {
                case UserTaskAttributes.Assignee:
                    assignee = value.TryGetString(out var text) && text.Length > 0 ? text : null;
                    Changed(name, assignee != row.Assignee);
                    break;
                case UserTaskAttributes.CandidateGroups:
                    groups = Names(value);
                    Changed(name, !groups.SequenceEqual(Split(row.CandidateGroups)));
                    break;
                case UserTaskAttributes.CandidateUsers:
                    users = Names(value);
                    Changed(name, !users.SequenceEqual(Split(row.CandidateUsers)));
                    break;
                case UserTaskAttributes.DueDate:
                    dueDate = Instant(value);
                    Changed(name, dueDate != row.DueDate);
                    break;
                case UserTaskAttributes.FollowUpDate:
                    followUpDate = Instant(value);
                    Changed(name, followUpDate != row.FollowUpDate);
                    break;
                case UserTaskAttributes.Priority:
                    priority = value.TryGetInt64(out var number) ? (int)number : priority;
                    Changed(name, priority != row.Priority);
                    break;
            }
        }

        return new ActivatedUserTask(row.Key, transition?.Action ?? "", assignee, groups, users, changed, dueDate, followUpDate, row.FormKey, priority);

        void Changed(string name, bool differs)
        {
            changed.Remove(name);
            if (differs)
            {
                changed.Add(name);
            }
        }
    }

    /// <summary>
    /// Camunda 8.7 handed the task to task listeners in reserved headers, not in <c>userTask</c>; workers written for it
    /// read them there, so they are kept beside the 8.8 shape.
    /// </summary>
    private static void AddReservedHeaders(Dictionary<string, string> headers, ActivatedUserTask task)
    {
        const string Prefix = "io.camunda.zeebe:";
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        headers[Prefix + "userTaskKey"] = task.UserTaskKey.ToString(invariant);
        headers[Prefix + "action"] = task.Action;
        headers[Prefix + "candidateGroups"] = JsonSerializer.Serialize(task.CandidateGroups);
        headers[Prefix + "candidateUsers"] = JsonSerializer.Serialize(task.CandidateUsers);
        headers[Prefix + "priority"] = task.Priority.ToString(invariant);
        if (task.Assignee is { } assignee)
        {
            headers[Prefix + "assignee"] = assignee;
        }

        if (task.DueDate is { } due)
        {
            headers[Prefix + "dueDate"] = due.ToString("O", invariant);
        }

        if (task.FollowUpDate is { } followUp)
        {
            headers[Prefix + "followUpDate"] = followUp.ToString("O", invariant);
        }

        if (task.FormKey is { } formKey)
        {
            headers[Prefix + "formKey"] = formKey.ToString(invariant);
        }
    }

    private static List<string> Split(string names) => [.. names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static List<string> Names(FeelValue value) =>
        value.Kind == FeelValueKind.List ? [.. value.AsList().Select(n => n.TryGetString(out var text) ? text : "").Where(n => n.Length > 0)] : [];

    private static DateTimeOffset? Instant(FeelValue value) =>
        value.TryGetString(out var text) && text.Length > 0
            ? DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind)
            : null;
}
