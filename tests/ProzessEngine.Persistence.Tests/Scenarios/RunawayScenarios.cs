using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Routing;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Commands bounded by Engine:Limits on the persistent path: a command that uses up its budget commits with a
/// continue-instance outbox row, carried out after commit or, when the node died, by the outbox sweep of any node.
/// Written once, run against SQLite and PostgreSQL.
/// </summary>
public abstract class RunawayScenarios : DatabaseScenarios
{
    private static readonly EngineLimits SmallLimits = new() { MaxActivationsPerCommand = 100, MaxActivationsWithoutWait = 2_000 };

    private EngineNode LimitedNode(int inlineOutboxBudget, EngineLimits? limits = null) =>
        new(Database, Clock, Keys, inlineOutboxBudget, limits ?? SmallLimits, rejectStraightThroughLoops: false);

    [Fact]
    public async Task A_loop_that_never_waits_runs_in_short_commands_through_the_outbox_and_ends_in_an_incident_while_other_instances_complete()
    {
        // This node dies after every commit: whatever the loop leaves over waits in the outbox for the sweep.
        var dying = LimitedNode(inlineOutboxBudget: 0);
        await dying.DeployAsync(("endlos.bpmn", RunawayModels.ScriptLoop("endlos", "true")), ("nebenbei.bpmn", RunawayModels.Waiting("nebenbei")));
        var loop = await dying.StartAsync("endlos", ("round", 0));
        Assert.Equal(OutboxKinds.ContinueInstance, (await OutboxAsync()).Single().Kind);
        Assert.NotNull((await StateAsync(loop.ProcessInstanceKey)).Continuation);

        var other = await dying.StartAsync("nebenbei");
        await dying.Commands.CompleteUserTaskAsync(await OpenTaskKeyAsync(other.ProcessInstanceKey), [], CommandActor.User("erika"));
        Assert.Equal(InstanceStatus.Completed, (await StateAsync(other.ProcessInstanceKey)).Status);

        var sweeper = LimitedNode(inlineOutboxBudget: 1);
        var sweeps = 0;
        while ((await OutboxAsync()).Count > 0)
        {
            Assert.Equal(1, await sweeper.Commands.SweepOutboxAsync(TimeSpan.Zero));
            sweeps++;
        }

        Assert.Equal((2_000 / 100) - 1, sweeps);
        var entries = await JournalAsync(loop.ProcessInstanceKey);
        Assert.Equal(2_000 / 100, entries.Count);
        Assert.All(entries, e => Assert.InRange(e.Events.Count(k => k == nameof(JournalEventKind.ElementActivated)), 1, 100));
        Assert.All(entries.Skip(1), e => Assert.Equal("continue-instance", e.Command));
        var state = await StateAsync(loop.ProcessInstanceKey);
        var stopped = Assert.Single(state.Elements);
        Assert.Contains("Engine:Limits:MaxActivationsWithoutWait", stopped.Incident!.Message, StringComparison.Ordinal);
        Assert.Null(state.Continuation);
        await using (var context = Database.CreateContext())
        {
            var incident = await context.Incidents.AsNoTracking().SingleAsync();
            Assert.Equal(nameof(IncidentErrorType.LimitExceeded), incident.ErrorType);
            Assert.Equal(stopped.ElementId, incident.ElementId);
            var row = await context.ProcessInstances.AsNoTracking().SingleAsync(i => i.Key == loop.ProcessInstanceKey);
            Assert.True(row.HasIncident);
            Assert.InRange(row.State.Length, 1, 2_000);
        }

        Assert.True((await sweeper.Queries.VerifyJournalAsync(loop.ProcessInstanceKey))!.Valid);
    }

    [Fact]
    public async Task A_large_multi_instance_left_over_by_a_node_that_died_between_continuations_is_finished_by_another_node()
    {
        const int Items = 5_000;
        var limits = new EngineLimits { MaxActivationsPerCommand = 500 };

        // Three continuations are carried out right after the start; then the node is gone.
        var dying = LimitedNode(inlineOutboxBudget: 3, limits);
        await dying.DeployAsync(("viele.bpmn", RunawayModels.MultiInstance("viele", sequential: false)));
        var started = await dying.StartAsync("viele", ("count", Items));
        Assert.Equal(InstanceStatus.Active, (await StateAsync(started.ProcessInstanceKey)).Status);
        Assert.Single(await OutboxAsync());
        Assert.Equal(4, (await JournalAsync(started.ProcessInstanceKey)).Count);

        var other = LimitedNode(inlineOutboxBudget: 200, limits);
        Assert.True(await other.Commands.SweepOutboxAsync(TimeSpan.Zero) > 0);

        var state = await StateAsync(started.ProcessInstanceKey);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.True(state.Variables.TryGetValue("results", out var results));
        Assert.Equal(Enumerable.Range(1, Items).Select(i => FeelValue.FromNumber(i * 2)), results.AsList());
        Assert.Empty(await OutboxAsync());
        var entries = await JournalAsync(started.ProcessInstanceKey);
        Assert.InRange(entries.Count, Items / 500, (Items / 500) + 2);
        Assert.All(entries, e => Assert.InRange(e.Events.Count(k => k == nameof(JournalEventKind.ElementActivated)), 1, 500 + 100));
        Assert.True((await other.Queries.VerifyJournalAsync(started.ProcessInstanceKey))!.Valid);
    }

    [Fact]
    public async Task Cancelling_an_instance_between_continuations_stops_it_and_its_continuation_does_nothing()
    {
        var dying = LimitedNode(inlineOutboxBudget: 0);
        await dying.DeployAsync(("endlos.bpmn", RunawayModels.ScriptLoop("endlos", "true")));
        var loop = await dying.StartAsync("endlos", ("round", 0));
        await dying.Commands.CancelAsync(loop.ProcessInstanceKey, CommandActor.User("admin"));
        var rounds = (await StateAsync(loop.ProcessInstanceKey)).Variables.TryGetValue("round", out var value) ? value : FeelValue.Null;

        await LimitedNode(inlineOutboxBudget: 1).Commands.SweepOutboxAsync(TimeSpan.Zero);

        var state = await StateAsync(loop.ProcessInstanceKey);
        Assert.Equal(InstanceStatus.Terminated, state.Status);
        Assert.True(state.Variables.TryGetValue("round", out var after) && after == rounds);
        Assert.Equal(["start", "cancel"], (await JournalAsync(loop.ProcessInstanceKey)).Select(e => e.Command));
        Assert.Empty(await OutboxAsync());
    }

    [Fact]
    public async Task The_database_path_continues_event_by_event_as_the_in_memory_reference_does()
    {
        var limits = new EngineLimits { MaxActivationsPerCommand = 37, MaxActivationsWithoutWait = 400 };
        var memory = new InMemoryEngine(limits: limits, rejectStraightThroughLoops: false, clock: Clock);
        memory.Deploy(RunawayModels.ScriptLoop("zaehlen", "round < 150"));
        memory.Deploy(RunawayModels.MultiInstance("viele", sequential: false));
        var node = LimitedNode(inlineOutboxBudget: 200, limits);
        await node.DeployAsync(("zaehlen.bpmn", RunawayModels.ScriptLoop("zaehlen", "round < 150")),
            ("viele.bpmn", RunawayModels.MultiInstance("viele", sequential: false)));

        foreach (var (processId, variables) in new[] { ("zaehlen", ("round", (object?)0)), ("viele", ("count", (object?)260)) })
        {
            // Each start runs to rest before the next, so the reference's events of one instance follow each other.
            var before = memory.Events.Count;
            memory.Start(processId, variables);
            var persisted = await node.StartAsync(processId, variables);

            var expected = memory.Events.Skip(before).Select(Describe).ToList();
            var actual = (await JournalAsync(persisted.ProcessInstanceKey)).SelectMany(e => e.Described).ToList();
            Assert.Equal(expected, actual);
            Assert.Contains(expected, e => e.StartsWith(nameof(JournalEventKind.ContinuationScheduled), StringComparison.Ordinal));
        }
    }

    // ---------------------------------------------------------------- helpers

    private static string Describe(JournalEvent e) => $"{e.Kind} {e.ElementId} {Strip(e.Detail)}";

    /// <summary>Keys differ between the two paths (different key generators); everything else must not.</summary>
    private static string Strip(string? detail) => detail is null ? "" : System.Text.RegularExpressions.Regex.Replace(detail, @"\d{4,}", "#");

    private async Task<ProcessInstanceState> StateAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        var row = await context.ProcessInstances.AsNoTracking().SingleAsync(i => i.Key == instanceKey);
        return InstanceStateSerializer.Deserialize(row.State);
    }

    private async Task<List<Entities.OutboxEntity>> OutboxAsync()
    {
        await using var context = Database.CreateContext();
        return await context.Outbox.AsNoTracking().ToListAsync();
    }

    private async Task<long> OpenTaskKeyAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        return await context.UserTasks.AsNoTracking().Where(t => t.ProcessInstanceKey == instanceKey && t.State == UserTaskStates.Created)
            .Select(t => t.Key).SingleAsync();
    }

    private async Task<List<(string Command, List<string> Events, List<string> Described)>> JournalAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        var rows = await context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == instanceKey).OrderBy(j => j.Sequence).ToListAsync();
        return [.. rows.Select(r =>
        {
            var events = JsonNode.Parse(r.Events)!.AsArray().Select(e => e!.AsObject()).ToList();
            return (r.Command,
                events.Select(e => (string)e["kind"]!).ToList(),
                events.Select(e => $"{(string)e["kind"]!} {(string?)e["elementId"]} {Strip((string?)e["detail"])}").ToList());
        })];
    }
}

public sealed class SqliteRunawayScenarios : RunawayScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresRunawayScenarios : RunawayScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
