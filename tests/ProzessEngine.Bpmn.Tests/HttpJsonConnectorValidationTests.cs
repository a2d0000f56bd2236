using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// The REST connector runs in the engine, so what its element template writes is checked at deployment: a task that
/// could not run names the element and the property.
/// </summary>
public sealed class HttpJsonConnectorValidationTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private static string Around(string inputs, string headers = "", string type = HttpJsonConnector.JobType) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="rest" />
            <bpmn:serviceTask id="rest" zeebe:modelerTemplate="io.camunda.connectors.HttpJson.v2" zeebe:modelerTemplateVersion="8">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="{type}" retries="3" />
                <zeebe:ioMapping>{inputs}</zeebe:ioMapping>
                <zeebe:taskHeaders>{headers}</zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="rest" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Get = """
        <zeebe:input source="noAuth" target="authentication.type" />
        <zeebe:input source="GET" target="method" />
        <zeebe:input source="https://api.stadt.example/status" target="url" />
        """;

    private static string Input(string target, string source) => $"""<zeebe:input source="{source}" target="{target}" />""";

    private static string Header(string key, string value) => $"""<zeebe:header key="{key}" value="{value}" />""";

    private System.Collections.Immutable.ImmutableArray<BpmnDiagnostic> Errors(string xml)
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success, "the model deployed");
        return result.Errors;
    }

    private string RejectedMessage(string xml) => Assert.Single(Errors(xml), e => e.ElementId == "rest").Message;

    [Fact]
    public void The_model_Camunda_Modeler_writes_from_the_template_deploys_without_a_warning()
    {
        var result = _parser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "camunda-rest-connector.bpmn")));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
        var task = result.Processes[0].Nodes["abfrage"];
        Assert.Equal(HttpJsonConnector.JobType, task.Job!.Definition.Type.Text);
        Assert.Contains(task.IoMapping.Inputs, i => i.Target == "authentication.clientSecret" && i.Source!.Text == "{{secrets.MELDEREGISTER_CLIENT_SECRET}}");
    }

    [Theory]
    [InlineData("url")]
    [InlineData("method")]
    public void A_task_without_url_or_method_names_the_element_and_the_property(string missing)
    {
        var inputs = string.Join("", new[] { Input("method", "GET"), Input("url", "https://api.stadt.example/") }
            .Where(i => !i.Contains($"target=\"{missing}\"", StringComparison.Ordinal)));

        var message = RejectedMessage(Around(inputs));

        Assert.Contains($"input '{missing}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_feel_syntax_error_in_an_input_names_the_property()
    {
        var message = RejectedMessage(Around(Get.Replace("GET", "POST", StringComparison.Ordinal) + Input("body", "={name: }")));

        Assert.Contains("FEEL syntax error", message, StringComparison.Ordinal);
        Assert.Contains("'body'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resultExpression")]
    [InlineData("errorExpression")]
    public void A_feel_syntax_error_in_a_header_names_the_header(string header)
    {
        var message = RejectedMessage(Around(Get, Header(header, "={a: response.body.")));

        Assert.Contains($"header '{header}'", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("method", "FETCH", "'method'", "expected one of")]
    [InlineData("url", "ftp://dateien.stadt.example/", "'url'", "not an http or https URL")]
    [InlineData("authentication.type", "kerberos", "'authentication.type'", "expected one of")]
    [InlineData("headers", "Accept: application/json", "'headers'", "FEEL context")]
    [InlineData("connectionTimeoutInSeconds", "zwanzig", "'connectionTimeoutInSeconds'", "whole number of seconds")]
    [InlineData("followRedirects", "ja", "'followRedirects'", "true or false")]
    [InlineData("documentReturnFormat.choice", "DOCUMENT", "as a document", "no document store")]
    [InlineData("storeResponse", "true", "(storeResponse)", "no document store")]
    [InlineData("clientTls.clientCertificate", "{{secrets.CERT}}", "'clientTls.clientCertificate'", "mTLS")]
    [InlineData("authenticationConfiguration", "=credential", "'authenticationConfiguration'", "reusable credentials")]
    public void A_property_the_engine_cannot_run_is_refused_naming_it(string target, string value, string named, string reason)
    {
        var inputs = target is "method" or "url" ? Get.Replace($"target=\"{target}\"", "target=\"ignored\"", StringComparison.Ordinal) : Get;

        var message = RejectedMessage(Around(inputs + Input(target, value)));

        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains(reason, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_with_a_get_is_refused_as_the_connector_would_not_send_it()
    {
        var message = RejectedMessage(Around(Get + Input("body", "={antrag: nummer}")));

        Assert.Contains("no body with GET", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("retryBackoff", "30 Sekunden")]
    [InlineData("retryBackoff", "P1M")]
    [InlineData("jobTimeout", "PT0S")]
    [InlineData("resultVariable", "ergebnis-der-abfrage")]
    public void A_header_the_engine_cannot_read_is_refused_naming_it(string header, string value)
    {
        var message = RejectedMessage(Around(Get, Header(header, value)));

        Assert.Contains($"'{header}'", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_the_task_is_reported_at_once()
    {
        var errors = Errors(Around(Input("url", "ftp://x.example/") + Input("authentication.type", "kerberos"), Header("retryBackoff", "bald")));

        Assert.Equal(4, errors.Count(e => e.ElementId == "rest")); // method missing, url, authentication.type, retryBackoff
    }

    [Fact]
    public void Values_given_as_feel_are_left_to_the_run_and_placeholders_to_the_secrets()
    {
        var xml = Around(
            Input("method", "=verfahren") + Input("url", "{{secrets.MELDEREGISTER_URL}}/auskunft") + Input("authentication.type", "=art")
            + Input("connectionTimeoutInSeconds", "=zeit"),
            Header("resultExpression", "{ anschrift: response.body.anschrift }") + Header("retryBackoff", "pt10s"));

        var result = _parser.Parse(xml);

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
    }

    [Fact]
    public void Another_connector_type_still_deploys_with_the_warning_that_a_worker_of_your_own_serves_it()
    {
        var result = _parser.Parse(Around(Input("to", "a@b.example"), type: "io.camunda:sendgrid:1"));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.Contains("worker of your own", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }
}
