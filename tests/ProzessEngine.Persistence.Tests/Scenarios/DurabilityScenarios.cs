using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>Journal verification, retention, timer claims and the latest-version cache, on SQLite and PostgreSQL.</summary>
public abstract class DurabilityScenarios : DatabaseScenarios
{
    [Fact]
    public async Task An_untouched_journal_verifies_and_a_changed_entry_is_found()
    {
        var node = Node();
        var instance = await StartAndCompleteAsync(node, "antrag");

        var intact = await node.Queries.VerifyJournalAsync(instance);
        await ExecuteAsync($"""UPDATE journal SET "Events" = replace("Events", 'erika', 'mallory') WHERE "ProcessInstanceKey" = {instance} AND "Sequence" = 2""");
        var tampered = await node.Queries.VerifyJournalAsync(instance);

        Assert.True(intact!.Valid);
        Assert.Equal(2, intact.Entries);
        Assert.False(tampered!.Valid);
        Assert.Equal(2, tampered.FirstBrokenSequence);
        Assert.Contains("changed", tampered.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removed_newest_journal_entry_is_found()
    {
        var node = Node();
        var instance = await StartAndCompleteAsync(node, "antrag");

        await ExecuteAsync($"""DELETE FROM journal WHERE "ProcessInstanceKey" = {instance} AND "Sequence" = 2""");
        var verification = await node.Queries.VerifyJournalAsync(instance);

        Assert.False(verification!.Valid);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Contains("removed", verification.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_deletes_ended_instances_after_their_process_period_or_the_default_and_leaves_a_tombstone()
    {
        var node = Node();
        await node.DeployAsync(("kurz.bpmn", TestModels.UserTaskProcess("kurz", processExtensions: TestModels.WithRetention("30"))));
        await node.DeployAsync(("standard.bpmn", TestModels.UserTaskProcess("standard")));
        var shortLived = await StartAndCompleteAsync(node, "kurz");
        var standard = await StartAndCompleteAsync(node, "standard");
        var running = (await node.StartAsync("kurz")).ProcessInstanceKey;
        var retention = new InstanceRetention(Database, Clock);

        Clock.Advance(TimeSpan.FromDays(29));
        var tooEarly = await retention.DeleteExpiredAsync(defaultDays: 365, batchSize: 100);
        Clock.Advance(TimeSpan.FromDays(2));
        var afterThirtyDays = await retention.DeleteExpiredAsync(defaultDays: 365, batchSize: 100);
        Clock.Advance(TimeSpan.FromDays(365));
        var afterAYear = await retention.DeleteExpiredAsync(defaultDays: 365, batchSize: 100);

        Assert.Equal(0, tooEarly.DeletedInstances);
        Assert.Equal([shortLived], afterThirtyDays.ProcessInstanceKeys);
        Assert.Equal([standard], afterAYear.ProcessInstanceKeys);
        await using var context = Database.CreateContext();
        Assert.Equal([running], await context.ProcessInstances.Select(i => i.Key).ToListAsync());
        Assert.Equal([running], await context.Journal.Select(j => j.ProcessInstanceKey).Distinct().ToListAsync());
        Assert.Equal([running], await context.UserTasks.Select(t => t.ProcessInstanceKey).Distinct().ToListAsync());
        var tombstone = await context.DeletedInstances.SingleAsync(d => d.ProcessInstanceKey == shortLived);
        Assert.Equal(("kurz", 2, 30), (tombstone.ProcessId, tombstone.JournalEntries, tombstone.RetentionDays));
        Assert.Equal(64, tombstone.JournalHash.Length);
    }

    [Fact]
    public async Task Without_a_default_only_processes_with_their_own_period_are_deleted()
    {
        var node = Node();
        await node.DeployAsync(("kurz.bpmn", TestModels.UserTaskProcess("kurz", processExtensions: TestModels.WithRetention("0"))));
        await node.DeployAsync(("standard.bpmn", TestModels.UserTaskProcess("standard")));
        var shortLived = await StartAndCompleteAsync(node, "kurz");
        var kept = await StartAndCompleteAsync(node, "standard");
        Clock.Advance(TimeSpan.FromDays(3650));

        var result = await new InstanceRetention(Database, Clock).DeleteExpiredAsync(defaultDays: null, batchSize: 100);

        Assert.Equal([shortLived], result.ProcessInstanceKeys);
        Assert.NotNull(await node.Queries.GetInstanceAsync(kept, DeploymentService.DefaultTenant));
    }

    [Fact]
    public async Task A_retention_period_that_is_no_whole_number_of_days_is_rejected_at_deployment()
    {
        var rejected = await Assert.ThrowsAsync<DeploymentRejectedException>(() =>
            Node().DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(processExtensions: TestModels.WithRetention("bald")))));

        Assert.Contains(rejected.Problems, p => p.ElementId == "antrag" && p.Message.Contains("retentionDays", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_nodes_claim_different_due_timers_and_a_lapsed_claim_can_be_taken_again()
    {
        var node = Node();
        await node.DeployAsync(("erinnerung.bpmn", TestModels.TimerThenTask));
        for (var i = 0; i < 6; i++)
        {
            await node.StartAsync("erinnerung");
        }

        var timers = new TimerStore(Database);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var now = Clock.GetUtcNow();
        var first = await timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "node-a", 4);
        var second = await timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "node-b", 4);
        var none = await timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "node-c", 4);
        Clock.Advance(TimeSpan.FromMinutes(2));
        var lapsed = await timers.ClaimDueAsync(Clock.GetUtcNow(), Clock.GetUtcNow(), TimeSpan.FromMinutes(1), "node-c", 10);

        Assert.Equal(4, first.Count);
        Assert.Equal(2, second.Count);
        Assert.Empty(first.Select(t => t.TimerKey).Intersect(second.Select(t => t.TimerKey)));
        Assert.Empty(none);
        Assert.Equal(6, lapsed.Count);
    }

    [Fact]
    public async Task Timers_not_yet_due_are_not_claimed_and_their_slots_are_listed()
    {
        var node = Node();
        await node.DeployAsync(("erinnerung.bpmn", TestModels.TimerThenTask));
        await node.StartAsync("erinnerung");
        var timers = new TimerStore(Database);
        var now = Clock.GetUtcNow();

        var claimed = await timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "node-a", 10);
        var slots = await timers.DueSlotsAsync(now, now.AddMinutes(20), TimeSpan.FromSeconds(1));
        var counts = await timers.CountAsync(now.AddMinutes(10));

        Assert.Empty(claimed);
        Assert.Equal([now.AddMinutes(10).ToUnixTimeMilliseconds() / 1000], slots);
        Assert.Equal((1, 1), counts);
    }

    [Fact]
    public async Task Claimed_timers_fire_once_even_when_the_instance_read_at_the_claim_is_stale()
    {
        var node = Node();
        await node.DeployAsync(("erinnerung.bpmn", TestModels.TimerThenTask));
        var started = await node.StartAsync("erinnerung");
        var timers = new TimerStore(Database);
        Clock.Advance(TimeSpan.FromMinutes(10));
        var now = Clock.GetUtcNow();
        var claimed = Assert.Single(await timers.ClaimDueAsync(now, now, TimeSpan.FromMinutes(1), "node-a", 10));

        // Another node fires the same timer first (say the claim lapsed); the claim's read of the instance is now stale.
        await Node().Commands.FireTimerAsync(claimed.TimerKey);
        await node.Commands.FireTimerAsync(claimed);

        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        Assert.Equal(["start", "fire-timer"], journal.Select(j => j.Command));
        Assert.True((await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey))!.Valid);
    }

    [Fact]
    public async Task Firing_a_timer_whose_element_moved_on_removes_the_row()
    {
        var node = Node();
        await node.DeployAsync(("erinnerung.bpmn", TestModels.TimerThenTask));
        var started = await node.StartAsync("erinnerung");
        long timerKey;
        await using (var context = Database.CreateContext())
        {
            timerKey = (await context.Timers.SingleAsync()).Key;
        }

        // A stray row (e.g. left by an older engine version) that no element waits for.
        await ExecuteAsync($"""
            INSERT INTO timers ("Key", "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "DueAt", "TenantId", "CreatedAt")
            SELECT 42, "ProcessInstanceKey", "ElementInstanceKey", "ElementId", "DueAt", "TenantId", "CreatedAt" FROM timers WHERE "Key" = {timerKey}
            """);
        await node.Commands.FireTimerAsync(42);

        await using (var context = Database.CreateContext())
        {
            Assert.Equal([timerKey], await context.Timers.Select(t => t.Key).ToListAsync());
        }

        Assert.Equal("ACTIVE", (await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, DeploymentService.DefaultTenant))!.State);
    }

    [Fact]
    public async Task A_node_that_cached_the_latest_version_starts_the_newer_one_another_node_deployed()
    {
        var first = Node();
        var second = Node();
        await first.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var before = await first.StartAsync("antrag");

        await second.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(taskName: "Neu prüfen")));
        var after = await first.StartAsync("antrag");

        Assert.Equal(1, before.Version);
        Assert.Equal(2, after.Version);
    }

    [Fact]
    public async Task A_clerk_action_and_a_completion_racing_on_one_instance_both_end_up_in_the_journal_once()
    {
        var node = Node();
        var other = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        var task = await OpenTaskAsync(node, started.ProcessInstanceKey);

        var assign = node.Commands.AssignUserTaskAsync(task, "erika", allowOverride: false, CommandActor.User("erika"));
        var complete = other.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("otto"));
        var outcomes = await Task.WhenAll(Outcome(assign), Outcome(complete));

        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        Assert.Null(outcomes[1]);
        Assert.Equal(1, journal.Count(j => j.Command == "complete-user-task"));
        Assert.Equal(outcomes[0] is null ? 1 : 0, journal.Count(j => j.Command == "assign-user-task"));
        Assert.True((await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey))!.Valid);
    }

    private static async Task<long> StartAndCompleteAsync(EngineNode node, string processId)
    {
        if (processId == "antrag")
        {
            await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        }

        var started = await node.StartAsync(processId);
        await node.Commands.CompleteUserTaskAsync(await OpenTaskAsync(node, started.ProcessInstanceKey), null, CommandActor.User("erika"));
        return started.ProcessInstanceKey;
    }

    private static async Task<long> OpenTaskAsync(EngineNode node, long instanceKey)
    {
        var tasks = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant,
            new UserTaskFilter(State: UserTaskStates.Created, ProcessInstanceKey: instanceKey), new TaskVisibility("x", [], SeesAll: true), new Page());
        return Assert.Single(tasks.Items).UserTaskKey;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var context = Database.CreateContext();
        await context.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<Exception?> Outcome(Task action)
    {
        try
        {
            await action;
            return null;
        }
        catch (EngineConflictException ex)
        {
            return ex;
        }
    }
}

public sealed class SqliteDurabilityScenarios : DurabilityScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresDurabilityScenarios : DurabilityScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
