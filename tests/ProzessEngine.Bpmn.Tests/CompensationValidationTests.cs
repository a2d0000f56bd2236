using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>The compensation checks name what is really wrong, and say nothing about a handler that is marked as one.</summary>
public sealed class CompensationValidationTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    /// <summary>start → "work" (with compensation boundary "comp") → end, plus <paramref name="handler"/> and <paramref name="association"/>.</summary>
    private static string Model(string handler, string association) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="work" />
            <bpmn:serviceTask id="work"><bpmn:extensionElements><zeebe:taskDefinition type="buchen" /></bpmn:extensionElements></bpmn:serviceTask>
            <bpmn:boundaryEvent id="comp" attachedToRef="work"><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="e" />
            <bpmn:endEvent id="e" />
            {handler}
            {association}
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Handler = """<bpmn:serviceTask id="undo" isForCompensation="true"><bpmn:extensionElements><zeebe:taskDefinition type="storno" /></bpmn:extensionElements></bpmn:serviceTask>""";

    [Fact]
    public void A_handler_associated_from_its_boundary_event_deploys()
    {
        var result = _parser.Parse(Model(Handler, """<bpmn:association id="a" sourceRef="comp" targetRef="undo" />"""));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal("undo", ((Activity)result.Processes[0].Nodes["work"]).CompensationHandlerId);
    }

    [Fact]
    public void An_association_drawn_from_the_handler_to_the_boundary_event_means_the_same()
    {
        var result = _parser.Parse(Model(Handler, """<bpmn:association id="a" sourceRef="undo" targetRef="comp" />"""));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Equal("undo", ((Activity)result.Processes[0].Nodes["work"]).CompensationHandlerId);
    }

    [Fact]
    public void Regression_a_marked_handler_that_cannot_be_read_is_not_reported_as_unmarked()
    {
        // The handler lacks its job type: that is the one problem, and the message must not claim it is not marked.
        var result = _parser.Parse(Model("""<bpmn:serviceTask id="undo" isForCompensation="true" />""", """<bpmn:association id="a" sourceRef="comp" targetRef="undo" />"""));

        var error = Assert.Single(result.Errors);
        Assert.Equal("undo", error.ElementId);
        Assert.Contains("zeebe:taskDefinition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_activity_that_is_not_marked_is_named_with_what_to_set()
    {
        var result = _parser.Parse(Model(
            """<bpmn:serviceTask id="undo"><bpmn:extensionElements><zeebe:taskDefinition type="storno" /></bpmn:extensionElements></bpmn:serviceTask>""",
            """<bpmn:association id="a" sourceRef="comp" targetRef="undo" />"""));

        var error = Assert.Single(result.Errors, e => e.ElementId == "comp");
        Assert.Contains("'undo', which is not marked as compensation handler: set isForCompensation=\"true\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_association_to_something_that_is_no_activity_says_what_it_is()
    {
        var result = _parser.Parse(Model("""<bpmn:textAnnotation id="note"><bpmn:text>Storno</bpmn:text></bpmn:textAnnotation>""",
            """<bpmn:association id="a" sourceRef="comp" targetRef="e" />"""));

        var error = Assert.Single(result.Errors, e => e.ElementId == "comp");
        Assert.Contains("'e', a endEvent", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_association_to_an_unknown_id_says_so()
    {
        var result = _parser.Parse(Model("", """<bpmn:association id="a" sourceRef="comp" targetRef="gibt-es-nicht" />"""));

        Assert.Contains(result.Errors, e => e.ElementId == "comp" && e.Message.Contains("'gibt-es-nicht', which is no element", StringComparison.Ordinal));
    }

    [Fact]
    public void A_boundary_event_without_association_and_a_handler_without_boundary_event_are_named()
    {
        var result = _parser.Parse(Model(Handler, ""));

        Assert.Contains(result.Errors, e => e.ElementId == "comp" && e.Message.Contains("has no association to a compensation handler", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "undo"
            && e.Message.Contains("is marked as compensation handler (isForCompensation), but no compensation boundary event", StringComparison.Ordinal));
    }
}
