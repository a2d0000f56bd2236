using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A page: by offset (<see cref="From"/>), or after or before a cursor of an earlier answer (searches that offer cursors).</summary>
public sealed record Page(int From = 0, int Limit = 100, string? After = null, string? Before = null)
{
    public const int MaxLimit = 1000;
}

/// <summary>
/// One page of a search. <see cref="TotalItems"/> counts every match, except where a search counts only up to a bound
/// (then <see cref="HasMoreTotalItems"/> says there are more, as Camunda 8 answers); the cursors are those of the first
/// and last item, where the search offers cursors.
/// </summary>
public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalItems)
{
    public bool HasMoreTotalItems { get; init; }

    public string? StartCursor { get; init; }

    public string? EndCursor { get; init; }
}

public sealed record ProcessDefinitionView(long ProcessDefinitionKey, string ProcessDefinitionId, string? Name, int Version, string ResourceName,
    string TenantId, DateTimeOffset CreatedAt);

public sealed record ActiveElementView(long ElementInstanceKey, string ElementId, string? ElementName, string ElementType, string State);

public sealed record IncidentView(long IncidentKey, long ProcessInstanceKey, long ProcessDefinitionKey, string ProcessDefinitionId, string ElementId,
    long ElementInstanceKey, string ErrorType, string ErrorMessage, string State, DateTimeOffset CreationTime, long? JobKey, string TenantId);

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
    string TenantId)
{
    /// <summary>A form key for the application that shows the task (zeebe:formDefinition formKey that names no embedded form).</summary>
    public string? CustomFormKey { get; init; }

    /// <summary>A link to a form outside the engine (zeebe:formDefinition externalReference).</summary>
    public string? ExternalFormReference { get; init; }

    /// <summary>The task's zeebe:taskHeaders, for the application that shows it (Camunda 8's customHeaders); empty when none.</summary>
    public IReadOnlyDictionary<string, string> CustomHeaders { get; init; } = NoHeaders;

    private static readonly IReadOnlyDictionary<string, string> NoHeaders = new Dictionary<string, string>();

    /// <summary>
    /// The case as the process names it (prozessengine:taskTitle), computed at the task and kept current with its
    /// variables; the task's name when the expression failed; null when the process names no title.
    /// </summary>
    public string? Title { get; init; }

    /// <summary>The process's task columns (prozessengine:taskColumns) with their current values, in their order; null when none.</summary>
    public JsonObject? Columns { get; init; }

    /// <summary>Who completed the task (who asked for the completion, also when listeners finished it).</summary>
    public string? CompletedBy { get; init; }

    /// <summary>The absent person a deputy completed the task for.</summary>
    public string? CompletedOnBehalfOf { get; init; }
}

public sealed record FormView(long? FormKey, string FormId, int Version, string Schema, string TenantId);

/// <summary>A variable visible at a user task; its value as JSON text.</summary>
public sealed record VariableView(string Name, string Value);

public sealed record JournalEntryView(int Sequence, DateTimeOffset At, string Actor, string Command, JsonArray Events, string Hash)
{
    /// <summary>The absent person a deputy acted for ("Max für Erika"), or null.</summary>
    public string? OnBehalfOf { get; init; }
}

/// <summary>
/// The outcome of checking an instance's journal: every entry's hash recomputed, every link to its predecessor, the
/// sequence without gaps, and the newest entry matching what the instance row recorded (so a removed tail shows too).
/// </summary>
public sealed record JournalVerification(bool Valid, int Entries, string? LastHash, int? FirstBrokenSequence, string? Problem);

/// <summary>Who asks: tasks are visible to their candidates and assignee; operators see all of their tenant.</summary>
public sealed record TaskVisibility(string UserId, IReadOnlyCollection<string> Groups, bool SeesAll)
{
    /// <summary>
    /// The absent people the caller stands in for (running substitutions): their tasks are visible too, as are the tasks
    /// of their groups, which the caller's <see cref="Groups"/> then include.
    /// </summary>
    public IReadOnlyCollection<string> RepresentedUsers { get; init; } = [];

    /// <summary>The caller and the people they stand in for.</summary>
    public IReadOnlyCollection<string> UserIds => RepresentedUsers.Count == 0 ? [UserId] : [UserId, .. RepresentedUsers];
}

/// <summary>Equality filters on tasks, for callers inside the engine; the API searches with a <see cref="Search.SearchQuery"/>.</summary>
public sealed record UserTaskFilter(string? CandidateGroup = null, string? Assignee = null, string? State = null, long? ProcessInstanceKey = null,
    string? ProcessDefinitionId = null);

/// <summary>Read side for the API: definitions, instances, tasks, incidents, journal.</summary>
public sealed class EngineQueries(EngineDatabase database, DefinitionCache definitions, TimeProvider? clock = null)
{
    /// <summary>
    /// The task search counts matches up to here and then says there are more (hasMoreTotalItems), as Camunda 8 does:
    /// counting a whole group's tasks among a million would cost more than finding the page.
    /// </summary>
    public const int DefaultUserTaskCountLimit = 1_000;

    /// <summary>See <see cref="DefaultUserTaskCountLimit"/>.</summary>
    public int UserTaskCountLimit { get; init; } = DefaultUserTaskCountLimit;

    /// <summary>Deployed process versions of the given tenants that match the query, evaluated by the database.</summary>
    public async Task<PagedResult<ProcessDefinitionView>> SearchDefinitionsAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var search = SearchContext.For(database, context);
        var schema = SearchSchemas.ProcessDefinitionSchema;
        var rows = schema.Filter(context.ProcessDefinitions.AsNoTracking().Where(d => tenants.Contains(d.TenantId)), query, search);
        var total = await rows.CountAsync(cancellationToken);
        var items = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(d => new ProcessDefinitionView(d.Key, d.ProcessId, d.Name, d.Version, d.ResourceName, d.TenantId, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProcessDefinitionView>(items, total);
    }

    public Task<ProcessDefinitionView?> GetDefinitionAsync(long key, string tenantId, CancellationToken cancellationToken = default) =>
        GetDefinitionAsync(key, [tenantId], cancellationToken);

    /// <summary>The definition, if it belongs to one of the tenants.</summary>
    public async Task<ProcessDefinitionView?> GetDefinitionAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Select(d => new ProcessDefinitionView(d.Key, d.ProcessId, d.Name, d.Version, d.ResourceName, d.TenantId, d.CreatedAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> GetDefinitionXmlAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.ProcessDefinitions.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Select(d => d.Xml).SingleOrDefaultAsync(cancellationToken);
    }

    public Task<ProcessInstanceView?> GetInstanceAsync(long key, string tenantId, CancellationToken cancellationToken = default) =>
        GetInstanceAsync(key, [tenantId], cancellationToken);

    /// <summary>The instance with its variables, active elements and open incidents, if it belongs to one of the tenants.</summary>
    public async Task<ProcessInstanceView?> GetInstanceAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var entity = await context.ProcessInstances.AsNoTracking()
            .SingleOrDefaultAsync(i => i.Key == key && tenants.Contains(i.TenantId), cancellationToken);
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
            .OrderBy(e => e.Ordinal)
            .Select(e => ActiveElement(process.Model, e))
            .ToList();
        return ToView(entity, process.Name, ToJson(state.Variables.Entries), active,
            [.. incidents.Select(i => ToView(i, entity.DefinitionKey, entity.ProcessId))]);
    }

    /// <summary>Instances of the given tenants that match the query (without variables, elements and incidents).</summary>
    public async Task<PagedResult<ProcessInstanceView>> SearchInstancesAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var search = SearchContext.For(database, context);
        var schema = SearchSchemas.ProcessInstanceSchema;
        var rows = schema.Filter(
            from i in context.ProcessInstances.AsNoTracking()
            where tenants.Contains(i.TenantId)
            join d in context.ProcessDefinitions.AsNoTracking() on i.DefinitionKey equals d.Key
            select new ProcessInstanceRow { Instance = i, DefinitionName = d.Name },
            query, search);
        var total = await rows.CountAsync(cancellationToken);
        var items = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(r => new ProcessInstanceView(r.Instance.Key, r.Instance.DefinitionKey, r.Instance.ProcessId, r.DefinitionName, r.Instance.Version,
                r.Instance.Status, r.Instance.StartedAt, r.Instance.EndedAt, r.Instance.HasIncident, r.Instance.TenantId, null, null, null))
            .ToListAsync(cancellationToken);
        return new PagedResult<ProcessInstanceView>(items, total);
    }

    public Task<PagedResult<UserTaskView>> SearchUserTasksAsync(string tenantId, UserTaskFilter filter, TaskVisibility visibility, Page page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var conditions = new List<FieldCondition>();
        void Add(string field, object? value)
        {
            if (value is not null and not "")
            {
                conditions.Add(new FieldCondition(field, FilterOperator.Equal, value));
            }
        }

        Add("candidateGroup", filter.CandidateGroup);
        Add("assignee", filter.Assignee);
        Add("state", filter.State);
        Add("processInstanceKey", filter.ProcessInstanceKey);
        Add("processDefinitionId", filter.ProcessDefinitionId);
        return SearchUserTasksAsync([tenantId], new SearchQuery(conditions, [], page), visibility, cancellationToken);
    }

    /// <summary>
    /// Tasks of the given tenants that match the query and that the caller may see: one page by offset or after (or
    /// before) a cursor, the total counted up to <see cref="UserTaskCountLimit"/>. The page is read first: when it is
    /// an offset page that is not full (and not past the end), it already says how many match, and the count, often
    /// the dearer of the two statements, is not sent.
    /// </summary>
    public async Task<PagedResult<UserTaskView>> SearchUserTasksAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query, TaskVisibility visibility,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(visibility);
        ArgumentNullException.ThrowIfNull(query);
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateSearchContext();
        var search = SearchContext.For(database, context, (clock ?? TimeProvider.System).GetUtcNow());
        var schema = SearchSchemas.UserTaskSchema;
        // One tenant is an equality, so that the list's indexes (tenant, state, sort key) give the order.
        var single = tenants.Count == 1 ? tenants[0] : null;
        var rows = single is not null
            ? context.UserTasks.AsNoTracking().Where(t => t.TenantId == single)
            : context.UserTasks.AsNoTracking().Where(t => tenants.Contains(t.TenantId));
        if (!visibility.SeesAll && !FilterImpliesVisibility(query, visibility))
        {
            rows = rows.Where(SearchSchemas.VisibleTo(visibility.UserIds, visibility.Groups));
        }

        rows = schema.Filter(rows, query, search);
        var backwards = query.Page.Before is not null;
        var page = query.Page.After ?? query.Page.Before;
        var sought = page is null ? rows : schema.Seek(rows, query, search, page, backwards);
        var ordered = schema.Sort(sought, query, search, reverse: backwards);
        var tasks = await (page is null ? ordered.Skip(query.Page.From) : ordered).Take(query.Page.Limit).ToListAsync(cancellationToken);
        if (backwards)
        {
            tasks.Reverse();
        }

        var counted = page is null && tasks.Count < query.Page.Limit && (tasks.Count > 0 || query.Page.From == 0)
            ? query.Page.From + tasks.Count
            : await rows.Take(UserTaskCountLimit + 1).CountAsync(cancellationToken);
        return new PagedResult<UserTaskView>(await WithModelTextAsync(tasks.Select(ToView), cancellationToken), Math.Min(counted, UserTaskCountLimit))
        {
            HasMoreTotalItems = counted > UserTaskCountLimit,
            StartCursor = tasks.Count > 0 ? schema.Cursor(tasks[0], query) : null,
            EndCursor = tasks.Count > 0 ? schema.Cursor(tasks[^1], query) : null,
        };
    }

    /// <summary>
    /// Whether the filter alone lets only visible tasks through: candidate groups among the caller's, or the caller as
    /// assignee or candidate user. Then the visibility test, an OR over two sub-queries that PostgreSQL can only answer
    /// by collecting every task of the caller's groups, is left out: the list's usual searches ("my group tasks", "my
    /// tasks") then read the first page along the sort index.
    /// </summary>
    private static bool FilterImpliesVisibility(SearchQuery query, TaskVisibility visibility) =>
        query.Conditions.Any(c => c.Operator switch
        {
            FilterOperator.Equal => c.Field switch
            {
                "candidateGroup" => visibility.Groups.Contains((string)c.Value),
                "assignee" or "candidateUser" => (string)c.Value == visibility.UserId,
                _ => false,
            },
            FilterOperator.In => c.Field == "candidateGroup" && ((IEnumerable<object>)c.Value).All(v => visibility.Groups.Contains((string)v)),
            _ => false,
        });

    public Task<UserTaskView?> GetUserTaskAsync(long key, string tenantId, CancellationToken cancellationToken = default) =>
        GetUserTaskAsync(key, [tenantId], cancellationToken);

    /// <summary>The task, if it belongs to one of the tenants.</summary>
    public async Task<UserTaskView?> GetUserTaskAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var task = await context.UserTasks.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key && tenants.Contains(t.TenantId), cancellationToken);
        return task is null ? null : (await WithModelTextAsync([ToView(task)], cancellationToken))[0];
    }

    /// <summary>
    /// Custom form keys, external references and headers are static text in the model, so they are read from the
    /// deployed version (cached per host) rather than stored with every task.
    /// </summary>
    private async Task<IReadOnlyList<UserTaskView>> WithModelTextAsync(IEnumerable<UserTaskView> tasks, CancellationToken cancellationToken)
    {
        var result = new List<UserTaskView>();
        foreach (var task in tasks)
        {
            var process = await definitions.GetAsync(task.ProcessDefinitionKey, cancellationToken);
            if (process.Model.Nodes.GetValueOrDefault(task.ElementId) is not UserTask element)
            {
                result.Add(task);
                continue;
            }

            result.Add(task with
            {
                CustomFormKey = element.Form?.CustomFormKey,
                ExternalFormReference = element.Form?.ExternalReference,
                CustomHeaders = element.TaskHeaders.IsEmpty ? task.CustomHeaders : element.TaskHeaders.ToDictionary(StringComparer.Ordinal),
            });
        }

        return result;
    }

    public static bool CanSee(UserTaskView task, TaskVisibility visibility)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(visibility);
        var users = visibility.UserIds;
        return visibility.SeesAll
            || (task.Assignee is { } assignee && users.Contains(assignee))
            || task.CandidateUsers.Any(users.Contains)
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
    public async Task<JsonObject> GetUserTaskVariablesAsync(UserTaskView task, CancellationToken cancellationToken = default) =>
        ToJson(await GetUserTaskVariableValuesAsync(task, cancellationToken));

    /// <summary>The variables an open task sees, as FEEL values (what its form opens with).</summary>
    public async Task<IReadOnlyDictionary<string, FeelValue>> GetUserTaskVariableValuesAsync(UserTaskView task, CancellationToken cancellationToken = default)
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

        return visible;
    }

    /// <summary>
    /// The variables visible at the task that match the query. They live in the instance's state, not in columns, so the
    /// query runs on the task's variables in memory, with the same rules as in the database.
    /// </summary>
    public async Task<PagedResult<VariableView>> SearchUserTaskVariablesAsync(UserTaskView task, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var variables = await GetUserTaskVariablesAsync(task, cancellationToken);
        var rows = variables.Select((v, i) => new VariableRow { Name = v.Key, Value = v.Value?.ToJsonString() ?? "null", Position = i }).ToList();
        var search = new SearchContext(SearchDialect.InMemory);
        var schema = SearchSchemas.VariableSchema;
        var matching = schema.Filter(rows.AsQueryable(), query, search);
        var items = schema.Sort(matching, query, search).Skip(query.Page.From).Take(query.Page.Limit).Select(v => new VariableView(v.Name, v.Value)).ToList();
        return new PagedResult<VariableView>(items, matching.Count());
    }

    /// <summary>Incidents of the given tenants that match the query.</summary>
    public async Task<PagedResult<IncidentView>> SearchIncidentsAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var search = SearchContext.For(database, context);
        var schema = SearchSchemas.IncidentSchema;
        var rows = schema.Filter(
            from x in context.Incidents.AsNoTracking()
            where tenants.Contains(x.TenantId)
            join i in context.ProcessInstances.AsNoTracking() on x.ProcessInstanceKey equals i.Key
            select new IncidentRow { Incident = x, ProcessId = i.ProcessId, DefinitionKey = i.DefinitionKey },
            query, search);
        var total = await rows.CountAsync(cancellationToken);
        var page = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(r => new { r.Incident, r.ProcessId, r.DefinitionKey })
            .ToListAsync(cancellationToken);
        return new PagedResult<IncidentView>([.. page.Select(r => ToView(r.Incident, r.DefinitionKey, r.ProcessId))], total);
    }

    /// <summary>Whether the job exists in one of the tenants: a key of another tenant is treated as unknown.</summary>
    public async Task<bool> JobExistsAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.Jobs.AnyAsync(j => j.Key == key && tenants.Contains(j.TenantId), cancellationToken);
    }

    /// <summary>Whether the incident exists in one of the tenants: a key of another tenant is treated as unknown.</summary>
    public async Task<bool> IncidentExistsAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.Incidents.AnyAsync(i => i.Key == key && tenants.Contains(i.TenantId), cancellationToken);
    }

    public async Task<IReadOnlyList<JournalEntryView>> GetJournalAsync(long processInstanceKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var rows = await context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == processInstanceKey)
            .OrderBy(j => j.Sequence).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new JournalEntryView(r.Sequence, r.At, r.Actor, r.Command, (JsonArray)JsonNode.Parse(r.Events)!, r.Hash)
        {
            OnBehalfOf = r.OnBehalfOf,
        })];
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

    private static IncidentView ToView(IncidentEntity i, long definitionKey, string processId) =>
        new(i.Key, i.ProcessInstanceKey, definitionKey, processId, i.ElementId, i.ElementInstanceKey, i.ErrorType, i.Message, i.State, i.CreatedAt,
            i.JobKey, i.TenantId);

    /// <summary>Every query is confined to tenants; none given would be a bug that must not widen into "all".</summary>
    private static List<string> Tenants(IReadOnlyCollection<string> tenantIds)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        return tenantIds.Count > 0 ? [.. tenantIds.Distinct(StringComparer.Ordinal)] : throw new ArgumentException("No tenant given.", nameof(tenantIds));
    }

    private static UserTaskView ToView(UserTaskEntity t) =>
        new(t.Key, t.Name, t.State, t.Assignee, Split(t.CandidateGroups), Split(t.CandidateUsers), t.ElementId, t.ElementInstanceKey, t.ProcessId,
            t.DefinitionKey, t.ProcessVersion, t.ProcessInstanceKey, t.FormKey, t.FormId ?? t.EmbeddedFormKey, t.CreatedAt, t.CompletedAt, t.DueDate,
            t.FollowUpDate, t.Priority, t.TenantId)
        {
            Title = t.Title,
            Columns = t.Columns is null ? null : JsonNode.Parse(t.Columns) as JsonObject,
            CompletedBy = t.CompletedBy,
            CompletedOnBehalfOf = t.CompletedOnBehalfOf,
        };

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
