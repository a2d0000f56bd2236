using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Bpmn.Tests;

/// <summary>
/// Camunda's webhook connector as its element templates write it: each template's shape deploys with what it says, and
/// every property that would not be honoured is an error naming the element and the property.
/// </summary>
public sealed class WebhookParsingTests
{
    private static readonly HashSet<string> ConfiguredSecrets = ["PORTAL_KEY", "HMAC_SECRET"];

    private readonly BpmnParser _parser = new(new FeelEngine(), new BpmnParserOptions { SecretIsConfigured = ConfiguredSecrets.Contains });

    private InboundWebhook Webhook(string xml)
    {
        var result = _parser.Parse(xml);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        return Assert.Single(result.Processes).Nodes["webhook"].Webhook!;
    }

    private BpmnDiagnostic RejectedAt(string xml, string elementId = "webhook")
    {
        var result = _parser.Parse(xml);
        Assert.False(result.Success, "the model was accepted");
        return Assert.Single(result.Errors, e => e.ElementId == elementId);
    }

    private BpmnParseResult Parse(string xml) => _parser.Parse(xml);

    [Fact]
    public void The_start_event_template_with_its_defaults_starts_an_instance_and_accepts_anyone_with_a_warning()
    {
        var result = Parse(WebhookModels.StartEvent("antrag", "antrag-eingang"));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        var webhook = Assert.Single(result.Processes).Nodes["webhook"].Webhook!;
        Assert.Equal(("antrag-eingang", WebhookTrigger.StartInstance, WebhookMethod.Any), (webhook.Context, webhook.Trigger, webhook.Method));
        Assert.IsType<WebhookNoAuthorization>(webhook.Authorization);
        Assert.True(webhook.ConsumeUnmatchedEvents);
        Assert.NotNull(webhook.ResultExpression);
        Assert.Contains("anyone", Assert.Single(result.Warnings, w => w.ElementId == "webhook").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_start_template_publishes_its_message_with_the_properties_it_was_given()
    {
        var webhook = Webhook(WebhookModels.MessageStart("rechnung", "erechnung", "Rechnung eingegangen",
            ("inbound.method", "post"),
            ("inbound.auth.type", "APIKEY"), ("inbound.auth.apiKey", "{{secrets.PORTAL_KEY}}"),
            ("inbound.auth.apiKeyLocator", "=split(request.headers.authorization, \" \")[2]"),
            ("correlationRequired", "required"), ("correlationKeyExpression", "=request.body.rechnungsnummer"),
            ("messageIdExpression", "=request.body.id"), ("messageTtl", "PT10M")));

        Assert.Equal((WebhookTrigger.StartByMessage, WebhookMethod.Post, "Rechnung eingegangen"), (webhook.Trigger, webhook.Method, webhook.MessageName));
        var apiKey = Assert.IsType<WebhookApiKeyAuthorization>(webhook.Authorization);
        Assert.Equal(["PORTAL_KEY"], apiKey.ApiKey.SecretNames.ToArray());
        Assert.Equal(TimeSpan.FromMinutes(10), webhook.MessageTimeToLive);
        Assert.NotNull(webhook.CorrelationKeyExpression);
        Assert.NotNull(webhook.MessageIdExpression);
    }

    [Theory]
    [InlineData("intermediate")]
    [InlineData("boundary")]
    [InlineData("receive")]
    public void The_catch_templates_correlate_their_message(string shape)
    {
        var changes = new (string, string?)[] { ("correlationKeyExpression", "=request.body.antragId"), ("inbound.auth.type", "BASIC"),
            ("inbound.auth.username", "portal"), ("inbound.auth.password", "{{secrets.PORTAL_KEY}}") };
        var xml = shape switch
        {
            "intermediate" => WebhookModels.Intermediate("p", "nachreichung", "7f0d6a1c-uuid", changes),
            "boundary" => WebhookModels.Boundary("p", "nachreichung", "7f0d6a1c-uuid", changes),
            _ => WebhookModels.ReceiveTask("p", "nachreichung", "7f0d6a1c-uuid", changes),
        };

        var webhook = Webhook(xml);

        Assert.Equal((WebhookTrigger.CorrelateMessage, "7f0d6a1c-uuid"), (webhook.Trigger, webhook.MessageName));
        Assert.IsType<WebhookBasicAuthorization>(webhook.Authorization);
    }

    [Fact]
    public void Hmac_with_scopes_and_a_jwt_with_permissions_are_read()
    {
        var webhook = Webhook(WebhookModels.StartEvent("p", "signiert",
            ("inbound.shouldValidateHmac", "enabled"), ("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}"), ("inbound.hmacHeader", "X-Signature"),
            ("inbound.hmacAlgorithm", "sha_512"), ("inbound.hmacScopes", "=[\"URL\",\"BODY\"]"),
            ("inbound.auth.type", "JWT"), ("inbound.auth.jwt.jwkUrl", "https://idp.example/certs"),
            ("inbound.auth.jwt.permissionsExpression", "=if admin = true then [\"admin\"] else roles"), ("inbound.auth.jwt.requiredPermissions", "=[\"einreichen\"]")));

        var hmac = webhook.Hmac!;
        Assert.Equal((WebhookHmacAlgorithm.Sha512, "X-Signature"), (hmac.Algorithm, hmac.Header.Text));
        Assert.Equal([WebhookHmacScope.Body, WebhookHmacScope.Url], hmac.Scopes.Order());
        var jwt = Assert.IsType<WebhookJwtAuthorization>(webhook.Authorization);
        Assert.Equal(["einreichen"], jwt.RequiredPermissions.ToArray());
        Assert.Equal(["HMAC_SECRET"], webhook.SecretNames);
    }

    [Theory]
    [InlineData("io.camunda:connector-rabbitmq-inbound:1")]
    [InlineData("io.camunda:http-polling:1")]
    public void Another_inbound_connector_is_rejected_naming_the_element_and_its_type(string type)
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", "x", ("inbound.type", type)));

        Assert.Contains($"'{type}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(InboundWebhook.ConnectorType, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_on_an_element_no_template_offers_is_rejected()
    {
        var xml = WebhookModels.Boundary("p", "x", "m", ("correlationKeyExpression", "=request.body.id"))
            .Replace("""<bpmn:messageEventDefinition id="md" messageRef="m" />""", """<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>""",
                StringComparison.Ordinal);

        var error = RejectedAt(xml);

        Assert.Contains("not on a boundaryEvent with a timerEventDefinition", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("activationCondition", "=request.body.status = ")]
    [InlineData("resultExpression", "={a: }")]
    [InlineData("inbound.responseExpression", "={body: (}")]
    [InlineData("correlationKeyExpression", "=request.body.(")]
    [InlineData("inbound.auth.apiKeyLocator", "=request.headers[")]
    public void An_invalid_feel_expression_names_the_element_and_the_property(string property, string expression)
    {
        var xml = WebhookModels.Intermediate("p", "x", "m", ("correlationKeyExpression", "=request.body.antragId"),
            ("inbound.auth.type", "APIKEY"), ("inbound.auth.apiKey", "{{secrets.PORTAL_KEY}}"), ("inbound.auth.apiKeyLocator", "=request.headers.authorization"),
            (property, expression));

        var error = RejectedAt(xml);

        Assert.Contains($"FEEL syntax error in {property}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_that_says_nothing_about_who_may_call_it_is_rejected()
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", null)));

        Assert.Contains("inbound.auth.type NONE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hmac_alone_needs_no_auth_type()
    {
        var result = Parse(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", null), ("inbound.shouldValidateHmac", "enabled"),
            ("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}"), ("inbound.hmacHeader", "X-Hub-Signature-256")));

        Assert.True(result.Success, string.Join(Environment.NewLine, result.Errors));
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Hmac_without_its_secret_is_one_error_naming_the_property()
    {
        var result = Parse(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", null), ("inbound.shouldValidateHmac", "enabled"),
            ("inbound.hmacHeader", "X-Signatur")));

        var error = Assert.Single(result.Errors);
        Assert.Contains("inbound.hmacSecret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-antrag")]
    [InlineData("antrag--neu")]
    [InlineData("antrag/neu")]
    [InlineData("")]
    public void A_context_that_cannot_be_part_of_the_url_is_rejected(string context)
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", context));

        Assert.Contains("context", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_elements_of_one_process_claiming_one_context_are_rejected_naming_both()
    {
        var xml = WebhookModels.Boundary("p", "doppelt", "m", ("correlationKeyExpression", "=request.body.id"))
            .Replace("""<bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bearbeiten" />""", $"""
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
                <bpmn:intermediateCatchEvent id="warten">
                  <bpmn:extensionElements>{WebhookModels.Properties("doppelt", true, ("correlationKeyExpression", "=request.body.id"))}</bpmn:extensionElements>
                  <bpmn:messageEventDefinition messageRef="m" />
                </bpmn:intermediateCatchEvent>
                <bpmn:sequenceFlow id="f0" sourceRef="warten" targetRef="bearbeiten" />
                """, StringComparison.Ordinal);

        var result = Parse(xml);

        var error = Assert.Single(result.Errors);
        Assert.Contains("warten", error.Message, StringComparison.Ordinal);
        Assert.Contains("webhook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_that_is_not_configured_is_rejected_naming_its_setting()
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", "BASIC"), ("inbound.auth.username", "portal"),
            ("inbound.auth.password", "{{secrets.UNBEKANNT}}")));

        Assert.Contains("Engine:Secrets:UNBEKANNT", error.Message, StringComparison.Ordinal);
        Assert.Contains("inbound.auth.password", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_written_in_plain_text_is_a_warning_and_a_bare_secret_reference_an_error()
    {
        var plain = Parse(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", "BASIC"), ("inbound.auth.username", "portal"), ("inbound.auth.password", "geheim")));
        var bare = RejectedAt(WebhookModels.StartEvent("p", "x", ("inbound.auth.type", "BASIC"), ("inbound.auth.username", "portal"),
            ("inbound.auth.password", "secrets.PORTAL_KEY")));

        Assert.True(plain.Success);
        Assert.Contains("{{secrets.NAME}}", Assert.Single(plain.Warnings).Message, StringComparison.Ordinal);
        Assert.Contains("{{secrets.PORTAL_KEY}}", bare.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_catch_event_without_correlation_key_expression_is_rejected()
    {
        var error = RejectedAt(WebhookModels.Intermediate("p", "x", "m"));

        Assert.Contains("correlationKeyExpression", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}", "shouldValidateHmac")]
    [InlineData("inbound.auth.password", "{{secrets.PORTAL_KEY}}", "BASIC")]
    [InlineData("inbound.responseBodyExpression", "={a: 1}", "inbound.responseExpression")]
    [InlineData("inbound.unbekannt", "1", "unknown")]
    [InlineData("correlationKeyExpression", "=request.body.id", "none start event")]
    [InlineData("synchronousResponse", "true", "does not offer")]
    [InlineData("inbound.method", "patch", "inbound.method")]
    [InlineData("messageTtl", "P30D", "messageTtl")]
    public void A_property_that_would_not_be_honoured_is_rejected_naming_it(string property, string value, string expected)
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", "x", (property, value)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hmac_scopes_that_cannot_be_signed_are_rejected()
    {
        var error = RejectedAt(WebhookModels.StartEvent("p", "x", ("inbound.shouldValidateHmac", "enabled"), ("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}"),
            ("inbound.hmacHeader", "X-Signature"), ("inbound.hmacScopes", "=[\"PARAMETERS\"]")));

        Assert.Contains("inbound.hmacScopes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_message_with_a_feel_name_is_rejected()
    {
        var xml = WebhookModels.Intermediate("p", "x", "=antragId", ("correlationKeyExpression", "=request.body.antragId"));

        var result = Parse(xml);

        Assert.Contains("static", string.Join(Environment.NewLine, result.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Inbound_properties_on_the_process_are_rejected()
    {
        var xml = WebhookModels.StartEvent("p", "x").Replace("""<bpmn:process id="p" isExecutable="true">""", """
            <bpmn:process id="p" isExecutable="true"><bpmn:extensionElements><zeebe:properties><zeebe:property name="inbound.context" value="x" /></zeebe:properties></bpmn:extensionElements>
            """, StringComparison.Ordinal);

        var error = RejectedAt(xml, "p");

        Assert.Contains("not on the process", error.Message, StringComparison.Ordinal);
    }
}
