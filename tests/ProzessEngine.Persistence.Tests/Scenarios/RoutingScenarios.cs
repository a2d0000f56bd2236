using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// What crosses instances on the persistent path (call activities, messages, signals, start events), written once and
/// run against SQLite and PostgreSQL.
/// </summary>
public abstract class RoutingScenarios : DatabaseScenarios
{
    private const string Tenant = DeploymentService.DefaultTenant;

    [Fact]
    public async Task A_call_activity_starts_its_child_and_continues_with_the_childs_variables_when_it_completes()
    {
        var node = Node();
        await node.DeployAsync(("haupt.bpmn", RoutingModels.ParentCallingChild), ("pruefung.bpmn", RoutingModels.ChildWithTask));

        var parent = await node.StartAsync("bauantrag", ("antragId", "B-17"));

        var child = Assert.Single(await InstancesAsync("fachpruefung"));
        Assert.Equal(InstanceStatuses.Active, child.Status);
        var task = await OpenTaskAsync("pruefen");
        Assert.Equal(child.Key, task.ProcessInstanceKey);
        Assert.True((await StateAsync(child.Key)).Variables.TryGetValue("antragId", out var antragId) && antragId.TryGetString(out var id) && id == "B-17");

        await node.Commands.CompleteUserTaskAsync(task.Key, InMemoryEngine.ToFeel([("ergebnis", "genehmigungsfähig")]), CommandActor.User("erika"));

        var parentState = await StateAsync(parent.ProcessInstanceKey);
        Assert.Equal(InstanceStatus.Completed, parentState.Status);
        Assert.True(parentState.Variables.TryGetValue("ergebnis", out var ergebnis));
        Assert.Equal("genehmigungsfähig", ergebnis.TryGetString(out var text) ? text : null);
        Assert.Equal(InstanceStatus.Completed, (await StateAsync(child.Key)).Status);
        await AssertOutboxEmptyAsync();
    }

    [Fact]
    public async Task A_call_activity_whose_process_is_not_deployed_gets_an_incident_that_resolves_once_it_is()
    {
        var node = Node();
        await node.DeployAsync(("haupt.bpmn", RoutingModels.ParentCallingChild));

        var parent = await node.StartAsync("bauantrag");

        await using (var context = Database.CreateContext())
        {
            var incident = await context.Incidents.SingleAsync();
            Assert.Equal("pruefung-aufrufen", incident.ElementId);
            Assert.Contains("fachpruefung", incident.Message, StringComparison.Ordinal);
        }

        await node.DeployAsync(("pruefung.bpmn", RoutingModels.ChildWithTask));
        await using (var context = Database.CreateContext())
        {
            await node.Commands.ResolveIncidentAsync((await context.Incidents.SingleAsync()).Key, CommandActor.User("admin"));
        }

        Assert.Single(await InstancesAsync("fachpruefung"));
        Assert.Equal(InstanceStatus.Active, (await StateAsync(parent.ProcessInstanceKey)).Status);
    }

    [Fact]
    public async Task Cancelling_the_parent_cancels_its_child_and_withdraws_the_childs_task()
    {
        var node = Node();
        await node.DeployAsync(("haupt.bpmn", RoutingModels.ParentCallingChild), ("pruefung.bpmn", RoutingModels.ChildWithTask));
        var parent = await node.StartAsync("bauantrag");

        await node.Commands.CancelAsync(parent.ProcessInstanceKey, CommandActor.User("admin"));

        var child = Assert.Single(await InstancesAsync("fachpruefung"));
        Assert.Equal(InstanceStatuses.Terminated, child.Status);
        await using var context = Database.CreateContext();
        Assert.Equal(UserTaskStates.Canceled, (await context.UserTasks.SingleAsync()).State);
    }

    [Fact]
    public async Task A_message_published_before_the_instance_waits_is_buffered_and_correlated_when_it_subscribes()
    {
        var node = Node();
        await node.DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));

        await node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-1", TimeSpan.FromHours(1), "portal-4711",
            InMemoryEngine.ToFeel([("seiten", 3)]), Tenant);
        await using (var context = Database.CreateContext())
        {
            Assert.Equal(1, await context.BufferedMessages.CountAsync());
        }

        var instance = await node.StartAsync("nachreichung", ("antragId", "A-1"));

        var state = await StateAsync(instance.ProcessInstanceKey);
        Assert.Equal(InstanceStatus.Completed, state.Status);
        Assert.True(state.Variables.TryGetValue("seiten", out var seiten) && seiten.TryGetInt64(out var pages) && pages == 3);
        await using (var context = Database.CreateContext())
        {
            Assert.Equal(0, await context.BufferedMessages.CountAsync());
            Assert.Equal(0, await context.MessageSubscriptions.CountAsync());
        }

        await AssertOutboxEmptyAsync();
    }

    [Fact]
    public async Task A_message_reaches_only_the_instance_with_its_correlation_key_and_a_duplicate_message_id_is_refused()
    {
        var node = Node();
        await node.DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));
        var first = await node.StartAsync("nachreichung", ("antragId", "A-1"));
        var second = await node.StartAsync("nachreichung", ("antragId", "A-2"));

        await node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-2", TimeSpan.FromHours(1), null, [], Tenant);

        Assert.Equal(InstanceStatus.Active, (await StateAsync(first.ProcessInstanceKey)).Status);
        Assert.Equal(InstanceStatus.Completed, (await StateAsync(second.ProcessInstanceKey)).Status);

        await node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-9", TimeSpan.FromHours(1), "portal-1", [], Tenant);
        await Assert.ThrowsAsync<EngineConflictException>(() =>
            node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-9", TimeSpan.FromHours(1), "portal-1", [], Tenant));

        Clock.Advance(TimeSpan.FromHours(2));
        await node.Commands.SweepOutboxAsync(TimeSpan.Zero);
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.BufferedMessages.CountAsync());
    }

    [Fact]
    public async Task A_message_whose_receiver_ended_before_the_delivery_is_buffered_instead_of_lost()
    {
        var node = new EngineNode(Database, Clock, Keys, inlineOutboxBudget: 0);
        await node.DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));
        var instance = await node.StartAsync("nachreichung", ("antragId", "A-3"));
        await node.Commands.SweepOutboxAsync(TimeSpan.Zero);

        await node.Commands.PublishMessageAsync("Unterlagen eingegangen", "A-3", TimeSpan.FromHours(1), null, [], Tenant);
        await node.Commands.CancelAsync(instance.ProcessInstanceKey, CommandActor.User("admin"));
        await Node().Commands.SweepOutboxAsync(TimeSpan.Zero);

        await using var context = Database.CreateContext();
        Assert.Equal(1, await context.BufferedMessages.CountAsync(m => m.CorrelationKey == "A-3"));
        Assert.Equal(0, await context.Outbox.CountAsync());
        Assert.Equal(InstanceStatus.Terminated, (await StateAsync(instance.ProcessInstanceKey)).Status);
    }

    [Fact]
    public async Task Correlating_a_message_starts_a_process_at_its_message_start_event_and_names_the_instance()
    {
        var node = Node();
        await node.DeployAsync(("eingang.bpmn", RoutingModels.StartedByMessage));

        var correlated = await node.Commands.CorrelateMessageAsync("Antrag eingegangen", "", InMemoryEngine.ToFeel([("antragsteller", "Erika Mustermann")]),
            Tenant);

        var started = Assert.Single(await InstancesAsync("eingang"));
        Assert.Equal(started.Key, correlated.ProcessInstanceKey);
        Assert.True((await StateAsync(started.Key)).Variables.TryGetValue("antragsteller", out _));
        await Assert.ThrowsAsync<EngineNotFoundException>(() => node.Commands.CorrelateMessageAsync("Unbekannt", "x", [], Tenant));
    }

    [Fact]
    public async Task A_signal_reaches_every_waiting_instance_and_starts_processes_with_a_signal_start_event()
    {
        var node = Node();
        await node.DeployAsync(("stichtag.bpmn", RoutingModels.WaitForSignal), ("bericht.bpmn", RoutingModels.StartedBySignal));
        var first = await node.StartAsync("stichtag");
        var second = await node.StartAsync("stichtag");

        await node.Commands.BroadcastSignalAsync("Stichtag erreicht", InMemoryEngine.ToFeel([("jahr", 2026)]), Tenant);

        Assert.Equal(InstanceStatus.Completed, (await StateAsync(first.ProcessInstanceKey)).Status);
        Assert.Equal(InstanceStatus.Completed, (await StateAsync(second.ProcessInstanceKey)).Status);
        Assert.Single(await InstancesAsync("bericht"));
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.SignalSubscriptions.CountAsync());
    }

    [Fact]
    public async Task A_timer_start_event_starts_instances_on_its_cycle_and_a_new_version_takes_the_timer_over()
    {
        var node = Node();
        var deployed = await node.DeployAsync(("mahnlauf.bpmn", RoutingModels.StartedByTimer("R2/PT1H")));
        await using (var context = Database.CreateContext())
        {
            var timer = await context.Timers.SingleAsync();
            Assert.Equal(deployed.Processes.Single().Key, timer.DefinitionKey);
            Assert.Equal(Clock.GetUtcNow().AddHours(1), timer.DueAt);
        }

        Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await node.FireDueTimersAsync());
        Assert.Single(await InstancesAsync("mahnlauf"));
        Assert.Equal(0, await node.FireDueTimersAsync());

        var second = await node.DeployAsync(("mahnlauf.bpmn", RoutingModels.StartedByTimer("R/PT30M")));
        await using (var context = Database.CreateContext())
        {
            var timer = await context.Timers.SingleAsync();
            Assert.Equal(second.Processes.Single().Key, timer.DefinitionKey);
        }

        Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(1, await node.FireDueTimersAsync());
        Assert.Equal(2, (await InstancesAsync("mahnlauf")).Count);
    }

    [Fact]
    public async Task Work_left_behind_by_a_node_that_died_after_commit_is_carried_out_once_by_the_sweep_of_other_nodes()
    {
        var dying = new EngineNode(Database, Clock, Keys, inlineOutboxBudget: 0);
        await dying.DeployAsync(("haupt.bpmn", RoutingModels.ParentCallingChild), ("pruefung.bpmn", RoutingModels.ChildWithTask));
        var parents = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            parents.Add((await dying.StartAsync("bauantrag", ("antragId", $"B-{i}"))).ProcessInstanceKey);
        }

        Assert.Empty(await InstancesAsync("fachpruefung"));

        var nodeA = Node();
        var nodeB = Node();
        await Task.WhenAll(nodeA.Commands.SweepOutboxAsync(TimeSpan.Zero), nodeB.Commands.SweepOutboxAsync(TimeSpan.Zero));
        await nodeA.Commands.SweepOutboxAsync(TimeSpan.Zero);

        var children = await InstancesAsync("fachpruefung");
        Assert.Equal(20, children.Count);
        await using (var context = Database.CreateContext())
        {
            Assert.Equal(20, await context.UserTasks.CountAsync(t => t.State == UserTaskStates.Created));
        }

        await AssertOutboxEmptyAsync();
        foreach (var task in await OpenTasksAsync())
        {
            await nodeB.Commands.CompleteUserTaskAsync(task.Key, [], CommandActor.User("erika"));
        }

        foreach (var parent in parents)
        {
            Assert.Equal(InstanceStatus.Completed, (await StateAsync(parent)).Status);
        }
    }

    // ---------------------------------------------------------------- helpers

    private async Task<List<Entities.ProcessInstanceEntity>> InstancesAsync(string processId)
    {
        await using var context = Database.CreateContext();
        return await context.ProcessInstances.AsNoTracking().Where(i => i.ProcessId == processId).OrderBy(i => i.Key).ToListAsync();
    }

    private async Task<ProcessInstanceState> StateAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        var row = await context.ProcessInstances.AsNoTracking().SingleAsync(i => i.Key == instanceKey);
        return InstanceStateSerializer.Deserialize(row.State);
    }

    private async Task<Entities.UserTaskEntity> OpenTaskAsync(string elementId)
    {
        await using var context = Database.CreateContext();
        return await context.UserTasks.AsNoTracking().SingleAsync(t => t.ElementId == elementId && t.State == UserTaskStates.Created);
    }

    private async Task<List<Entities.UserTaskEntity>> OpenTasksAsync()
    {
        await using var context = Database.CreateContext();
        return await context.UserTasks.AsNoTracking().Where(t => t.State == UserTaskStates.Created).ToListAsync();
    }

    private async Task AssertOutboxEmptyAsync()
    {
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.Outbox.CountAsync());
    }
}

public sealed class SqliteRoutingScenarios : RoutingScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresRoutingScenarios : RoutingScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
