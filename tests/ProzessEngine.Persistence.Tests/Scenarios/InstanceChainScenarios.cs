using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Routing;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Cancelling an instance cancels every instance it called, also when its cancellation overtakes the start of a child
/// still waiting in the outbox: a child starts only while its call activity waits for it. Written once, run on SQLite
/// and PostgreSQL.
/// </summary>
public abstract class InstanceChainScenarios : DatabaseScenarios
{
    [Fact]
    public async Task A_parent_cancelled_before_its_child_started_left_the_child_running_alone_and_now_the_child_never_starts()
    {
        var dying = new EngineNode(Database, Clock, Keys, inlineOutboxBudget: 0);
        await dying.DeployAsync(("haupt.bpmn", RoutingModels.ParentCallingChild), ("pruefung.bpmn", RoutingModels.ChildWithTask));
        var parent = await dying.StartAsync("bauantrag");
        await dying.Commands.CancelAsync(parent.ProcessInstanceKey, CommandActor.User("admin"));

        // The cancellation of the child is carried out first, when there is no child yet; then the child's start.
        var node = Node();
        await node.Commands.CarryOutAsync([await OutboxRowAsync(OutboxKinds.CancelChild)]);
        await node.Commands.SweepOutboxAsync(TimeSpan.Zero);

        await using var context = Database.CreateContext();
        Assert.Empty(await context.ProcessInstances.Where(i => i.ProcessId == "fachpruefung").ToListAsync());
        Assert.Equal(0, await context.UserTasks.CountAsync());
        Assert.Equal(0, await context.Outbox.CountAsync());
    }

    [Fact]
    public async Task Cancelling_the_root_of_a_process_that_calls_itself_while_its_calls_wait_in_the_outbox_stops_every_level()
    {
        var node = new EngineNode(Database, Clock, Keys, inlineOutboxBudget: 3);
        await node.DeployAsync(("rekursion.bpmn", ChainModels.CallsItself("rekursion")));
        var root = await node.StartAsync("rekursion");
        Assert.Equal(4, await CountAsync(InstanceStatuses.Active));

        await node.Commands.CancelAsync(root.ProcessInstanceKey, CommandActor.User("admin"));
        await Node().Commands.SweepOutboxAsync(TimeSpan.Zero);

        Assert.Equal(0, await CountAsync(InstanceStatuses.Active));
        Assert.Equal(4, await CountAsync(InstanceStatuses.Terminated));
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_process_that_calls_itself_through_the_sweep_stops_at_the_depth_limit_with_an_incident_on_the_deepest_call()
    {
        var node = new EngineNode(Database, Clock, Keys, inlineOutboxBudget: 2);
        await node.DeployAsync(("rekursion.bpmn", ChainModels.CallsItself("rekursion")));
        await node.StartAsync("rekursion");

        while (await node.Commands.SweepOutboxAsync(TimeSpan.Zero) > 0)
        {
        }

        Assert.Equal(EngineLimits.Default.MaxCallDepth + 1, await CountAsync(InstanceStatuses.Active));
        await using var context = Database.CreateContext();
        var incident = await context.Incidents.SingleAsync();
        Assert.Equal("selbst", incident.ElementId);
        Assert.Contains("Engine:Limits:MaxCallDepth", incident.Message, StringComparison.Ordinal);
        Assert.Equal(0, await context.Outbox.CountAsync());
    }

    private async Task<long> OutboxRowAsync(string kind)
    {
        await using var context = Database.CreateContext();
        return (await context.Outbox.SingleAsync(o => o.Kind == kind)).Key;
    }

    private async Task<int> CountAsync(string status)
    {
        await using var context = Database.CreateContext();
        return await context.ProcessInstances.CountAsync(i => i.Status == status);
    }
}

public sealed class SqliteInstanceChainScenarios : InstanceChainScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresInstanceChainScenarios : InstanceChainScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
