using ProzessEngine.Core.Intents;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>prozessengine:taskTitle and taskColumns: computed when a task is created and whenever variables change.</summary>
public sealed class TaskListDataTests
{
    private const string Title = "\"Rechnung \" + rechnungsnummer + \" · \" + string(betrag) + \" €\"";

    private static string Properties(string? title = Title, string? columns = "rechnungsnummer, betrag, lieferant") => $"""
        <bpmn:extensionElements><zeebe:properties>
          {(title is null ? "" : $"""<zeebe:property name="prozessengine:taskTitle" value="{System.Security.SecurityElement.Escape(title)}" />""")}
          {(columns is null ? "" : $"""<zeebe:property name="prozessengine:taskColumns" value="{columns}" />""")}
        </zeebe:properties></bpmn:extensionElements>
        """;

    /// <summary>start → split → (sachlich, rechnerisch) → join → end: two tasks open at once.</summary>
    private static string TwoTasks(string properties) => Process("rechnung", $"""
        {properties}
        <bpmn:startEvent id="start" />
        {Flow("f1", "start", "split")}
        <bpmn:parallelGateway id="split" />
        {Flow("f2", "split", "sachlich")}
        {Flow("f3", "split", "rechnerisch")}
        {UserTask("sachlich")}
        {UserTask("rechnerisch")}
        {Flow("f4", "sachlich", "join")}
        {Flow("f5", "rechnerisch", "join")}
        <bpmn:parallelGateway id="join" />
        {Flow("f6", "join", "end")}
        <bpmn:endEvent id="end" />
        """);

    private static InMemoryEngine Started(string properties, out long instanceKey, params (string, object?)[] variables)
    {
        var engine = new InMemoryEngine();
        engine.Deploy(TwoTasks(properties));
        instanceKey = engine.Start("rechnung", variables).Key;
        return engine;
    }

    [Fact]
    public void A_new_task_carries_the_title_and_the_column_values()
    {
        var engine = Started(Properties(), out var key, ("rechnungsnummer", "R-4711"), ("betrag", 7350.2m), ("lieferant", "Müller GmbH"));

        var task = engine.OpenTasks(key).First(t => t.ElementId == "sachlich");
        Assert.Equal("Rechnung R-4711 · 7350.2 €", task.Title);
        Assert.Equal(["rechnungsnummer", "betrag", "lieferant"], task.Columns.Select(c => c.Key));
        Assert.Equal(FeelValue.FromString("Müller GmbH"), task.Columns[2].Value);
        Assert.Equal(FeelValue.FromNumber(7350.2m), task.Columns[1].Value);
    }

    [Fact]
    public void A_title_that_cannot_be_computed_falls_back_to_the_task_name_and_raises_no_incident()
    {
        // No rechnungsnummer: "Rechnung " + null is null.
        var engine = Started(Properties(), out var key, ("betrag", 12));

        var task = engine.OpenTasks(key).First(t => t.ElementId == "sachlich");
        Assert.Equal("sachlich", task.Title);
        Assert.Equal(FeelValue.Null, task.Columns[0].Value);
        Assert.Empty(engine.Intents.OfType<IncidentRaised>());
    }

    [Fact]
    public void Changed_variables_refresh_the_other_open_task()
    {
        var engine = Started(Properties(), out var key, ("rechnungsnummer", "R-1"), ("betrag", 10), ("lieferant", "A"));
        var sachlich = engine.OpenTasks(key).First(t => t.ElementId == "sachlich");
        var rechnerisch = engine.OpenTasks(key).First(t => t.ElementId == "rechnerisch");
        engine.Intents.Clear();

        engine.CompleteTask(sachlich.UserTaskKey, ("betrag", 20), ("lieferant", "B"));

        var refreshed = Assert.Single(engine.Intents.OfType<UserTaskListDataChanged>());
        Assert.Equal(rechnerisch.UserTaskKey, refreshed.UserTaskKey);
        Assert.Equal("Rechnung R-1 · 20 €", refreshed.Title);
        Assert.Equal(FeelValue.FromString("B"), refreshed.Columns.Single(c => c.Key == "lieferant").Value);
    }

    [Fact]
    public void Variables_set_through_the_api_refresh_the_open_tasks()
    {
        var engine = Started(Properties(), out var key, ("rechnungsnummer", "R-1"), ("betrag", 10));
        engine.Intents.Clear();

        engine.SetVariables(key, null, local: false, ("rechnungsnummer", "R-2"));

        var titles = engine.Intents.OfType<UserTaskListDataChanged>().Select(c => c.Title).ToList();
        Assert.Equal(["Rechnung R-2 · 10 €", "Rechnung R-2 · 10 €"], titles);
    }

    [Fact]
    public void A_command_that_changes_no_variable_refreshes_nothing()
    {
        var engine = Started(Properties(), out var key, ("rechnungsnummer", "R-1"), ("betrag", 10));
        var task = engine.OpenTasks(key).First().UserTaskKey;
        engine.Intents.Clear();

        engine.AssignTask(task, "erika");
        engine.UpdateTask(task, ("priority", 80));

        Assert.Empty(engine.Intents.OfType<UserTaskListDataChanged>());
    }

    [Fact]
    public void A_process_without_title_or_columns_still_refreshes_its_tasks_for_the_variable_search()
    {
        var engine = Started("", out var key, ("rechnungsnummer", "R-1"));
        var task = engine.OpenTasks(key).First();
        Assert.Null(task.Title);
        Assert.Empty(task.Columns);
        engine.Intents.Clear();

        engine.SetVariables(key, null, local: false, ("rechnungsnummer", "R-2"));

        Assert.Equal(2, engine.Intents.OfType<UserTaskListDataChanged>().Count());
        Assert.All(engine.Intents.OfType<UserTaskListDataChanged>(), c => Assert.Null(c.Title));
    }

    [Fact]
    public void A_task_created_earlier_in_the_command_gets_the_values_the_command_ends_with()
    {
        // The task is created first; a script task on the other branch then sets the invoice number in the same command.
        var engine = new InMemoryEngine();
        engine.Deploy(Process("rechnung", $"""
            {Properties(columns: "rechnungsnummer")}
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "split")}
            <bpmn:parallelGateway id="split" />
            {Flow("f2", "split", "sachlich")}
            {Flow("f3", "split", "nummer")}
            {UserTask("sachlich")}
            <bpmn:scriptTask id="nummer">
              <bpmn:extensionElements><zeebe:script expression="=&quot;R-9&quot;" resultVariable="rechnungsnummer" /></bpmn:extensionElements>
            </bpmn:scriptTask>
            {Flow("f4", "nummer", "end2")}
            <bpmn:endEvent id="end2" />
            {Flow("f5", "sachlich", "end")}
            <bpmn:endEvent id="end" />
            """));

        var key = engine.Start("rechnung", ("betrag", 5)).Key;

        var task = engine.SingleOpenTask(key);
        Assert.Equal("Rechnung R-9 · 5 €", task.Title);
        Assert.Equal(FeelValue.FromString("R-9"), Assert.Single(task.Columns).Value);
        Assert.Empty(engine.Intents.OfType<UserTaskListDataChanged>());
    }

    [Fact]
    public void A_title_that_is_no_string_is_written_as_feel_text_and_a_long_one_is_cut()
    {
        var engine = Started(Properties(title: "betrag * 2", columns: null), out var key, ("betrag", 21));
        Assert.Equal("42", engine.OpenTasks(key).First().Title);

        var longTitle = Started(Properties(title: "string join(for i in 1..200 return \"Rechnung\")", columns: null), out var other);
        var title = longTitle.OpenTasks(other).First().Title!;
        Assert.Equal(500, title.Length);
        Assert.EndsWith("…", title, StringComparison.Ordinal);
    }
}
