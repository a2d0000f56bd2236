using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;
using ProzessEngine.Testing;

namespace ProzessEngine.Bpmn.Tests;

public sealed class BpmnParserTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string Definitions(string process, string extraNamespaces = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" {extraNamespaces}
                          id="defs" targetNamespace="http://bpmn.io/schema/bpmn">
        {process}
        </bpmn:definitions>
        """;

    private static string Process(string body) => Definitions($"""
          <bpmn:process id="p" isExecutable="true">
            {body}
          </bpmn:process>
        """);

    [Fact]
    public void Every_shipped_workflow_parses_without_problems()
    {
        var workflows = Path.Combine(RepositoryRoot.Find(), "workflows");
        var models = Directory.GetFiles(workflows, "*.bpmn", SearchOption.AllDirectories);

        Assert.NotEmpty(models);
        foreach (var file in models)
        {
            var result = _parser.Parse(File.ReadAllText(file));
            Assert.True(result.Success, $"{file}: {string.Join("; ", result.Errors)}");
        }
    }

    [Fact]
    public void The_shipped_invoice_approval_has_the_expected_shape()
    {
        var xml = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "workflows", "rechnungsfreigabe", "process.bpmn"));

        var process = Assert.Single(_parser.Parse(xml).Processes);

        Assert.Equal("rechnungsfreigabe", process.Id);
        var sachlich = Assert.IsType<UserTask>(process.GetNode("SachlichRichtig"));
        Assert.Equal("fachamt", sachlich.Assignment.CandidateGroups!.Text);
        Assert.Equal("rechnung-sachlich-richtig", sachlich.Form!.FormId);
        var gateway = Assert.IsType<ExclusiveGateway>(process.GetNode("Gateway_Betrag"));
        Assert.Equal("Flow_OhneAnordnung", gateway.DefaultFlowId);
        Assert.True(process.Flows["Flow_MitAnordnung"].Condition!.IsExpression);
        Assert.Equal("kasse", Assert.IsType<UserTask>(process.GetNode("Anordnung")).Assignment.CandidateGroups!.Text);
        Assert.Equal<string>(["rechnungsnummer", "lieferant", "betrag"], process.TaskList!.Columns);
        Assert.True(process.TaskList.Title!.IsExpression);
    }

    [Fact]
    public void A_model_saved_by_camunda_modeler_parses_with_its_diagram_and_embedded_form()
    {
        var result = _parser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "camunda-modeler-8.bpmn")));

        Assert.True(result.Success, string.Join("; ", result.Errors));
        var process = Assert.Single(result.Processes);
        var task = Assert.IsType<UserTask>(process.GetNode("Activity_Pruefen"));
        Assert.Equal("UserTaskForm_2f4kqe1", task.Form!.EmbeddedFormKey);
        Assert.Contains("taetigkeit", task.Form.EmbeddedSchema, StringComparison.Ordinal);
        var service = Assert.IsType<ServiceTask>(process.GetNode("Activity_Melden"));
        Assert.Equal("xgewerbeanzeige", service.TaskDefinition.Type.Text);
        Assert.Equal("5", service.TaskDefinition.Retries.Text);
        Assert.Equal("beschreibung", Assert.Single(service.IoMapping.Inputs).Target);
    }

    [Fact]
    public void Outgoing_flows_keep_document_order()
    {
        var process = Assert.Single(_parser.Parse(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="z_first" sourceRef="s" targetRef="e1" />
            <bpmn:sequenceFlow id="a_second" sourceRef="s" targetRef="e2" />
            <bpmn:endEvent id="e1" />
            <bpmn:endEvent id="e2" />
            """)).Processes);

        Assert.Equal(["z_first", "a_second"], process.NoneStartEvent!.Outgoing.Select(f => f.Id));
    }

    [Fact]
    public void An_unsupported_element_is_rejected_with_its_id_and_not_skipped()
    {
        var xml = Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Abwaegen" />
            <bpmn:complexGateway id="Abwaegen" />
            <bpmn:sequenceFlow id="f2" sourceRef="Abwaegen" targetRef="e" />
            <bpmn:endEvent id="e" />
            """);
        var expectedLine = xml.Split('\n').ToList().FindIndex(l => l.Contains("<bpmn:complexGateway", StringComparison.Ordinal)) + 1;

        var result = _parser.Parse(xml);

        Assert.False(result.Success);
        Assert.Empty(result.Processes);
        var error = Assert.Single(result.Errors);
        Assert.Equal("Abwaegen", error.ElementId);
        Assert.Contains("Complex gateways", error.Message, StringComparison.Ordinal);
        Assert.Equal(expectedLine, error.Line);
    }

    [Fact]
    public void An_unsupported_event_definition_is_rejected()
    {
        var result = _parser.Parse(Process("""
            <bpmn:startEvent id="s"><bpmn:cancelEventDefinition /></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "s" && e.Message.Contains("cancelEventDefinition", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var result = _parser.Parse(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="gw" />
            <bpmn:exclusiveGateway id="gw" />
            <bpmn:sequenceFlow id="f_a" sourceRef="gw" targetRef="e"><bpmn:conditionExpression>=betrag &gt;</bpmn:conditionExpression></bpmn:sequenceFlow>
            <bpmn:sequenceFlow id="f_b" sourceRef="gw" targetRef="t" />
            <bpmn:serviceTask id="t" />
            <bpmn:sequenceFlow id="f_c" sourceRef="t" targetRef="w" />
            <bpmn:intermediateCatchEvent id="w"><bpmn:timerEventDefinition><bpmn:timeDuration>zehn Minuten</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f_d" sourceRef="w" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "f_a" && e.Message.Contains("FEEL", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "f_b" && e.Message.Contains("without a condition", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "t" && e.Message.Contains("zeebe:taskDefinition", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "w" && e.Message.Contains("ISO 8601", StringComparison.Ordinal));
        Assert.True(result.Errors.Length >= 4);
    }

    [Fact]
    public void A_feel_syntax_error_names_the_element_and_the_position()
    {
        var result = _parser.Parse(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="task" />
            <bpmn:userTask id="task"><bpmn:extensionElements><zeebe:assignmentDefinition assignee="=if x then" /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));

        var error = Assert.Single(result.Errors);
        Assert.Equal("task", error.ElementId);
        Assert.Contains("assignee", error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_xml_is_reported_with_line_and_column()
    {
        var result = _parser.Parse("<bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">\n  <bpmn:process id=\"p\">\n</bpmn:definitions>");

        var error = Assert.Single(result.Errors);
        Assert.Null(error.ElementId);
        Assert.Contains("not well-formed", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_document_type_definition_is_refused_so_no_entity_is_ever_expanded()
    {
        const string xml = """
            <?xml version="1.0"?>
            <!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"><bpmn:process id="p" name="&xxe;" /></bpmn:definitions>
            """;

        var error = Assert.Single(_parser.Parse(xml).Errors);

        Assert.Contains("DTD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_document_that_is_not_bpmn_is_rejected()
    {
        var error = Assert.Single(_parser.Parse("<html><body /></html>").Errors);

        Assert.Contains("definitions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_process_without_none_start_event_is_rejected()
    {
        var result = _parser.Parse(Process("""<bpmn:endEvent id="e" />"""));

        Assert.Contains(result.Errors, e => e.ElementId == "p" && e.Message.Contains("start event", StringComparison.Ordinal));
    }

    [Fact]
    public void Dangling_flows_and_duplicate_ids_are_reported()
    {
        var result = _parser.Parse(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="nirgendwo" />
            <bpmn:endEvent id="s" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "f1" && e.Message.Contains("nirgendwo", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.ElementId == "s" && e.Message.Contains("more than one", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_zeebe_extensions_are_rejected_rather_than_ignored()
    {
        var result = _parser.Parse(Process("""
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="task" />
            <bpmn:userTask id="task"><bpmn:extensionElements><zeebe:unbekannteErweiterung /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="e" />
            <bpmn:endEvent id="e" />
            """));

        Assert.Contains(result.Errors, e => e.ElementId == "task" && e.Message.Contains("zeebe:unbekannteErweiterung", StringComparison.Ordinal));
    }

    [Fact]
    public void Non_executable_processes_are_not_deployed()
    {
        var result = _parser.Parse(Definitions("""<bpmn:process id="p" isExecutable="false"><bpmn:startEvent id="s" /></bpmn:process>"""));

        Assert.Contains("no executable process", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_model_over_the_size_limit_is_rejected_before_parsing()
    {
        var parser = new BpmnParser(new FeelEngine(), new BpmnParserOptions { MaxCharacters = 100 });

        var error = Assert.Single(parser.Parse(Process("""<bpmn:startEvent id="s" />""")).Errors);

        Assert.Contains("limit", error.Message, StringComparison.Ordinal);
    }
}
