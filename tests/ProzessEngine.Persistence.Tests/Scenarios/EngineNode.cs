using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Bpmn;
using ProzessEngine.Core;
using ProzessEngine.Core.Calendar.Functions;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>One engine node over a database: what the host wires up, without HTTP. A new node is a restart.</summary>
internal sealed class EngineNode
{
    public EngineNode(EngineDatabase database, FakeTimeProvider clock, IKeyGenerator keys, params ICommandListener[] listeners)
        : this(database, clock, keys, inlineOutboxBudget: 200, listeners)
    {
    }

    /// <param name="inlineOutboxBudget">0: the node carries out no cross-instance work itself, as if it died after every commit.</param>
    public EngineNode(EngineDatabase database, FakeTimeProvider clock, IKeyGenerator keys, int inlineOutboxBudget, params ICommandListener[] listeners)
        : this(database, clock, keys, inlineOutboxBudget, limits: null, rejectStraightThroughLoops: true, listeners)
    {
    }

    /// <param name="limits">Engine:Limits of the node's runtime; the defaults when null.</param>
    /// <param name="rejectStraightThroughLoops">False deploys loops that never wait, as if deployed before the check existed.</param>
    public EngineNode(EngineDatabase database, FakeTimeProvider clock, IKeyGenerator keys, int inlineOutboxBudget, EngineLimits? limits,
        bool rejectStraightThroughLoops, params ICommandListener[] listeners)
    {
        Database = database;
        Clock = clock;
        var feel = new FeelEngine(new FeelEngineOptions { Clock = clock, Functions = CalendarFunctions.For(RuntimeServices.DefaultCalendars, RuntimeServices.GermanTime) });
        var parser = new BpmnParser(feel, new BpmnParserOptions { RejectStraightThroughLoops = rejectStraightThroughLoops });
        Decisions = new DecisionCatalog(database);
        var runtime = new ProcessRuntime(new RuntimeServices(clock, keys, limits: limits, decisions: Decisions));
        Definitions = new DefinitionCache(database, parser);
        Deployments = new DeploymentService(database, Definitions, keys, clock, runtime);
        Commands = new InstanceCommands(database, Definitions, runtime, listeners, NullLogger<InstanceCommands>.Instance)
        {
            InlineOutboxBudget = inlineOutboxBudget,
        };
        Timers = new TimerStore(database);
        Queries = new EngineQueries(database, Definitions, clock);
    }

    public EngineDatabase Database { get; }
    public DecisionCatalog Decisions { get; }
    public DefinitionCache Definitions { get; }
    public DeploymentService Deployments { get; }
    public InstanceCommands Commands { get; }
    public EngineQueries Queries { get; }
    public TimerStore Timers { get; }
    public FakeTimeProvider Clock { get; }

    /// <summary>Fires every timer due now (start timers included), oldest first, until none is due.</summary>
    public async Task<int> FireDueTimersAsync()
    {
        var fired = 0;
        while (true)
        {
            var now = Clock.GetUtcNow();
            var due = await Timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "test", 100);
            if (due.Count == 0)
            {
                return fired;
            }

            foreach (var timer in due)
            {
                await Commands.FireTimerAsync(timer);
                fired++;
            }
        }
    }

    public Task<DeploymentResult> DeployAsync(params (string Name, string Content)[] resources) =>
        Deployments.DeployAsync([.. resources.Select(r => new DeploymentResource(r.Name, System.Text.Encoding.UTF8.GetBytes(r.Content)))],
            DeploymentService.DefaultTenant, "test");

    public Task<StartedInstance> StartAsync(string processId, params (string Name, object? Value)[] variables) =>
        Commands.StartAsync(processId, null, null, DeploymentService.DefaultTenant, InMemoryEngine.ToFeel(variables), CommandActor.System("test"));
}
