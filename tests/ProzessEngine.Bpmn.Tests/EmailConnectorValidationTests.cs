using System.Security;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// The e-mail connector sends over SMTP in the engine, so what Camunda's element template writes is checked at
/// deployment: reading mail, properties the engine does not honour and credentials written into the model are refused,
/// naming the element and the property.
/// </summary>
public sealed class EmailConnectorValidationTests
{
    private readonly BpmnParser _parser = new(new FeelEngine());

    private const string Message = """
        <zeebe:input source="rathaus@stadt.example" target="data.smtpAction.from" />
        <zeebe:input source="=antrag.email" target="data.smtpAction.to" />
        <zeebe:input source="Eingangsbestätigung" target="data.smtpAction.subject" />
        <zeebe:input source="Wir haben Ihren Antrag erhalten." target="data.smtpAction.body" />
        """;

    private static string Around(string inputs, string headers = "") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="p" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="mail" />
            <bpmn:sendTask id="mail">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="io.camunda:email:1" retries="3" />
                <zeebe:ioMapping>{inputs}</zeebe:ioMapping>
                <zeebe:taskHeaders>{headers}</zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:sendTask>
            <bpmn:sequenceFlow id="f2" sourceRef="mail" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Input(string target, string source) => $"""<zeebe:input source="{SecurityElement.Escape(source)}" target="{target}" />""";

    private static string Header(string key, string value) => $"""<zeebe:header key="{key}" value="{SecurityElement.Escape(value)}" />""";

    private List<string> Errors(string xml)
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success, "the model deployed");
        Assert.All(result.Errors, e => Assert.Equal("mail", e.ElementId));
        return [.. result.Errors.Select(e => e.Message)];
    }

    [Fact]
    public void The_model_Camunda_Modeler_writes_from_the_template_deploys_without_a_warning()
    {
        var result = _parser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Assets", "camunda-email-connector.bpmn")));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
        Assert.Equal(EmailConnector.JobType, result.Processes[0].Nodes["bestaetigen"].Job!.Definition.Type.Text);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("pop3")]
    public void Reading_mail_is_refused(string protocol)
    {
        var errors = Errors(Around(Message + Input("protocol", protocol) + Input($"data.{protocol}Config.{protocol}Host", "mail.stadt.example")));

        Assert.Contains(errors, e => e.Contains($"protocol is '{protocol}'; this engine only sends mail over SMTP", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains($"data.{protocol}Config.{protocol}Host' reads mail", StringComparison.Ordinal));
    }

    [Fact]
    public void A_password_must_name_a_secret()
    {
        Assert.Contains("must name a secret", Assert.Single(Errors(Around(Message + Input("authentication.password", "klartext")))), StringComparison.Ordinal);
        Assert.True(_parser.Parse(Around(Message + Input("authentication.password", "{{secrets.SMTP_PASSWORT}}"))).Success);
    }

    [Fact]
    public void The_server_cannot_come_from_a_variable()
    {
        Assert.Contains("not a FEEL expression", Assert.Single(Errors(Around(Message + Input("data.smtpConfig.smtpHost", "=server")))), StringComparison.Ordinal);
        Assert.Contains("not a FEEL expression", Assert.Single(Errors(Around(Message + Input("data.smtpConfig.smtpPort", "=587 + port")))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_FEEL_port_or_host_as_Camundas_template_writes_it_is_accepted_and_checked()
    {
        Assert.True(_parser.Parse(Around(Message + Input("data.smtpConfig.smtpPort", "=587") + Input("data.smtpConfig.smtpHost", "= \"smtp.example\""))).Success);
        Assert.Contains("expected a port number from 1 to 65535", Assert.Single(Errors(Around(Message + Input("data.smtpConfig.smtpPort", "=70000")))), StringComparison.Ordinal);
    }

    [Fact]
    public void Inputs_and_headers_the_engine_does_not_honour_are_refused()
    {
        var errors = Errors(Around(Message + Input("data.smtpAction.headers", "X-Eigen: 1") + Input("data.smtpAction.importance", "high"),
            Header("prioritaet", "hoch")));

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Contains("'data.smtpAction.headers' must be a FEEL context", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not know the input 'data.smtpAction.importance'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("does not know the header 'prioritaet'", StringComparison.Ordinal));
    }

    [Fact]
    public void Extra_mail_headers_as_a_FEEL_context_are_accepted()
    {
        Assert.True(_parser.Parse(Around(Message + Input("data.smtpAction.headers", "={ \"In-Reply-To\": anfrage.messageId }"))).Success);
    }

    [Fact]
    public void A_line_break_in_a_static_subject_is_refused()
    {
        var inputs = Message.Replace("Eingangsbestätigung", "Hallo&#13;&#10;Bcc: alle@fremd.example", StringComparison.Ordinal);

        Assert.Contains("line break", Assert.Single(Errors(Around(inputs))), StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_parts_are_named_all_at_once()
    {
        var errors = Errors(Around(Input("data.smtpAction.contentType", "HTML") + Input("data.smtpConfig.smtpCryptographicProtocol", "STARTTLS")));

        Assert.Contains(errors, e => e.Contains("needs the input 'data.smtpAction.from'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs the input 'data.smtpAction.to'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("needs the input 'data.smtpAction.subject'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'data.smtpAction.htmlBody' or the header 'bodyTemplateId'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'STARTTLS'; expected TLS (STARTTLS), SSL or NONE", StringComparison.Ordinal));
    }

    [Fact]
    public void A_body_template_stands_for_the_body()
    {
        var inputs = Message.Replace("""<zeebe:input source="Wir haben Ihren Antrag erhalten." target="data.smtpAction.body" />""", "", StringComparison.Ordinal);

        var result = _parser.Parse(Around(inputs, Header("bodyTemplateId", "eingang") + Header("bindingType", "deployment")));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.Contains("without .scriban", Assert.Single(Errors(Around(inputs, Header("bodyTemplateId", "eingang.scriban")))), StringComparison.Ordinal);
    }
}
