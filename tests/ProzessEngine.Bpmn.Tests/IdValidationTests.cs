using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// Ids are xsd:ID in the BPMN schema (XML NCNames) and at most 255 characters; names at most 500. The penetration test
/// found neither checked: an id with spaces, angle brackets or 10,000 characters was deployed and carried into URLs,
/// database columns and problem messages.
/// </summary>
public sealed class IdValidationTests
{
    private static string Model(string processId = "antrag", string taskId = "pruefen", string taskName = "Prüfen") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="{taskId}" />
            <bpmn:manualTask id="{taskId}" name="{taskName}" />
            <bpmn:sequenceFlow id="f2" sourceRef="{taskId}" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static BpmnParseResult Parse(string xml) => new BpmnParser(new FeelEngine()).Parse(xml);

    [Theory]
    [InlineData("mit leerzeichen")]
    [InlineData("1beginnt-mit-ziffer")]
    [InlineData("ns:mit-doppelpunkt")]
    [InlineData("klammer&lt;script&gt;")]
    [InlineData("zeilen&#10;umbruch")]
    public void A_task_id_that_is_no_xml_name_is_refused_naming_the_element(string id)
    {
        var result = Parse(Model(taskId: id));

        var error = Assert.Single(result.Errors, e => e.Message.StartsWith("The id of the manualTask", StringComparison.Ordinal));
        Assert.Contains("is not a valid BPMN id", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.ElementId);
        Assert.DoesNotContain('\n', error.ElementId);
        Assert.NotNull(error.Line);
    }

    [Fact]
    public void A_process_id_longer_than_255_characters_is_refused_and_the_problem_repeats_it_shortened()
    {
        var result = Parse(Model(processId: new string('p', 256)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("The id of the process is 256 characters long, more than the limit of 255.", error.Message);
        Assert.Equal(81, error.ElementId!.Length);
    }

    [Fact]
    public void A_name_longer_than_500_characters_is_refused()
    {
        var result = Parse(Model(taskName: new string('n', 501)));

        var error = Assert.Single(result.Errors);
        Assert.Equal("pruefen", error.ElementId);
        Assert.Contains("more than the limit of 500", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Antrag_prüfen")]
    [InlineData("_intern.v2-final")]
    [InlineData("Activity_0h20swu")]
    public void Ids_as_the_modeler_writes_them_pass_also_at_255_characters(string id)
    {
        Assert.True(Parse(Model(taskId: id)).Success);
        Assert.True(Parse(Model(processId: id + new string('x', 255 - id.Length))).Success);
    }

    [Fact]
    public void A_version_deployed_before_the_check_still_reads()
    {
        var result = new BpmnParser(new FeelEngine()).ParseStored(Model(taskId: "mit leerzeichen"));

        Assert.True(result.Success, string.Join("; ", result.Errors));
    }
}
