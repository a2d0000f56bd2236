using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// The task list's data and search on both databases: titles and columns kept current, free text, process variables,
/// follow-up dates, several groups, sorting with missing values last and cursor paging.
/// </summary>
public abstract class TaskListScenarios : DatabaseScenarios
{
    private static readonly TaskVisibility Everyone = new("admin", [], SeesAll: true);

    private static string Invoice(string groups = "fachamt, kasse", string schedule = "") => TestModels.UserTaskProcess(
        id: "rechnung",
        taskName: "Sachlich prüfen",
        form: $"""<zeebe:userTask />{schedule}""",
        processExtensions: """
            <bpmn:extensionElements><zeebe:properties>
              <zeebe:property name="prozessengine:taskTitle" value="&quot;Rechnung &quot; + rechnungsnummer + &quot; · &quot; + string(betrag) + &quot; €&quot;" />
              <zeebe:property name="prozessengine:taskColumns" value="rechnungsnummer, betrag, lieferant" />
            </zeebe:properties></bpmn:extensionElements>
            """).Replace("candidateGroups=\"fachamt, kasse\"", $"candidateGroups=\"{groups}\"", StringComparison.Ordinal);

    private static SearchQuery Query(params FieldCondition[] conditions) => new(conditions, [], new Page());

    private static FieldCondition Is(string field, object value) => new(field, FilterOperator.Equal, value);

    private async Task<(EngineNode Node, long TaskKey, long InstanceKey)> StartInvoiceAsync(EngineNode? node = null, string number = "R-4711",
        decimal amount = 7350.20m, string supplier = "Müller GmbH", string groups = "fachamt, kasse")
    {
        node ??= Node();
        await node.DeployAsync(("rechnung.bpmn", Invoice(groups)));
        var started = await node.StartAsync("rechnung", ("rechnungsnummer", number), ("betrag", amount), ("lieferant", supplier));
        var task = (await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant],
            Query(Is("processInstanceKey", started.ProcessInstanceKey)), Everyone)).Items.Single();
        return (node, task.UserTaskKey, started.ProcessInstanceKey);
    }

    private static async Task<IReadOnlyList<string>> NumbersAsync(EngineNode node, params FieldCondition[] conditions) =>
        [.. (await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant], Query(conditions), Everyone)).Items
            .Select(t => t.Columns!["rechnungsnummer"]!.GetValue<string>()).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task A_task_keeps_its_title_and_columns_and_they_follow_the_variables()
    {
        var (node, taskKey, instanceKey) = await StartInvoiceAsync();

        var task = (await node.Queries.GetUserTaskAsync(taskKey, DeploymentService.DefaultTenant))!;
        Assert.Equal("Rechnung R-4711 · 7350.20 €", task.Title);
        Assert.Equal("""{"rechnungsnummer":"R-4711","betrag":7350.20,"lieferant":"Müller GmbH"}""", task.Columns!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        await node.Commands.SetVariablesAsync(instanceKey, InMemoryEngine.ToFeel([("betrag", 12), ("lieferant", "Schmidt KG")]), local: false,
            DeploymentService.DefaultTenant, CommandActor.User("erika"));

        task = (await node.Queries.GetUserTaskAsync(taskKey, DeploymentService.DefaultTenant))!;
        Assert.Equal("Rechnung R-4711 · 12 €", task.Title);
        Assert.Equal("Schmidt KG", task.Columns!["lieferant"]!.GetValue<string>());
        Assert.Equal(["R-4711"], await NumbersAsync(node, Is("text", "schmidt")));
        Assert.Empty(await NumbersAsync(node, Is("text", "müller")));
    }

    [Fact]
    public async Task A_title_that_fails_is_the_task_name_and_the_task_is_there_to_work_on()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Invoice()));
        var started = await node.StartAsync("rechnung", ("betrag", 5));

        var task = (await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant],
            Query(Is("processInstanceKey", started.ProcessInstanceKey)), Everyone)).Items.Single();

        Assert.Equal("Sachlich prüfen", task.Title);
        Assert.Null(task.Columns!["rechnungsnummer"]?.GetValue<string>());
        await node.Commands.CompleteUserTaskAsync(task.UserTaskKey, null, CommandActor.User("erika"));
    }

    [Fact]
    public async Task Free_text_finds_words_of_title_columns_and_name_ignoring_case_and_as_a_german_list_shows_numbers()
    {
        var (node, _, _) = await StartInvoiceAsync(number: "R-1", amount: 7350.2m, supplier: "Müller GmbH");
        await StartInvoiceAsync(node, number: "R-2", amount: 99m, supplier: "Schmidt KG");

        Assert.Equal(["R-1"], await NumbersAsync(node, Is("text", "MÜLLER")));
        Assert.Equal(["R-1"], await NumbersAsync(node, Is("text", "7.350,20")));
        Assert.Equal(["R-1"], await NumbersAsync(node, Is("text", "gmbh r-1")));
        Assert.Empty(await NumbersAsync(node, Is("text", "gmbh r-2")));
        Assert.Equal(["R-1", "R-2"], await NumbersAsync(node, Is("text", "sachlich")));
        // Characters that mean something to LIKE or GLOB are plain here.
        Assert.Empty(await NumbersAsync(node, Is("text", "m_ller")));
        Assert.Empty(await NumbersAsync(node, Is("text", "r-*")));
        Assert.Equal(["R-2"], await NumbersAsync(node, new FieldCondition("title", FilterOperator.Like, "Rechnung R-2*")));
    }

    [Fact]
    public async Task Process_variables_are_found_by_their_json_value_numbers_whatever_their_trailing_zeros()
    {
        var (node, _, _) = await StartInvoiceAsync(number: "R-1", amount: 7350.20m);
        await StartInvoiceAsync(node, number: "R-2", amount: 7350.21m);

        Assert.Equal(["R-1"], await NumbersAsync(node, Is("processInstanceVariables", new[] { new VariableCondition("betrag", "7350.2") })));
        Assert.Equal(["R-2"], await NumbersAsync(node, Is("processInstanceVariables",
            new[] { new VariableCondition("rechnungsnummer", "\"R-2\""), new VariableCondition("betrag", "7350.21") })));
        Assert.Empty(await NumbersAsync(node, Is("processInstanceVariables",
            new[] { new VariableCondition("rechnungsnummer", "\"R-2\""), new VariableCondition("betrag", "7350.2") })));
        Assert.Empty(await NumbersAsync(node, Is("processInstanceVariables", new[] { new VariableCondition("rechnungsnummer", "\"r-2\"") })));
    }

    [Fact]
    public async Task Changed_process_variables_are_searched_as_they_are_now()
    {
        var (node, _, instanceKey) = await StartInvoiceAsync(number: "R-1");

        await node.Commands.SetVariablesAsync(instanceKey, InMemoryEngine.ToFeel([("rechnungsnummer", "R-1a"), ("geprueft", true)]), local: false,
            DeploymentService.DefaultTenant, CommandActor.User("erika"));

        Assert.Empty(await NumbersAsync(node, Is("processInstanceVariables", new[] { new VariableCondition("rechnungsnummer", "\"R-1\"") })));
        Assert.Equal(["R-1a"], await NumbersAsync(node, Is("processInstanceVariables",
            new[] { new VariableCondition("rechnungsnummer", "\"R-1a\""), new VariableCondition("geprueft", "true") })));
    }

    [Fact]
    public async Task Several_candidate_groups_are_searched_at_once()
    {
        var (node, _, _) = await StartInvoiceAsync(number: "R-1", groups: "fachamt");
        await StartInvoiceAsync(node, number: "R-2", groups: "kasse");
        await StartInvoiceAsync(node, number: "R-3", groups: "bauamt");

        Assert.Equal(["R-1", "R-2"], await NumbersAsync(node, new FieldCondition("candidateGroup", FilterOperator.In, new List<object> { "fachamt", "kasse" })));

        var clerk = new TaskVisibility("erika", ["kasse", "bauamt"], SeesAll: false);
        var visible = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant], Query(), clerk);
        Assert.Equal(["R-2", "R-3"], visible.Items.Select(t => t.Columns!["rechnungsnummer"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_follow_up_date_ahead_keeps_the_task_out_of_the_list_until_it_comes()
    {
        var (node, onHold, _) = await StartInvoiceAsync(number: "R-1");
        await StartInvoiceAsync(node, number: "R-2");
        await node.Commands.UpdateUserTaskAsync(onHold, [new("followUpDate", FeelValue.FromString("2026-11-30T07:00:00Z"))], null,
            CommandActor.User("erika"));

        Assert.Equal(["R-2"], await NumbersAsync(node, Is("followUpPending", false)));
        Assert.Equal(["R-1"], await NumbersAsync(node, Is("followUpPending", true)));

        Clock.SetUtcNow(new DateTimeOffset(2026, 11, 30, 7, 0, 0, TimeSpan.Zero));
        Assert.Equal(["R-1", "R-2"], await NumbersAsync(node, Is("followUpPending", false)));
        Assert.Empty(await NumbersAsync(node, Is("followUpPending", true)));
    }

    [Fact]
    public async Task An_update_is_journaled_with_what_it_changed_from_and_to_and_by_whom()
    {
        var (node, taskKey, instanceKey) = await StartInvoiceAsync();

        await node.Commands.UpdateUserTaskAsync(taskKey,
            [new("dueDate", FeelValue.FromString("2026-12-24T10:00:00.0000000+01:00")), new("priority", FeelValue.FromNumber(80))], null,
            CommandActor.User("erika"));
        await node.Commands.UpdateUserTaskAsync(taskKey, [new("dueDate", FeelValue.FromString("2027-01-08T10:00:00.0000000+01:00"))], null,
            CommandActor.User("max"));

        var updates = (await node.Queries.GetJournalAsync(instanceKey)).Where(e => e.Command == "update-user-task").ToList();
        Assert.Equal(2, updates.Count);
        Assert.Contains("erika", updates[0].Actor, StringComparison.Ordinal);
        var first = JsonNode.Parse(updates[0].Events.Single(e => (string?)e!["kind"] == "UserTaskUpdated")!["detail"]!.GetValue<string>())!;
        Assert.Null(first["dueDate"]!["old"]);
        Assert.Equal("2026-12-24T10:00:00.0000000+01:00", (string?)first["dueDate"]!["new"]);
        Assert.Equal(50, (int?)first["priority"]!["old"]);
        Assert.Equal(80, (int?)first["priority"]!["new"]);
        Assert.Contains("max", updates[1].Actor, StringComparison.Ordinal);
        var second = JsonNode.Parse(updates[1].Events.Single(e => (string?)e!["kind"] == "UserTaskUpdated")!["detail"]!.GetValue<string>())!;
        Assert.Equal(DateTimeOffset.Parse("2026-12-24T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse((string)second["dueDate"]!["old"]!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sorting_by_due_date_puts_tasks_without_one_last_and_cursors_walk_the_same_pages_as_offsets()
    {
        var node = Node();
        await node.DeployAsync(("rechnung.bpmn", Invoice(schedule: """<zeebe:taskSchedule dueDate="=faellig" />""")));
        await node.DeployAsync(("ohne.bpmn", Invoice().Replace("\"rechnung\"", "\"ohne\"", StringComparison.Ordinal)));
        var due = new[] { "2026-12-03", "2026-12-01", "2026-12-02", "2026-12-01", "2026-12-05" };
        for (var i = 0; i < due.Length; i++)
        {
            await node.StartAsync("rechnung", ("rechnungsnummer", $"R-{i}"), ("betrag", i), ("faellig", due[i] + "T10:00:00Z"));
        }

        await node.StartAsync("ohne", ("rechnungsnummer", "R-ohne-1"), ("betrag", 1));
        await node.StartAsync("ohne", ("rechnungsnummer", "R-ohne-2"), ("betrag", 2));
        var sort = new List<SortCriterion> { new("dueDate", false) };
        var all = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant], new SearchQuery([], sort, new Page(Limit: 100)), Everyone);
        Assert.Equal(7, all.TotalItems);
        Assert.Equal(["R-1", "R-3", "R-2", "R-0", "R-4"], all.Items.Take(5).Select(t => t.Columns!["rechnungsnummer"]!.GetValue<string>()));
        Assert.All(all.Items.Skip(5), t => Assert.Null(t.DueDate));

        // Forward by cursor, two at a time, gives the same order; backward from the last page gives it back.
        var walked = new List<long>();
        string? after = null;
        PagedResult<Persistence.UserTaskView> page;
        do
        {
            page = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant], new SearchQuery([], sort, new Page(Limit: 2, After: after)), Everyone);
            walked.AddRange(page.Items.Select(t => t.UserTaskKey));
            after = page.EndCursor;
        }
        while (page.Items.Count == 2);

        Assert.Equal(all.Items.Select(t => t.UserTaskKey), walked);
        var before = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant],
            new SearchQuery([], sort, new Page(Limit: 3, Before: page.StartCursor)), Everyone);
        Assert.Equal(all.Items.Skip(3).Take(3).Select(t => t.UserTaskKey), before.Items.Select(t => t.UserTaskKey));

        // Descending: the latest due date first, still without one last.
        var descending = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant],
            new SearchQuery([], [new("dueDate", true)], new Page(Limit: 4)), Everyone);
        Assert.Equal(["R-4", "R-0", "R-2"], descending.Items.Take(3).Select(t => t.Columns!["rechnungsnummer"]!.GetValue<string>()));
        var rest = await node.Queries.SearchUserTasksAsync([DeploymentService.DefaultTenant],
            new SearchQuery([], [new("dueDate", true)], new Page(Limit: 10, After: descending.EndCursor)), Everyone);
        Assert.Equal(3, rest.Items.Count);
        Assert.Equal(2, rest.Items.Count(t => t.DueDate is null));
    }

    [Fact]
    public async Task The_total_is_counted_up_to_the_limit_and_then_says_there_are_more()
    {
        var node = Node();
        for (var i = 0; i < 4; i++)
        {
            await StartInvoiceAsync(node, number: $"R-{i}");
        }

        var counting = new EngineQueries(Database, node.Definitions, Clock) { UserTaskCountLimit = 3 };
        var result = await counting.SearchUserTasksAsync([DeploymentService.DefaultTenant], new SearchQuery([], [], new Page(Limit: 2)), Everyone);
        Assert.Equal(3, result.TotalItems);
        Assert.True(result.HasMoreTotalItems);
        Assert.Equal(2, result.Items.Count);

        var exact = await counting.SearchUserTasksAsync([DeploymentService.DefaultTenant], Query(Is("text", "r-1")), Everyone);
        Assert.Equal(1, exact.TotalItems);
        Assert.False(exact.HasMoreTotalItems);
    }

    [Fact]
    public async Task The_total_stays_right_when_a_page_that_is_not_full_stands_in_for_the_count()
    {
        var node = Node();
        for (var i = 0; i < 5; i++)
        {
            await StartInvoiceAsync(node, number: $"R-{i}");
        }

        var counting = new EngineQueries(Database, node.Definitions, Clock) { UserTaskCountLimit = 3 };
        async Task<PagedResult<UserTaskView>> PageAsync(Page page) =>
            await counting.SearchUserTasksAsync([DeploymentService.DefaultTenant], new SearchQuery([], [], page), Everyone);

        // The last offset page holds 1 of 5: the total is what the count says (over the limit), not the page's offset plus 1.
        var last = await PageAsync(new Page(From: 4, Limit: 2));
        Assert.Single(last.Items);
        Assert.Equal(3, last.TotalItems);
        Assert.True(last.HasMoreTotalItems);

        // Past the end the page is empty, and the total is still counted.
        var beyond = await PageAsync(new Page(From: 10, Limit: 2));
        Assert.Empty(beyond.Items);
        Assert.Equal(3, beyond.TotalItems);
        Assert.True(beyond.HasMoreTotalItems);

        // A page after a cursor that is not full says nothing about the tasks before it.
        var first = await PageAsync(new Page(Limit: 3));
        var rest = await PageAsync(new Page(Limit: 3, After: first.EndCursor));
        Assert.Equal(2, rest.Items.Count);
        Assert.Equal(3, rest.TotalItems);
        Assert.True(rest.HasMoreTotalItems);

        var unlimited = new EngineQueries(Database, node.Definitions, Clock);
        var all = await unlimited.SearchUserTasksAsync([DeploymentService.DefaultTenant], new SearchQuery([], [], new Page(From: 3, Limit: 10)), Everyone);
        Assert.Equal(2, all.Items.Count);
        Assert.Equal(5, all.TotalItems);
        Assert.False(all.HasMoreTotalItems);
    }

    [Fact]
    public async Task Retention_deletes_the_variables_kept_for_the_search_with_the_task()
    {
        var (node, taskKey, _) = await StartInvoiceAsync();
        await node.Commands.CompleteUserTaskAsync(taskKey, null, CommandActor.User("erika"));
        await using (var context = Database.CreateContext())
        {
            Assert.True(await context.UserTaskVariables.AnyAsync(v => v.UserTaskKey == taskKey));
        }

        Clock.Advance(TimeSpan.FromDays(40));
        await new InstanceRetention(Database, Clock).DeleteExpiredAsync(defaultDays: 30, batchSize: 10);

        await using var after = Database.CreateContext();
        Assert.False(await after.UserTaskVariables.AnyAsync());
        Assert.False(await after.UserTasks.AnyAsync());
    }
}

public sealed class SqliteTaskListScenarios : TaskListScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresTaskListScenarios : TaskListScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
