using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>prozessengine:fourEyes: read on user tasks, every named id resolved at deployment, every problem named at once.</summary>
public sealed class FourEyesParsingTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string FourEyes(string value) =>
        $"""<bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="{value}" /></zeebe:properties></bpmn:extensionElements>""";

    /// <summary>start → sachlich → (sub-process with "mitzeichnen") → anordnung → pruefen (service) → end.</summary>
    private static string Model(string anordnungExtensions, string sachlichExtensions = "", string serviceExtensions = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="defs" targetNamespace="t">
          <bpmn:process id="rechnung" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="sachlich" />
            <bpmn:userTask id="sachlich">{sachlichExtensions}</bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="sachlich" targetRef="mitzeichnung" />
            <bpmn:subProcess id="mitzeichnung">
              <bpmn:startEvent id="ms" />
              <bpmn:sequenceFlow id="mf1" sourceRef="ms" targetRef="mitzeichnen" />
              <bpmn:userTask id="mitzeichnen" />
              <bpmn:sequenceFlow id="mf2" sourceRef="mitzeichnen" targetRef="me" />
              <bpmn:endEvent id="me" />
            </bpmn:subProcess>
            <bpmn:sequenceFlow id="f3" sourceRef="mitzeichnung" targetRef="anordnung" />
            <bpmn:userTask id="anordnung">{anordnungExtensions}</bpmn:userTask>
            <bpmn:sequenceFlow id="f4" sourceRef="anordnung" targetRef="pruefen" />
            <bpmn:serviceTask id="pruefen">
              <bpmn:extensionElements><zeebe:taskDefinition type="pruefen" />{serviceExtensions}</bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f5" sourceRef="pruefen" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public void The_named_user_tasks_are_read_trimmed_and_without_duplicates_also_in_a_sub_process_and_the_task_itself()
    {
        var result = _parser.Parse(Model(FourEyes(" sachlich , mitzeichnen,sachlich,anordnung ")));

        Assert.True(result.Success, string.Join("; ", result.Errors.Select(e => e.Message)));
        var anordnung = (UserTask)result.Processes[0].Nodes["anordnung"];
        Assert.Equal(["sachlich", "mitzeichnen", "anordnung"], anordnung.FourEyes.AsEnumerable());
        Assert.Empty(((UserTask)result.Processes[0].Nodes["sachlich"]).FourEyes);
    }

    [Fact]
    public void Unknown_ids_and_elements_that_are_no_user_task_are_named_in_one_problem_at_the_task()
    {
        var result = _parser.Parse(Model(FourEyes("sachlich,tippfehler,pruefen,f1")));

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal("anordnung", error.ElementId);
        Assert.NotNull(error.Line);
        Assert.Contains("there is no element 'tippfehler' in the process 'rechnung'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'pruefen' is a serviceTask, not a user task", error.Message, StringComparison.Ordinal);
        Assert.Contains("'f1' is not a user task", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'sachlich'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void An_empty_list_is_refused(string value)
    {
        var result = _parser.Parse(Model(FourEyes(value)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("anordnung", error.ElementId);
        Assert.Contains("needs the ids of the user tasks", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_property_on_something_other_than_a_user_task_is_refused_like_on_the_process()
    {
        var onService = _parser.Parse(Model("", serviceExtensions: """<zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="sachlich" /></zeebe:properties>"""));
        var onProcess = _parser.Parse(Model("").Replace("""<bpmn:startEvent id="s" />""",
            """<bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="sachlich" /></zeebe:properties></bpmn:extensionElements><bpmn:startEvent id="s" />""",
            StringComparison.Ordinal));

        Assert.Contains("belongs on a user task, not on a serviceTask", Assert.Single(onService.Errors, e => e.ElementId == "pruefen").Message,
            StringComparison.Ordinal);
        Assert.Contains("belongs on a user task, not on a process", Assert.Single(onProcess.Errors, e => e.ElementId == "rechnung").Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_of_several_tasks_are_reported_together()
    {
        var result = _parser.Parse(Model(FourEyes("gibtsnicht"), sachlichExtensions: FourEyes("auchnicht")));

        Assert.Equal(["anordnung", "sachlich"], result.Errors.Select(e => e.ElementId).Order(StringComparer.Ordinal));
    }
}
