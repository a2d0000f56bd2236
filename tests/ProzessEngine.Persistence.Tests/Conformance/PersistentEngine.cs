using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Conformance;

/// <summary>One instance as the database holds it: its row and its deserialized state.</summary>
internal sealed record PersistedInstance(long Key, string ProcessId, ProcessInstanceState State);

/// <summary>
/// The persistent command path over one database, wired as the host does (with the conformance models' inline job
/// handlers), plus the reads a conformance script needs: instances, open tasks, jobs, incidents, timers, buffered
/// messages and the journal.
/// </summary>
internal sealed class PersistentEngine
{
    public const string Tenant = DeploymentService.DefaultTenant;
    private const string TimerOwner = "conformance";

    private readonly TimerStore _timers;
    private readonly SequentialKeyGenerator _keys = new(1_000_000);
    private readonly IInlineJobHandler[] _handlers;

    public PersistentEngine(EngineDatabase database, FakeTimeProvider clock, IEnumerable<IInlineJobHandler> handlers)
    {
        Database = database;
        Clock = clock;
        _handlers = [.. handlers];
        _timers = new TimerStore(database);
        Restart();
    }

    public EngineDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public DefinitionCache Definitions { get; private set; } = null!;
    public DeploymentService Deployments { get; private set; } = null!;
    public InstanceCommands Commands { get; private set; } = null!;
    public EngineQueries Queries { get; private set; } = null!;

    /// <summary>
    /// Replaces the node by a new one over the same database (empty definition cache, new parser and runtime), as after
    /// a restart or on another node of a cluster: nothing may depend on what a node kept in memory.
    /// </summary>
    public void Restart()
    {
        var calendars = RuntimeServices.DefaultCalendars;
        var feel = new FeelEngine(new FeelEngineOptions { Clock = Clock });
        var parser = new BpmnParser(feel, new BpmnParserOptions { KnownCalendarIds = calendars.Ids });
        var runtime = new ProcessRuntime(new RuntimeServices(Clock, _keys, _handlers, calendars: calendars, decisions: new DecisionCatalog(Database)));
        Definitions = new DefinitionCache(Database, parser);
        Deployments = new DeploymentService(Database, Definitions, _keys, Clock, runtime);
        Commands = new InstanceCommands(Database, Definitions, runtime, [], NullLogger<InstanceCommands>.Instance);
        Queries = new EngineQueries(Database, Definitions);
    }

    public Task<DeploymentResult> DeployAsync(string resourceName, string xml) =>
        Deployments.DeployAsync([new DeploymentResource(resourceName, System.Text.Encoding.UTF8.GetBytes(xml))], Tenant, "conformance");

    /// <summary>
    /// Moves the clock on and fires every timer (start timers included) that comes due on the way, one at a time,
    /// earliest first, each at its due time, as the in-memory engine does.
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        var target = Clock.GetUtcNow() + by;
        for (var fired = 0; ; fired++)
        {
            if (fired > 10_000)
            {
                throw new InvalidOperationException("Timers keep becoming due; a timer cycle without end?");
            }

            List<(long Key, DateTimeOffset DueAt)> due;
            await using (var context = Database.CreateContext())
            {
                due = [.. (await context.Timers.AsNoTracking().Select(t => new { t.Key, t.DueAt }).ToListAsync())
                    .Where(t => t.DueAt <= target).Select(t => (t.Key, t.DueAt))];
            }

            if (due.Count == 0)
            {
                if (Clock.GetUtcNow() < target)
                {
                    Clock.Advance(target - Clock.GetUtcNow());
                }

                return;
            }

            var (next, dueAt) = due.OrderBy(t => t.DueAt).ThenBy(t => t.Key).First();
            if (dueAt > Clock.GetUtcNow())
            {
                Clock.Advance(dueAt - Clock.GetUtcNow());
            }

            var now = Clock.GetUtcNow();
            var claimed = await _timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), TimerOwner, due.Count + 10);
            var timer = claimed.SingleOrDefault(t => t.TimerKey == next)
                ?? throw new InvalidOperationException($"Timer {next} is due but could not be claimed.");
            await _timers.ReleaseAsync([.. claimed.Where(t => t.TimerKey != next).Select(t => t.TimerKey)], TimerOwner);
            await Commands.FireTimerAsync(timer);
        }
    }

    public async Task<IReadOnlyList<PersistedInstance>> InstancesAsync()
    {
        await using var context = Database.CreateContext();
        var rows = await context.ProcessInstances.AsNoTracking().Select(i => new { i.Key, i.ProcessId, i.State }).ToListAsync();
        return [.. rows.OrderBy(r => r.Key).Select(r => new PersistedInstance(r.Key, r.ProcessId, InstanceStateSerializer.Deserialize(r.State)))];
    }

    public async Task<ProcessInstanceState> InstanceAsync(long key) => (await InstancesAsync()).Single(i => i.Key == key).State;

    /// <summary>Open user tasks (key, element id), oldest first.</summary>
    public async Task<IReadOnlyList<(long Key, string ElementId)>> OpenTasksAsync()
    {
        await using var context = Database.CreateContext();
        // Open as the in-memory reference counts it: not yet completed or canceled (task listeners may still hold it in a transition).
        var rows = await context.UserTasks.AsNoTracking().Where(t => t.State != UserTaskStates.Completed && t.State != UserTaskStates.Canceled)
            .Select(t => new { t.Key, t.ElementId }).ToListAsync();
        return [.. rows.OrderBy(r => r.Key).Select(r => (r.Key, r.ElementId))];
    }

    /// <summary>Jobs not yet completed, canceled or ended by an error (a failed job without retries stays, with its incident).</summary>
    public async Task<IReadOnlyList<(long Key, string ElementId)>> OpenJobsAsync()
    {
        await using var context = Database.CreateContext();
        var rows = await context.Jobs.AsNoTracking().Select(j => new { j.Key, j.ElementId }).ToListAsync();
        return [.. rows.OrderBy(r => r.Key).Select(r => (r.Key, r.ElementId))];
    }

    public async Task<IReadOnlyList<(long Key, string ElementId)>> ActiveIncidentsAsync()
    {
        await using var context = Database.CreateContext();
        var rows = await context.Incidents.AsNoTracking().Where(i => i.State == IncidentStates.Active).Select(i => new { i.Key, i.ElementId }).ToListAsync();
        return [.. rows.OrderBy(r => r.Key).Select(r => (r.Key, r.ElementId))];
    }

    /// <summary>Timers of instances; timer start events (rows without an instance) are not counted, as in memory.</summary>
    public async Task<int> PendingInstanceTimersAsync()
    {
        await using var context = Database.CreateContext();
        return await context.Timers.CountAsync(t => t.ProcessInstanceKey != 0);
    }

    public async Task<int> BufferedMessagesAsync()
    {
        await using var context = Database.CreateContext();
        var now = Clock.GetUtcNow();
        var expiries = await context.BufferedMessages.AsNoTracking().Select(m => m.ExpiresAt).ToListAsync();
        return expiries.Count(e => e > now);
    }

    public async Task<int> OutboxRowsAsync()
    {
        await using var context = Database.CreateContext();
        return await context.Outbox.CountAsync();
    }

    /// <summary>
    /// The events of every journal entry in the order they were written: element events as "+id" (activated), "-id"
    /// (completed) and "xid" (terminated); with <paramref name="allKinds"/> every other event too, as "Kind:id".
    /// </summary>
    public async Task<IReadOnlyList<(long InstanceKey, string Event)>> JournalAsync(bool allKinds = false)
    {
        await using var context = Database.CreateContext();
        var entries = await context.Journal.AsNoTracking().Select(j => new { j.Id, j.ProcessInstanceKey, j.Sequence, j.Events }).ToListAsync();
        var events = new List<(long, string)>();
        foreach (var entry in entries.OrderBy(e => e.Id))
        {
            using var document = JsonDocument.Parse(entry.Events);
            foreach (var e in document.RootElement.EnumerateArray())
            {
                var prefix = e.GetProperty("kind").GetString() switch
                {
                    "ElementActivated" => "+",
                    "ElementCompleted" => "-",
                    "ElementTerminated" => "x",
                    var other when allKinds => other + ":",
                    _ => null,
                };
                if (prefix is not null)
                {
                    events.Add((entry.ProcessInstanceKey, prefix + (e.TryGetProperty("elementId", out var id) ? id.GetString() : "")));
                }
            }
        }

        return events;
    }
}
