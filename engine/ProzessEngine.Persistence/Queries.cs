using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

public sealed record Page(int From = 0, int Limit = 100)
{
    public const int MaxLimit = 1000;
}

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalItems);

public sealed record ProcessDefinitionView(long ProcessDefinitionKey, string ProcessDefinitionId, string? Name, int Version, string ResourceName,
    string TenantId, DateTimeOffset CreatedAt);

public sealed record ActiveElementView(long ElementInstanceKey, string ElementId, string? ElementName, string ElementType, string State);

public sealed record IncidentView(long IncidentKey, long ProcessInstanceKey, string ElementId, long ElementInstanceKey, string ErrorType,
    string ErrorMessage, string State, DateTimeOffset CreationTime, long? JobKey, string TenantId);

public sealed record ProcessInstanceView(
    long ProcessInstanceKey,
    long ProcessDefinitionKey,
    string ProcessDefinitionId,
    string? ProcessDefinitionName,
    int ProcessDefinitionVersion,
    string State,
    DateTimeOffset StartDate,
    DateTimeOffset? EndDate,
    bool HasIncident,
    string TenantId,
    JsonObject? Variables,
    IReadOnlyList<ActiveElementView>? ActiveElements,
    IReadOnlyList<IncidentView>? Incidents);

public sealed record UserTaskView(
    long UserTaskKey,
    string Name,
    string State,
    string? Assignee,
    IReadOnlyList<string> CandidateGroups,
    IReadOnlyList<string> CandidateUsers,
    string ElementId,
    long ElementInstanceKey,
    string ProcessDefinitionId,
    long ProcessDefinitionKey,
    int ProcessDefinitionVersion,
    long ProcessInstanceKey,
    long? FormKey,
    string? FormId,
    DateTimeOffset CreationDate,
    DateTimeOffset? CompletionDate,
    DateTimeOffset? DueDate,
    DateTimeOffset? FollowUpDate,
    int Priority,
    string TenantId);

public sealed record FormView(long? FormKey, string FormId, int Version, string Schema, string TenantId);

public sealed record JournalEntryView(int Sequence, DateTimeOffset At, string Actor, string Command, JsonArray Events, string Hash);

/// <summary>
/// The outcome of checking an instance's journal: every entry's hash recomputed, every link to its predecessor, the
/// sequence without gaps, and the newest entry matching what the instance row recorded (so a removed tail shows too).
/// </summary>
public sealed record JournalVerification(bool Valid, int Entries, string? LastHash, int? FirstBrokenSequence, string? Problem);

/// <summary>Who asks: tasks are visible to their candidates and assignee; operators see all of their tenant.</summary>
public sealed record TaskVisibility(string UserId, IReadOnlyCollection<string> Groups, bool SeesAll);

public sealed record UserTaskFilter(string? CandidateGroup = null, string? Assignee = null, string? State = null, long? ProcessInstanceKey = null,
    string? ProcessDefinitionId = null);

/// <summary>Read side for the API: definitions, instances, tasks, incidents, journal.</summary>
public sealed class EngineQueries(EngineDatabase database, DefinitionCache definitions)
{
    public async Task<PagedResult<ProcessDefinitionView>> SearchDefinitionsAsync(string tenantId, string? processId, bool latestOnly, Page page,
        CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var query = context.ProcessDefinitions.AsNoTracking().Where(d => d.TenantId == tenantId);
        if (!string.IsNullOrEmpty(processId))
        {
            query = query.Where(d => d.ProcessId == processId);
        }

        if (latestOnly)
        {
            query = query.Where(d => d.Version == context.ProcessDefinitions
                .Where(o => o.TenantId == d.TenantId && o.ProcessId == d.ProcessId).Max(o => o.Version));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(d => d.ProcessId).ThenByDescending(d => d.Version)
            .Skip(page.From).Take(page.Limit)
            .Select(d => new ProcessDefinitionView(d.Key, d.ProcessId, d.Name, d.Version, d.ResourceName, d.TenantId, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProcessDefinitionView>(items, total);
    }

    public async Task<ProcessDefinitionView?> GetDefinitionAsync(long key, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key && d.TenantId == tenantId)
            .Select(d => new ProcessDefinitionView(d.Key, d.ProcessId, d.Name, d.Version, d.ResourceName, d.TenantId, d.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> GetDefinitionXmlAsync(long key, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key && d.TenantId == tenantId)
            .Select(d => d.Xml).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<ProcessInstanceView?> GetInstanceAsync(long key, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var entity = await context.ProcessInstances.AsNoTracking().SingleOrDefaultAsync(i => i.Key == key && i.TenantId == tenantId, cancellationToken);
        if (entity is null)
        {
            return null;
        }

        var process = await definitions.GetAsync(entity.DefinitionKey, cancellationToken);
        var state = InstanceStateSerializer.Deserialize(entity.State);
        var incidents = await context.Incidents.AsNoTracking()
            .Where(i => i.ProcessInstanceKey == key && i.State == IncidentStates.Active)
            .OrderBy(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
        var active = state.Elements
            .OrderBy(e => e.Key)
            .Select(e => ActiveElement(process.Model, e))
            .ToList();
        return ToView(entity, process.Name, ToJson(state.Variables.Entries), active, [.. incidents.Select(ToView)]);
    }

    public async Task<PagedResult<ProcessInstanceView>> SearchInstancesAsync(string tenantId, string? processId, string? state, Page page,
        CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var query = context.ProcessInstances.AsNoTracking().Where(i => i.TenantId == tenantId);
        if (!string.IsNullOrEmpty(processId))
        {
            query = query.Where(i => i.ProcessId == processId);
        }

        if (!string.IsNullOrEmpty(state))
        {
            query = query.Where(i => i.Status == state);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(i => i.Key).Skip(page.From).Take(page.Limit)
            .Select(i => new { i.Key, i.DefinitionKey, i.ProcessId, i.Version, i.Status, i.StartedAt, i.EndedAt, i.HasIncident, i.TenantId })
            .ToListAsync(cancellationToken);
        var items = rows.Select(i => new ProcessInstanceView(i.Key, i.DefinitionKey, i.ProcessId, null, i.Version, i.Status, i.StartedAt, i.EndedAt,
            i.HasIncident, i.TenantId, null, null, null)).ToList();
        return new PagedResult<ProcessInstanceView>(items, total);
    }

    public async Task<PagedResult<UserTaskView>> SearchUserTasksAsync(string tenantId, UserTaskFilter filter, TaskVisibility visibility, Page page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(visibility);
        await using var context = database.CreateContext();
        var query = context.UserTasks.AsNoTracking().Where(t => t.TenantId == tenantId);
        if (!visibility.SeesAll)
        {
            var groups = visibility.Groups.ToList();
            var user = visibility.UserId;
            query = query.Where(t => t.Assignee == user
                || t.Candidates.Any(c => (c.Kind == CandidateKinds.Group && groups.Contains(c.Name)) || (c.Kind == CandidateKinds.User && c.Name == user)));
        }

        if (!string.IsNullOrEmpty(filter.CandidateGroup))
        {
            query = query.Where(t => t.Candidates.Any(c => c.Kind == CandidateKinds.Group && c.Name == filter.CandidateGroup));
        }

        if (!string.IsNullOrEmpty(filter.Assignee))
        {
            query = query.Where(t => t.Assignee == filter.Assignee);
        }

        if (!string.IsNullOrEmpty(filter.State))
        {
            query = query.Where(t => t.State == filter.State);
        }

        if (filter.ProcessInstanceKey is { } instanceKey)
        {
            query = query.Where(t => t.ProcessInstanceKey == instanceKey);
        }

        if (!string.IsNullOrEmpty(filter.ProcessDefinitionId))
        {
            query = query.Where(t => t.ProcessId == filter.ProcessDefinitionId);
        }

        var total = await query.CountAsync(cancellationToken);
        var tasks = await query.OrderByDescending(t => t.Priority).ThenBy(t => t.CreatedAt).ThenBy(t => t.Key)
            .Skip(page.From).Take(page.Limit).ToListAsync(cancellationToken);
        return new PagedResult<UserTaskView>([.. tasks.Select(ToView)], total);
    }

    public async Task<UserTaskView?> GetUserTaskAsync(long key, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var task = await context.UserTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key && t.TenantId == tenantId, cancellationToken);
        return task is null ? null : ToView(task);
    }

    public static bool CanSee(UserTaskView task, TaskVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(visibility);
        return visibility.SeesAll
            || task.Assignee == visibility.UserId
            || task.CandidateUsers.Contains(visibility.UserId)
            || task.CandidateGroups.Any(visibility.Groups.Contains);
    }

    /// <summary>The task's form: the linked form version bound at creation, or the form embedded in the process.</summary>
    public async Task<FormView?> GetUserTaskFormAsync(UserTaskView task, string? embeddedFormKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var context = database.CreateContext();
        if (task.FormKey is { } formKey)
        {
            return await context.Forms.AsNoTracking().Where(f => f.Key == formKey)
                .Select(f => new FormView(f.Key, f.FormId, f.Version, f.Schema, f.TenantId)).SingleOrDefaultAsync(cancellationToken);
        }

        if (embeddedFormKey is not null)
        {
            var process = await definitions.GetAsync(task.ProcessDefinitionKey, cancellationToken);
            if (process.Model.EmbeddedForms.TryGetValue(embeddedFormKey, out var schema))
            {
                return new FormView(null, embeddedFormKey, task.ProcessDefinitionVersion, schema, task.TenantId);
            }
        }

        return null;
    }

    public async Task<string?> GetEmbeddedFormKeyAsync(long userTaskKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.UserTasks.AsNoTracking().Where(t => t.Key == userTaskKey).Select(t => t.EmbeddedFormKey).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The variables an open task sees: its own local variables over those of its scopes and the process.</summary>
    public async Task<JsonObject> GetUserTaskVariablesAsync(UserTaskView task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        await using var context = database.CreateContext();
        var stateBytes = await context.ProcessInstances.AsNoTracking().Where(i => i.Key == task.ProcessInstanceKey).Select(i => i.State)
            .SingleAsync(cancellationToken);
        var state = InstanceStateSerializer.Deserialize(stateBytes);
        var visible = new Dictionary<string, FeelValue>(StringComparer.Ordinal);
        foreach (var (name, value) in state.Variables.Entries)
        {
            visible[name] = value;
        }

        var chain = new List<ElementInstance>();
        for (var element = state.FindElement(task.ElementInstanceKey); element is not null;
             element = element.ScopeKey == state.Key ? null : state.FindElement(element.ScopeKey))
        {
            chain.Add(element);
        }

        chain.Reverse();
        foreach (var element in chain)
        {
            foreach (var (name, value) in element.Variables?.Entries ?? [])
            {
                visible[name] = value;
            }
        }

        return ToJson(visible);
    }

    public async Task<PagedResult<IncidentView>> SearchIncidentsAsync(string tenantId, long? processInstanceKey, string? state, Page page,
        CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var query = context.Incidents.AsNoTracking().Where(i => i.TenantId == tenantId);
        if (processInstanceKey is { } key)
        {
            query = query.Where(i => i.ProcessInstanceKey == key);
        }

        if (!string.IsNullOrEmpty(state))
        {
            query = query.Where(i => i.State == state);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderBy(i => i.Key).Skip(page.From).Take(page.Limit).ToListAsync(cancellationToken);
        return new PagedResult<IncidentView>([.. rows.Select(ToView)], total);
    }

    public async Task<IReadOnlyList<JournalEntryView>> GetJournalAsync(long processInstanceKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var rows = await context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == processInstanceKey)
            .OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new JournalEntryView(r.Sequence, r.At, r.Actor, r.Command, (JsonArray)JsonNode.Parse(r.Events)!, r.Hash))];
    }

    /// <summary>Checks the hash chain of an instance's journal; null when the instance does not exist.</summary>
    public async Task<JournalVerification?> VerifyJournalAsync(long processInstanceKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var head = await context.ProcessInstances.AsNoTracking().Where(i => i.Key == processInstanceKey)
            .Select(i => new { i.JournalSequence, i.JournalHash }).SingleOrDefaultAsync(cancellationToken);
        if (head is null)
        {
            return null;
        }

        var expectedSequence = 1;
        var previousHash = JournalChain.Genesis;
        await foreach (var entry in context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == processInstanceKey).OrderBy(j => j.Sequence)
                           .AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var problem = entry.Sequence != expectedSequence ? $"entry {expectedSequence} is missing"
                : entry.PreviousHash != previousHash ? "its link to the previous entry does not match that entry's hash"
                : !JournalChain.Verifies(entry) ? "its content does not match its hash (it was changed after it was written)"
                : null;
            if (problem is not null)
            {
                return new JournalVerification(false, expectedSequence - 1, previousHash, Math.Min(entry.Sequence, expectedSequence),
                    $"Entry {Math.Min(entry.Sequence, expectedSequence)}: {problem}.");
            }

            previousHash = entry.Hash;
            expectedSequence++;
        }

        var entries = expectedSequence - 1;
        if (entries != head.JournalSequence || previousHash != head.JournalHash)
        {
            return new JournalVerification(false, entries, previousHash, entries + 1,
                $"The instance recorded {head.JournalSequence} entries ending in hash {head.JournalHash}, but the journal has {entries}: entries were removed.");
        }

        return new JournalVerification(true, entries, previousHash, null, null);
    }

    private static ActiveElementView ActiveElement(ProcessModel model, ElementInstance element)
    {
        var node = model.Nodes.GetValueOrDefault(element.ElementId);
        var state = element.Incident is not null ? "INCIDENT" : element.State switch
        {
            ElementState.Waiting => "ACTIVE",
            ElementState.Activating => "ACTIVATING",
            _ => "COMPLETING",
        };
        return new ActiveElementView(element.Key, element.ElementId, node?.Name, node?.ElementType ?? "unknown", state);
    }

    private static ProcessInstanceView ToView(ProcessInstanceEntity entity, string? name, JsonObject? variables,
        IReadOnlyList<ActiveElementView>? active, IReadOnlyList<IncidentView>? incidents) =>
        new(entity.Key, entity.DefinitionKey, entity.ProcessId, name, entity.Version, entity.Status, entity.StartedAt, entity.EndedAt,
            entity.HasIncident, entity.TenantId, variables, active, incidents);

    private static IncidentView ToView(IncidentEntity i) =>
        new(i.Key, i.ProcessInstanceKey, i.ElementId, i.ElementInstanceKey, i.ErrorType, i.Message, i.State, i.CreatedAt, i.JobKey, i.TenantId);

    private static UserTaskView ToView(UserTaskEntity t) =>
        new(t.Key, t.Name, t.State, t.Assignee, Split(t.CandidateGroups), Split(t.CandidateUsers), t.ElementId, t.ElementInstanceKey, t.ProcessId,
            t.DefinitionKey, t.ProcessVersion, t.ProcessInstanceKey, t.FormKey, t.FormId ?? t.EmbeddedFormKey, t.CreatedAt, t.CompletedAt, t.DueDate,
            t.FollowUpDate, t.Priority, t.TenantId);

    private static string[] Split(string names) => names.Length == 0 ? [] : names.Split(',');

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, FeelValue>> variables)
    {
        var result = new JsonObject();
        foreach (var (name, value) in variables)
        {
            result[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
        }

        return result;
    }
}
