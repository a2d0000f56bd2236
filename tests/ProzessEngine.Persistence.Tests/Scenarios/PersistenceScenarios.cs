using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>Written once, run against SQLite and PostgreSQL (see the two subclasses at the end).</summary>
public abstract class PersistenceScenarios : DatabaseScenarios
{
    [Fact]
    public async Task Deploying_changed_content_creates_a_new_version_and_identical_content_returns_the_existing_one()
    {
        var node = Node();

        var first = await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var same = await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var changed = await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(taskName: "Genau prüfen")));

        Assert.Equal(1, first.Processes.Single().Version);
        Assert.True(first.Processes.Single().IsNew);
        Assert.Equal(first.Processes.Single().Key, same.Processes.Single().Key);
        Assert.False(same.Processes.Single().IsNew);
        Assert.Equal(2, changed.Processes.Single().Version);
    }

    [Fact]
    public async Task A_rejected_deployment_stores_nothing_and_names_every_problem()
    {
        var node = Node();
        var broken = TestModels.UserTaskProcess().Replace("<bpmn:endEvent id=\"end\" />", "<bpmn:sendTask id=\"senden\" />", StringComparison.Ordinal);

        var rejected = await Assert.ThrowsAsync<DeploymentRejectedException>(() =>
            node.DeployAsync(("good.form", TestModels.Form), ("broken.bpmn", broken), ("notes.txt", "hallo")));

        Assert.Contains(rejected.Problems, p => p.Resource == "broken.bpmn" && p.ElementId == "senden");
        Assert.Contains(rejected.Problems, p => p.Resource == "notes.txt");
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.Forms.CountAsync());
        Assert.Equal(0, await context.ProcessDefinitions.CountAsync());
    }

    [Fact]
    public async Task A_task_linking_a_form_not_deployed_yet_deploys_with_a_warning()
    {
        // Camunda 8 resolves a linked form when the task is created, so the form may follow the process.
        var node = Node();

        var result = await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(form: "<zeebe:formDefinition formId=\"fehlt\" />")));

        Assert.Single(result.Processes);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(("antrag.bpmn", "pruefen"), (warning.Resource, warning.ElementId));
        Assert.Contains("'fehlt', which is not deployed yet", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instances_start_on_the_latest_version_and_stay_on_their_own()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var old = await node.StartAsync("antrag");
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(taskName: "Neu prüfen")));

        var fresh = await node.StartAsync("antrag");

        Assert.Equal(1, old.Version);
        Assert.Equal(2, fresh.Version);
        var tasks = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant, new UserTaskFilter(State: UserTaskStates.Created),
            new TaskVisibility("x", [], SeesAll: true), new Page());
        Assert.Equal("Prüfen", tasks.Items.Single(t => t.ProcessInstanceKey == old.ProcessInstanceKey).Name);
        Assert.Equal("Neu prüfen", tasks.Items.Single(t => t.ProcessInstanceKey == fresh.ProcessInstanceKey).Name);
    }

    [Fact]
    public void The_migrations_describe_the_model_including_how_instants_are_converted()
    {
        using var context = Database.CreateContext();

        Assert.False(context.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Starting_an_unknown_process_is_not_found()
    {
        await Assert.ThrowsAsync<EngineNotFoundException>(() => Node().StartAsync("gibt-es-nicht"));
    }

    [Fact]
    public async Task A_task_is_found_by_its_groups_and_completing_it_completes_the_instance()
    {
        var node = Node();
        await node.DeployAsync(("pruef.form", TestModels.Form), ("antrag.bpmn", TestModels.UserTaskProcess(form: "<zeebe:formDefinition formId=\"pruef-formular\" />")));
        var started = await node.StartAsync("antrag", ("antragsteller", "Erika Mustermann"), ("betrag", 12.5m));

        var visibleToKasse = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant, new UserTaskFilter(CandidateGroup: "kasse"),
            new TaskVisibility("otto", ["kasse"], SeesAll: false), new Page());
        var invisible = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant, new UserTaskFilter(),
            new TaskVisibility("otto", ["bauamt"], SeesAll: false), new Page());

        var task = Assert.Single(visibleToKasse.Items);
        Assert.Empty(invisible.Items);
        Assert.Equal(["fachamt", "kasse"], task.CandidateGroups);
        Assert.NotNull(task.FormKey);
        var form = await node.Queries.GetUserTaskFormAsync(task, null);
        Assert.Equal("pruef-formular", form!.FormId);
        var variables = await node.Queries.GetUserTaskVariablesAsync(task);
        Assert.Equal("Erika Mustermann", variables["antragsteller"]!.GetValue<string>());

        await node.Commands.CompleteUserTaskAsync(task.UserTaskKey, InMemoryEngine.ToFeel([("ok", true)]), CommandActor.User("otto"));

        var instance = await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, DeploymentService.DefaultTenant);
        Assert.Equal(InstanceStatuses.Completed, instance!.State);
        Assert.True(instance.Variables!["ok"]!.GetValue<bool>());
        Assert.Equal("12.5", instance.Variables["betrag"]!.ToJsonString());
        var done = await node.Queries.GetUserTaskAsync(task.UserTaskKey, DeploymentService.DefaultTenant);
        Assert.Equal(UserTaskStates.Completed, done!.State);
        Assert.NotNull(done.CompletionDate);
    }

    [Fact]
    public async Task Completing_a_completed_task_is_a_conflict()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        var task = await SingleTaskAsync(node, started.ProcessInstanceKey);
        await node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("a"));

        await Assert.ThrowsAsync<EngineConflictException>(() => node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("b")));
    }

    [Fact]
    public async Task A_waiting_instance_survives_a_restart_and_continues()
    {
        var before = Node();
        await before.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await before.StartAsync("antrag", ("aktenzeichen", "AZ-1"));
        var task = await SingleTaskAsync(before, started.ProcessInstanceKey);

        var after = Node();
        await after.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("erika"));

        var instance = await after.Queries.GetInstanceAsync(started.ProcessInstanceKey, DeploymentService.DefaultTenant);
        Assert.Equal(InstanceStatuses.Completed, instance!.State);
        Assert.Equal("AZ-1", instance.Variables!["aktenzeichen"]!.GetValue<string>());
    }

    [Fact]
    public async Task Firing_a_timer_consumes_its_row_so_a_second_fire_is_a_no_op()
    {
        var listener = new RecordingListener();
        var node = Node(listener);
        await node.DeployAsync(("erinnerung.bpmn", TestModels.TimerThenTask));
        var started = await node.StartAsync("erinnerung");
        long timerKey;
        await using (var context = Database.CreateContext())
        {
            var timer = await context.Timers.SingleAsync();
            Assert.Equal(Clock.GetUtcNow().AddMinutes(10), timer.DueAt);
            timerKey = timer.Key;
        }

        await node.Commands.FireTimerAsync(timerKey);
        await node.Commands.FireTimerAsync(timerKey);

        await using (var context = Database.CreateContext())
        {
            Assert.Equal(0, await context.Timers.CountAsync());
            var fires = await context.Journal.CountAsync(j => j.ProcessInstanceKey == started.ProcessInstanceKey && j.Command == "fire-timer");
            Assert.Equal(1, fires);
        }

        Assert.Equal(InstanceStatus.Completed, listener.Commands.Last().Status);
    }

    [Fact]
    public async Task Two_clerks_completing_the_same_task_at_once_get_one_success_and_one_conflict()
    {
        var node = Node();
        var other = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        for (var round = 0; round < 10; round++)
        {
            var started = await node.StartAsync("antrag");
            var task = await SingleTaskAsync(node, started.ProcessInstanceKey);

            var outcomes = await Task.WhenAll(
                Outcome(() => node.Commands.CompleteUserTaskAsync(task, InMemoryEngine.ToFeel([("von", "a")]), CommandActor.User("a"))),
                Outcome(() => other.Commands.CompleteUserTaskAsync(task, InMemoryEngine.ToFeel([("von", "b")]), CommandActor.User("b"))));

            Assert.Equal(1, outcomes.Count(o => o is null));
            Assert.Equal(1, outcomes.Count(o => o is EngineConflictException));
            await using var context = Database.CreateContext();
            Assert.Equal(1, await context.Journal.CountAsync(j => j.ProcessInstanceKey == started.ProcessInstanceKey && j.Command == "complete-user-task"));
        }
    }

    [Fact]
    public async Task Assignment_records_the_clerk_and_refuses_to_take_a_task_from_someone_else()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        var task = await SingleTaskAsync(node, started.ProcessInstanceKey);

        await node.Commands.AssignUserTaskAsync(task, "erika", allowOverride: false, CommandActor.User("erika"));
        await Assert.ThrowsAsync<EngineConflictException>(() =>
            node.Commands.AssignUserTaskAsync(task, "otto", allowOverride: false, CommandActor.User("otto")));
        await node.Commands.AssignUserTaskAsync(task, "otto", allowOverride: true, CommandActor.User("teamleitung"));

        var view = await node.Queries.GetUserTaskAsync(task, DeploymentService.DefaultTenant);
        Assert.Equal("otto", view!.Assignee);
        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        Assert.Equal(["start", "assign-user-task", "assign-user-task"], journal.Select(j => j.Command));
        Assert.Equal("user:teamleitung", journal[^1].Actor);
    }

    [Fact]
    public async Task The_journal_is_hash_chained_per_instance()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        await node.Commands.CompleteUserTaskAsync(await SingleTaskAsync(node, started.ProcessInstanceKey), null, CommandActor.User("erika"));

        await using var context = Database.CreateContext();
        var entries = await context.Journal.Where(j => j.ProcessInstanceKey == started.ProcessInstanceKey).OrderBy(j => j.Sequence).ToListAsync();

        Assert.Equal([1, 2], entries.Select(e => e.Sequence));
        Assert.Equal(JournalChain.Genesis, entries[0].PreviousHash);
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.All(entries, e => Assert.Equal(JournalChain.ComputeHash(e), e.Hash));
        entries[1].Events = entries[1].Events.Replace("erika", "mallory", StringComparison.Ordinal);
        Assert.NotEqual(JournalChain.ComputeHash(entries[1]), entries[1].Hash);
    }

    private static async Task<long> SingleTaskAsync(EngineNode node, long instanceKey)
    {
        var tasks = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant,
            new UserTaskFilter(State: UserTaskStates.Created, ProcessInstanceKey: instanceKey), new TaskVisibility("x", [], SeesAll: true), new Page());
        return Assert.Single(tasks.Items).UserTaskKey;
    }

    private static async Task<Exception?> Outcome(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (EngineConflictException ex)
        {
            return ex;
        }
    }

    private sealed class RecordingListener : ICommandListener
    {
        public List<CommittedCommand> Commands { get; } = [];

        public void OnCommitted(CommittedCommand command)
        {
            lock (Commands)
            {
                Commands.Add(command);
            }
        }
    }
}

public sealed class SqlitePersistenceScenarios : PersistenceScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresPersistenceScenarios : PersistenceScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
