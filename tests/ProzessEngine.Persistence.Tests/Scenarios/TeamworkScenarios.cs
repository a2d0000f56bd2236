using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Four-eyes rules, completers, comments and substitutions on SQLite and PostgreSQL (see the two subclasses at the end).
/// </summary>
public abstract class TeamworkScenarios : DatabaseScenarios
{
    private static string FourEyes(string ids) =>
        $"""<zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="{ids}" /></zeebe:properties>""";

    /// <summary>
    /// Invoice approval: "Sachlich richtig" by every checker of the list (multi-instance), then "Anordnung" by someone
    /// else; a correction sends it back to "Sachlich richtig" (a loop).
    /// </summary>
    private static string Rechnung(string anordnungExtensions = "", string sachlichExtensions = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="rechnung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="zurueck" />
            <bpmn:exclusiveGateway id="zurueck" />
            <bpmn:sequenceFlow id="f2" sourceRef="zurueck" targetRef="sachlich" />
            <bpmn:userTask id="sachlich" name="Sachlich richtig">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="fachamt" />
                {sachlichExtensions}
              </bpmn:extensionElements>
              <bpmn:multiInstanceLoopCharacteristics>
                <bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=pruefer" inputElement="pruefer" /></bpmn:extensionElements>
              </bpmn:multiInstanceLoopCharacteristics>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f3" sourceRef="sachlich" targetRef="anordnung" />
            <bpmn:userTask id="anordnung" name="Anordnung">
              <bpmn:extensionElements>
                <zeebe:assignmentDefinition candidateGroups="kasse" />
                {FourEyes("sachlich")}
                {anordnungExtensions}
              </bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f4" sourceRef="anordnung" targetRef="korrektur" />
            <bpmn:exclusiveGateway id="korrektur" default="f6" />
            <bpmn:sequenceFlow id="f5" sourceRef="korrektur" targetRef="zurueck">
              <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">=korrigieren = true</bpmn:conditionExpression>
            </bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f6" sourceRef="korrektur" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Two tasks at once, each forbidding the other's completer.</summary>
    private const string Gegenseitig = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="gegenseitig" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="split" />
            <bpmn:parallelGateway id="split" />
            <bpmn:sequenceFlow id="f2" sourceRef="split" targetRef="a" />
            <bpmn:sequenceFlow id="f3" sourceRef="split" targetRef="b" />
            <bpmn:userTask id="a"><bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="b" /></zeebe:properties></bpmn:extensionElements></bpmn:userTask>
            <bpmn:userTask id="b"><bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="a" /></zeebe:properties></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="join" />
            <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="join" />
            <bpmn:parallelGateway id="join" />
            <bpmn:sequenceFlow id="f6" sourceRef="join" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static readonly TaskVisibility Everyone = new("x", [], SeesAll: true);

    private static async Task<List<UserTaskView>> OpenTasksAsync(EngineNode node, long instanceKey, string elementId) =>
        [.. (await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant,
            new UserTaskFilter(State: UserTaskStates.Created, ProcessInstanceKey: instanceKey), Everyone, new Page())).Items.Where(t => t.ElementId == elementId)];

    private static async Task<long> OpenTaskAsync(EngineNode node, long instanceKey, string elementId) =>
        Assert.Single(await OpenTasksAsync(node, instanceKey, elementId)).UserTaskKey;

    [Fact]
    public async Task Every_checker_of_a_multi_instance_task_is_kept_from_the_payment_order_on_claim_and_completion()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Rechnung()));
        var started = await node.StartAsync("rechnung", ("pruefer", new[] { "a", "b" }));
        var checks = await OpenTasksAsync(node, started.ProcessInstanceKey, "sachlich");
        Assert.Equal(2, checks.Count);
        await node.Commands.CompleteUserTaskAsync(checks[0].UserTaskKey, null, CommandActor.User("max"));
        await node.Commands.CompleteUserTaskAsync(checks[1].UserTaskKey, null, CommandActor.User("lena"));
        var order = await OpenTaskAsync(node, started.ProcessInstanceKey, "anordnung");

        var byMax = await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            node.Commands.CompleteUserTaskAsync(order, null, CommandActor.User("max")));
        var claimByLena = await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            node.Commands.AssignUserTaskAsync(order, "lena", false, CommandActor.User("lena")));
        var assignedToLena = await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            node.Commands.AssignUserTaskAsync(order, "lena", false, CommandActor.User("admin")));
        await node.Commands.AssignUserTaskAsync(order, "otto", false, CommandActor.User("otto"));
        await node.Commands.CompleteUserTaskAsync(order, null, CommandActor.User("otto"));

        Assert.Equal(("max", FourEyesAction.Complete), (byMax.Person, byMax.Action));
        Assert.Equal(("lena", FourEyesAction.Claim, "sachlich"), (claimByLena.Person, claimByLena.Action, claimByLena.EarlierElementId));
        Assert.Equal("lena", assignedToLena.Person);
        var done = await node.Queries.GetUserTaskAsync(order, DeploymentService.DefaultTenant);
        Assert.Equal(("COMPLETED", "otto"), (done!.State, done.CompletedBy));
    }

    [Fact]
    public async Task A_checker_of_an_earlier_round_of_a_loop_stays_excluded_after_the_invoice_came_back()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Rechnung()));
        var started = await node.StartAsync("rechnung", ("pruefer", new[] { "a" }));
        await node.Commands.CompleteUserTaskAsync(await OpenTaskAsync(node, started.ProcessInstanceKey, "sachlich"), null, CommandActor.User("max"));
        await node.Commands.CompleteUserTaskAsync(await OpenTaskAsync(node, started.ProcessInstanceKey, "anordnung"),
            InMemoryVariables(("korrigieren", true)), CommandActor.User("otto"));
        await node.Commands.CompleteUserTaskAsync(await OpenTaskAsync(node, started.ProcessInstanceKey, "sachlich"), null, CommandActor.User("lena"));
        var secondOrder = await OpenTaskAsync(node, started.ProcessInstanceKey, "anordnung");

        await Assert.ThrowsAsync<FourEyesViolationException>(() => node.Commands.CompleteUserTaskAsync(secondOrder, null, CommandActor.User("max")));
        await Assert.ThrowsAsync<FourEyesViolationException>(() => node.Commands.CompleteUserTaskAsync(secondOrder, null, CommandActor.User("lena")));
        await node.Commands.CompleteUserTaskAsync(secondOrder, InMemoryVariables(("korrigieren", false)), CommandActor.User("otto"));

        var instance = await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, DeploymentService.DefaultTenant);
        Assert.Equal("COMPLETED", instance!.State);
    }

    [Fact]
    public async Task Work_a_deputy_did_for_a_colleague_counts_for_both_of_them()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Rechnung()));
        var started = await node.StartAsync("rechnung", ("pruefer", new[] { "a" }));
        var check = await OpenTaskAsync(node, started.ProcessInstanceKey, "sachlich");
        await node.Commands.CompleteUserTaskAsync(check, null, CommandActor.User("max") with { OnBehalfOf = "erika" });
        var order = await OpenTaskAsync(node, started.ProcessInstanceKey, "anordnung");

        var erika = await Assert.ThrowsAsync<FourEyesViolationException>(() => node.Commands.CompleteUserTaskAsync(order, null, CommandActor.User("erika")));
        var lenaForMax = await Assert.ThrowsAsync<FourEyesViolationException>(() =>
            node.Commands.CompleteUserTaskAsync(order, null, CommandActor.User("lena") with { OnBehalfOf = "max" }));

        Assert.Contains("von max für erika abgeschlossen", erika.GermanMessage, StringComparison.Ordinal);
        Assert.Equal("max", lenaForMax.Person);
        var checkRow = await node.Queries.GetUserTaskAsync(check, DeploymentService.DefaultTenant);
        Assert.Equal(("max", "erika"), (checkRow!.CompletedBy, checkRow.CompletedOnBehalfOf));
    }

    [Fact]
    public async Task The_completer_of_a_task_with_completing_listeners_is_the_clerk_and_the_rule_sees_them()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Rechnung(sachlichExtensions:
            """<zeebe:taskListeners><zeebe:taskListener eventType="completing" type="pruefprotokoll" /></zeebe:taskListeners>""")));
        var started = await node.StartAsync("rechnung", ("pruefer", new[] { "a" }));
        var check = await OpenTaskAsync(node, started.ProcessInstanceKey, "sachlich");
        await node.Commands.CompleteUserTaskAsync(check, null, CommandActor.User("max"));
        var job = await SingleJobAsync(started.ProcessInstanceKey);
        await node.Commands.CompleteJobAsync(job, null, CommandActor.System("protokoll-dienst"));
        var order = await OpenTaskAsync(node, started.ProcessInstanceKey, "anordnung");

        await Assert.ThrowsAsync<FourEyesViolationException>(() => node.Commands.CompleteUserTaskAsync(order, null, CommandActor.User("max")));

        Assert.Equal("max", (await node.Queries.GetUserTaskAsync(check, DeploymentService.DefaultTenant))!.CompletedBy);
        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        var completion = journal.Single(e => e.Events.Any(ev => ev!["kind"]!.GetValue<string>() == "UserTaskCompleted" && ev["elementId"]!.GetValue<string>() == "sachlich"));
        Assert.Equal("system:protokoll-dienst", completion.Actor);
        Assert.Contains(completion.Events, ev => ev!["kind"]!.GetValue<string>() == "UserTaskCompleted" && ev["detail"]!.GetValue<string>() == "user:max");
    }

    [Fact]
    public async Task Two_tasks_that_exclude_each_other_completed_at_once_by_one_person_let_exactly_one_through()
    {
        var node = Node();
        var other = Node();
        await node.DeployAsync(("gegenseitig.bpmn", Gegenseitig));
        var started = await node.StartAsync("gegenseitig");
        var a = await OpenTaskAsync(node, started.ProcessInstanceKey, "a");
        var b = await OpenTaskAsync(node, started.ProcessInstanceKey, "b");

        var results = await Task.WhenAll(
            Outcome(() => node.Commands.CompleteUserTaskAsync(a, null, CommandActor.User("erika"))),
            Outcome(() => other.Commands.CompleteUserTaskAsync(b, null, CommandActor.User("erika"))));

        Assert.Equal(1, results.Count(r => r is null));
        Assert.IsType<FourEyesViolationException>(Assert.Single(results, r => r is not null));
        Assert.Single(await OpenTasksAsync(node, started.ProcessInstanceKey, results[0] is null ? "b" : "a"));
    }

    [Fact]
    public async Task A_deputys_action_is_journaled_with_whom_they_acted_for_and_the_hash_covers_it()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        var task = await OpenTaskAsync(node, started.ProcessInstanceKey, "pruefen");
        await node.Commands.AssignUserTaskAsync(task, "max", true, CommandActor.User("max") with { OnBehalfOf = "erika" });
        await node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("max") with { OnBehalfOf = "erika" });

        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        var valid = await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey);
        await using (var context = Database.CreateContext())
        {
            await context.Journal.Where(j => j.ProcessInstanceKey == started.ProcessInstanceKey && j.Sequence == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.OnBehalfOf, (string?)null));
        }

        var tampered = await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey);

        Assert.Equal([null, "erika", "erika"], journal.Select(e => e.OnBehalfOf));
        Assert.All(journal.Skip(1), e => Assert.Equal("user:max", e.Actor));
        Assert.True(valid!.Valid, valid.Problem);
        Assert.Equal(2, tampered!.FirstBrokenSequence);
    }

    [Fact]
    public async Task Comments_are_kept_oldest_first_journaled_with_their_text_and_deleted_with_the_instance()
    {
        var node = Node();
        var comments = new TaskComments(Database);
        await node.DeployAsync(("kurz.bpmn", TestModels.UserTaskProcess("kurz", processExtensions: TestModels.WithRetention("30"))));
        var started = await node.StartAsync("kurz");
        var task = await OpenTaskAsync(node, started.ProcessInstanceKey, "pruefen");

        await node.Commands.CommentUserTaskAsync(task, "Lieferschein fehlt, beim Lieferanten angefragt.", CommandActor.User("erika"));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await node.Commands.CompleteUserTaskAsync(task, null, CommandActor.User("erika"));
        await node.Commands.CommentUserTaskAsync(task, "Lieferschein kam per Post.", CommandActor.User("max") with { OnBehalfOf = "erika" });

        var listed = await comments.OfTaskAsync(task, new Page());
        var ofInstance = await comments.OfInstanceAsync(started.ProcessInstanceKey, new Page(0, 1));
        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);

        Assert.Equal(["erika", "max"], listed.Items.Select(c => c.Author));
        Assert.Equal([null, "erika"], listed.Items.Select(c => c.OnBehalfOf));
        Assert.Equal(("pruefen", "Prüfen"), (listed.Items[0].ElementId, listed.Items[0].TaskName));
        Assert.Equal(Clock.GetUtcNow().AddMinutes(-5), listed.Items[0].CreatedAt);
        Assert.Equal((2, 1), (ofInstance.TotalItems, ofInstance.Items.Count));
        var commented = journal[^1];
        Assert.Equal(("comment-user-task", "erika"), (commented.Command, commented.OnBehalfOf));
        Assert.Equal("Lieferschein kam per Post.", Assert.Single(commented.Events)!["detail"]!.GetValue<string>());
        Assert.True((await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey))!.Valid);

        Clock.Advance(TimeSpan.FromDays(31));
        await new InstanceRetention(Database, Clock).DeleteExpiredAsync(null, 10);

        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.TaskComments.CountAsync());
    }

    [Fact]
    public async Task A_deputy_stands_in_only_while_the_substitution_runs_with_the_groups_of_the_absent_persons_last_sign_in()
    {
        var substitutions = new Substitutions(Database, Keys, Clock);
        var users = new KnownUsers(Database, Clock);
        await users.RememberAsync(["stadt-a"], "erika", "Erika Muster", ["fachamt", "kasse"]);
        await users.RememberAsync(["stadt-a"], "erika", "Erika Muster", ["fachamt"]);
        var now = Clock.GetUtcNow();
        var running = await substitutions.CreateAsync("stadt-a", "erika", ["max", "lena", "max"], now.AddHours(-1), now.AddDays(5), "erika");
        await substitutions.CreateAsync("stadt-a", "otto", ["max"], now.AddDays(1), now.AddDays(3), "teamleitung");
        await substitutions.CreateAsync("stadt-b", "anna", ["max"], now.AddHours(-1), now.AddDays(3), "anna");

        var forMax = await substitutions.RunningForDeputyAsync(["stadt-a"], "max");
        var forLena = await substitutions.RunningForDeputyAsync(["stadt-a"], "lena");
        Clock.Advance(TimeSpan.FromDays(2));
        var laterForMax = await substitutions.RunningForDeputyAsync(["stadt-a"], "max");

        var deputyship = Assert.Single(forMax);
        Assert.Equal("erika", deputyship.AbsentUserId);
        Assert.Equal(["fachamt"], deputyship.Groups);
        Assert.Equal(["max", "lena"], running.Deputies.Order(StringComparer.Ordinal).Reverse());
        Assert.Equal(SubstitutionStates.Active, running.State);
        Assert.Equal(["fachamt"], running.AbsentUserGroups);
        Assert.Equal("erika", Assert.Single(forLena).AbsentUserId);
        Assert.Equal(["erika", "otto"], laterForMax.Select(d => d.AbsentUserId).Order(StringComparer.Ordinal));
        Assert.Empty(Assert.Single(laterForMax, d => d.AbsentUserId == "otto").Groups);
    }

    [Fact]
    public async Task Ending_removes_a_planned_substitution_cuts_a_running_one_short_and_refuses_one_that_is_over()
    {
        var substitutions = new Substitutions(Database, Keys, Clock);
        var now = Clock.GetUtcNow();
        var planned = await substitutions.CreateAsync("stadt-a", "erika", ["max"], now.AddDays(1), now.AddDays(3), "erika");
        var running = await substitutions.CreateAsync("stadt-a", "erika", ["lena"], now.AddHours(-1), now.AddDays(3), "erika");
        var over = await substitutions.CreateAsync("stadt-a", "erika", ["otto"], now.AddDays(-3), now.AddDays(-1), "erika");

        await substitutions.EndAsync(planned.SubstitutionKey);
        await substitutions.EndAsync(running.SubstitutionKey);
        await Assert.ThrowsAsync<EngineConflictException>(() => substitutions.EndAsync(over.SubstitutionKey));

        Assert.Null(await substitutions.GetAsync(planned.SubstitutionKey, ["stadt-a"]));
        var ended = await substitutions.GetAsync(running.SubstitutionKey, ["stadt-a"]);
        Assert.Equal((SubstitutionStates.Ended, now), (ended!.State, ended.To));
        Assert.Null(await substitutions.GetAsync(running.SubstitutionKey, ["stadt-b"]));
        var mine = await substitutions.SearchAsync(["stadt-a"], new SubstitutionFilter(Involving: "lena"), new Page());
        Assert.Equal(running.SubstitutionKey, Assert.Single(mine.Items).SubstitutionKey);
        var active = await substitutions.SearchAsync(["stadt-a"], new SubstitutionFilter(State: SubstitutionStates.Active), new Page());
        Assert.Empty(active.Items);
    }

    private static IReadOnlyList<KeyValuePair<string, Feel.FeelValue>> InMemoryVariables(params (string Name, object? Value)[] variables) =>
        Testing.Engine.InMemoryEngine.ToFeel(variables)!;

    private static async Task<Exception?> Outcome(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (FourEyesViolationException violation)
        {
            return violation;
        }
    }

    private async Task<long> SingleJobAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        return await context.Jobs.Where(j => j.ProcessInstanceKey == instanceKey).Select(j => j.Key).SingleAsync();
    }
}

public sealed class SqliteTeamworkScenarios : TeamworkScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresTeamworkScenarios : TeamworkScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
