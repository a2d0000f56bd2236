using System.Text.Json.Nodes;
using ProzessEngine.Feel;
using ProzessEngine.Testing;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>The document task (prozessengine:document): its headers are checked at deployment, naming the element.</summary>
public sealed class DocumentTaskValidationTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string Model(string headers) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Bescheid" />
            <bpmn:serviceTask id="Bescheid">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="prozessengine:document" />
                <zeebe:taskHeaders>{headers}</zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Bescheid" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Header(string key, string value) => $"""<zeebe:header key="{key}" value="{value}" />""";

    [Fact]
    public void A_document_task_as_the_element_template_writes_it_deploys()
    {
        var result = _parser.Parse(Model(Header("templateId", "bescheid") + Header("format", "pdf") + Header("fileName", "Bescheid.pdf")
            + Header("resultVariable", "bescheid") + Header("layout", "din5008") + Header("bindingType", "deployment")));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        var task = Assert.Single(result.Processes).Nodes["Bescheid"];
        Assert.Equal("bescheid", task.Job!.Headers.Single(h => h.Key == "templateId").Value);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void A_document_task_without_a_template_is_rejected_naming_the_element()
    {
        var error = Assert.Single(_parser.Parse(Model(Header("format", "html"))).Errors);

        Assert.Equal("Bescheid", error.ElementId);
        Assert.Contains("templateId", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("format", "docx", "expected html or pdf")]
    [InlineData("bindingType", "versionTag", "expected latest or deployment")]
    [InlineData("layout", "briefkopf", "din5008")]
    [InlineData("resultVariable", "mein bescheid", "not a variable name")]
    [InlineData("fileName", "../etc/passwd", "plain file name")]
    [InlineData("templat", "bescheid", "does not know the header 'templat'")]
    [InlineData("templateId", "=vorlage", "not a FEEL expression")]
    public void A_wrong_header_is_rejected_naming_the_element_and_the_header(string key, string value, string expected)
    {
        var headers = (key == "templateId" ? "" : Header("templateId", "bescheid")) + Header(key, value);

        var error = Assert.Single(_parser.Parse(Model(headers)).Errors);

        Assert.Equal("Bescheid", error.ElementId);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_id_given_with_its_extension_is_rejected_with_the_id_to_use()
    {
        var error = Assert.Single(_parser.Parse(Model(Header("templateId", "bescheid.scriban"))).Errors);

        Assert.Contains("'bescheid'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_a_document_task_is_reported_at_once()
    {
        var errors = _parser.Parse(Model(Header("format", "docx") + Header("layout", "x"))).Errors;

        Assert.Equal(3, errors.Length);
        Assert.All(errors, e => Assert.Equal("Bescheid", e.ElementId));
    }

    [Theory]
    [InlineData("bescheid.scriban", "bescheid")]
    [InlineData("Empfangsbestaetigung.SCRIBAN", "Empfangsbestaetigung")]
    [InlineData("bescheid.form", null)]
    [InlineData(".scriban", null)]
    public void A_template_id_is_the_resource_name_without_its_extension(string resource, string? expected) =>
        Assert.Equal(expected, DocumentTask.TemplateIdOf(resource));

    [Fact]
    public void The_designers_element_template_writes_only_headers_the_engine_reads()
    {
        var path = Path.Combine(RepositoryRoot.Find(), "designer", "element-templates", "prozessengine-document.json");
        var template = JsonNode.Parse(File.ReadAllText(path))!;
        var bindings = template["properties"]!.AsArray().Select(p => p!["binding"]!).ToList();

        Assert.Contains(bindings, b => b["type"]!.GetValue<string>() == "zeebe:taskDefinition" && b["property"]!.GetValue<string>() == "type");
        Assert.Equal(DocumentTask.JobType, template["properties"]!.AsArray().Single(p => p!["binding"]!["type"]!.GetValue<string>() == "zeebe:taskDefinition")!
            ["value"]!.GetValue<string>());
        var headers = bindings.Where(b => b["type"]!.GetValue<string>() == "zeebe:taskHeader").Select(b => b["key"]!.GetValue<string>()).ToList();
        Assert.Equal(DocumentTask.Headers.Order(StringComparer.Ordinal), headers.Order(StringComparer.Ordinal));
    }
}
