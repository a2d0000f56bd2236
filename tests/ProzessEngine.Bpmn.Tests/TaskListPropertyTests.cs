using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>prozessengine:taskTitle and prozessengine:taskColumns: what identifies a case in the task list.</summary>
public sealed class TaskListPropertyTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string Model(string processProperties, string taskProperties = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="rechnung" isExecutable="true">
            <bpmn:extensionElements><zeebe:properties>{processProperties}</zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="pruefen" />
            <bpmn:userTask id="pruefen">
              <bpmn:extensionElements><zeebe:userTask /><zeebe:properties>{taskProperties}</zeebe:properties></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Property(string name, string value) =>
        $"""<zeebe:property name="{name}" value="{System.Security.SecurityElement.Escape(value)}" />""";

    [Theory]
    [InlineData("\"Rechnung \" + rechnungsnummer + \" · \" + string(betrag) + \" €\"")]
    [InlineData("=\"Rechnung \" + rechnungsnummer")]
    public void The_title_is_compiled_with_or_without_the_equals_sign(string title)
    {
        var result = _parser.Parse(Model(Property("prozessengine:taskTitle", title) + Property("prozessengine:taskColumns", "rechnungsnummer, betrag,lieferant")));

        Assert.True(result.Success, string.Join("; ", result.Errors.Select(e => e.Message)));
        var list = Assert.Single(result.Processes).TaskList!;
        Assert.True(list.Title!.IsExpression);
        var value = list.Title.Expression!.Evaluate(new FeelVariables { ["rechnungsnummer"] = FeelValue.FromString("R-1"), ["betrag"] = FeelValue.FromNumber(5) });
        Assert.StartsWith("Rechnung R-1", value.ToString().Trim('"'), StringComparison.Ordinal);
        Assert.Equal<string>(["rechnungsnummer", "betrag", "lieferant"], list.Columns);
    }

    [Fact]
    public void A_process_without_the_properties_has_no_task_list_definition() =>
        Assert.Null(Assert.Single(_parser.Parse(Model("")).Processes).TaskList);

    [Fact]
    public void Columns_alone_are_enough() =>
        Assert.Equal<string>(["aktenzeichen"], Assert.Single(_parser.Parse(Model(Property("prozessengine:taskColumns", "aktenzeichen"))).Processes).TaskList!.Columns);

    [Fact]
    public void A_feel_syntax_error_in_the_title_names_the_process_and_the_property()
    {
        var result = _parser.Parse(Model(Property("prozessengine:taskTitle", "\"Rechnung \" + ")));

        Assert.False(result.Success);
        var error = Assert.Single(result.Errors);
        Assert.Equal("rechnung", error.ElementId);
        Assert.Contains("FEEL syntax error in prozessengine:taskTitle", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "names no variable")]
    [InlineData("betrag,,lieferant", "empty entry")]
    [InlineData("betrag, 1a", "'1a' is no variable name")]
    [InlineData("betrag, rechnungs-nummer", "'rechnungs-nummer' is no variable name")]
    [InlineData("betrag, betrag", "names betrag more than once")]
    [InlineData("a,b,c,d,e,f,g,h,i,j,k", "at most 10 fit")]
    public void Wrong_columns_are_refused_with_the_reason(string columns, string reason)
    {
        var result = _parser.Parse(Model(Property("prozessengine:taskColumns", columns)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("rechnung", error.ElementId);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_title_is_refused() =>
        Assert.Contains("is empty", Assert.Single(_parser.Parse(Model(Property("prozessengine:taskTitle", " = "))).Errors).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("prozessengine:taskTitle", "aktenzeichen")]
    [InlineData("prozessengine:taskColumns", "aktenzeichen")]
    public void On_a_task_the_properties_are_refused_because_they_belong_to_the_process(string name, string value)
    {
        var error = Assert.Single(_parser.Parse(Model("", Property(name, value))).Errors);
        Assert.Equal("pruefen", error.ElementId);
        Assert.Contains("belongs on the process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = _parser.Parse(Model(Property("prozessengine:taskTitle", "\"a\" +") + Property("prozessengine:taskColumns", "1x"),
            Property("prozessengine:taskColumns", "b")));

        Assert.Equal(3, result.Errors.Length);
    }
}
