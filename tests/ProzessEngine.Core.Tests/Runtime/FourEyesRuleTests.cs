using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>The four-eyes rule as a pure function, and the completer every completion records for it.</summary>
public sealed class FourEyesRuleTests
{
    private static readonly string Xml = Process("rechnung", $"""
        <bpmn:startEvent id="start" />
        {Flow("f1", "start", "sachlich")}
        <bpmn:userTask id="sachlich" name="Sachlich richtig" />
        {Flow("f2", "sachlich", "anordnung")}
        <bpmn:userTask id="anordnung" name="Anordnung">
          <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="sachlich" /></zeebe:properties></bpmn:extensionElements>
        </bpmn:userTask>
        {Flow("f3", "anordnung", "end")}
        <bpmn:endEvent id="end" />
        """);

    private static (ProcessModel Model, UserTask Anordnung) Load()
    {
        var engine = new InMemoryEngine();
        var process = engine.Deploy(Xml);
        return (process.Model, (UserTask)process.Model.Nodes["anordnung"]);
    }

    [Fact]
    public void Whoever_completed_a_named_task_or_had_it_completed_for_them_is_in_conflict_and_nobody_else()
    {
        var (_, anordnung) = Load();
        TaskCompletion[] done = [new("sachlich", "max", "erika"), new("anordnung", "otto", null)];

        Assert.Equal("max", FourEyesRule.Conflict(anordnung, ["max"], done)?.CompletedBy);
        Assert.Equal("max", FourEyesRule.Conflict(anordnung, ["lena", "erika"], done)?.CompletedBy);
        Assert.Null(FourEyesRule.Conflict(anordnung, ["otto"], done));
        Assert.Null(FourEyesRule.Conflict(anordnung, ["lena"], done));
    }

    [Fact]
    public void The_violation_names_the_person_and_the_earlier_task_in_german_and_english()
    {
        var (model, anordnung) = Load();

        var violation = Assert.Throws<FourEyesViolationException>(() =>
            FourEyesRule.Require(model, anordnung, FourEyesAction.Complete, ["erika"], [new TaskCompletion("sachlich", "max", "erika")]));

        Assert.Equal(("anordnung", "sachlich", "erika"), (violation.ElementId, violation.EarlierElementId, violation.Person));
        Assert.Equal("Vier-Augen-Prinzip: erika darf „Anordnung“ nicht abschließen, weil „Sachlich richtig“ in diesem Vorgang von max für erika "
            + "abgeschlossen wurde. Eine andere Person muss diese Aufgabe bearbeiten.", violation.GermanMessage);
        Assert.Contains("erika may not complete 'Anordnung' because 'Sachlich richtig' of this case was completed by max for erika", violation.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void A_task_without_a_rule_is_never_in_conflict()
    {
        var (model, _) = Load();
        var sachlich = (UserTask)model.Nodes["sachlich"];

        Assert.Null(FourEyesRule.Conflict(sachlich, ["max"], [new TaskCompletion("sachlich", "max", null)]));
    }

    [Fact]
    public void Every_completion_records_its_completer_and_whom_they_acted_for()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(Xml);
        var instance = engine.Start("rechnung");

        engine.CompleteTaskAs(engine.SingleOpenTask(instance.Key).UserTaskKey, CommandActor.User("max") with { OnBehalfOf = "erika" });
        engine.CompleteTaskAs(engine.SingleOpenTask(instance.Key).UserTaskKey, CommandActor.User("otto"));

        var completions = engine.Intents.OfType<UserTaskCompleted>().Select(c => (c.ElementId, c.CompletedBy, c.CompletedOnBehalfOf)).ToList();
        Assert.Equal([("sachlich", "max", "erika"), ("anordnung", "otto", null)], completions);
    }
}
