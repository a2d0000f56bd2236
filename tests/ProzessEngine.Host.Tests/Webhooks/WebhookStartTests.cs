using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// A portal starts a process through the webhook of its start event, as Camunda's webhook start event template sets it
/// up: the request becomes variables, the activation condition decides, the response expression shapes the answer.
/// </summary>
public abstract class WebhookStartTests : WebhookTestBase
{
    private const string ApiKeyAuthorization = "Bearer " + PortalKey;

    private static string Antrag(params (string Name, string? Value)[] changes) => WebhookModels.StartEvent("antrag", "antrag-eingang",
    [
        ("inbound.method", "post"),
        ("inbound.auth.type", "APIKEY"),
        ("inbound.auth.apiKey", "{{secrets.PORTAL_KEY}}"),
        ("inbound.auth.apiKeyLocator", "=split(request.headers.authorization, \" \")[2]"),
        ("activationCondition", "=request.body.art = \"Bauantrag\""),
        ("consumeUnmatchedEvents", "false"),
        ("resultVariable", "eingang"),
        ("resultExpression", "={antragsteller: request.body.name, art: request.body.art, quelle: get value(request.headers, \"x-quelle\")}"),
        ("inbound.responseExpression", "={statusCode: 201, body: {vorgang: correlation.processInstanceKey, mandant: correlation.tenantId}, "
            + "headers: {\"X-Vorgang\": correlation.processInstanceKey}}"),
        .. changes,
    ]);

    [Fact]
    public async Task A_webhook_call_starts_an_instance_with_the_mapped_variables_and_answers_as_the_response_expression_says()
    {
        await DeployAsync("antrag.bpmn", Antrag());

        var response = await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"name": "Erika Mustermann", "art": "Bauantrag"}""",
            ("Authorization", ApiKeyAuthorization), ("X-Quelle", "ozg-portal")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var answer = JsonNode.Parse(await BodyAsync(response))!;
        var key = answer["vorgang"]!.GetValue<string>();
        Assert.Equal("<default>", answer["mandant"]!.GetValue<string>());
        Assert.Equal(key, Assert.Single(response.Headers.GetValues("X-Vorgang")));
        var instance = await InstanceAsync(key);
        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
        var variables = instance["variables"]!;
        Assert.Equal(("Erika Mustermann", "Bauantrag", "ozg-portal"),
            (variables["antragsteller"]!.GetValue<string>(), variables["art"]!.GetValue<string>(), variables["quelle"]!.GetValue<string>()));
        // resultVariable keeps the request, without the credentials it carried.
        Assert.Equal("Erika Mustermann", variables["eingang"]!["request"]!["body"]!["name"]!.GetValue<string>());
        Assert.Null(variables["eingang"]!["request"]!["headers"]!["authorization"]);
    }

    [Fact]
    public async Task A_request_whose_activation_condition_is_false_starts_nothing_and_gets_422_or_200_when_unmatched_events_are_consumed()
    {
        await DeployAsync("antrag.bpmn", Antrag());

        var refused = await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"name": "Max", "art": "Gewerbeanmeldung"}""",
            ("Authorization", ApiKeyAuthorization)));
        await EngineApp.ProblemAsync(refused, 422);

        await DeployAsync("antrag.bpmn", Antrag(("consumeUnmatchedEvents", "true")));
        var consumed = await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"name": "Max", "art": "Gewerbeanmeldung"}""",
            ("Authorization", ApiKeyAuthorization)));

        Assert.Equal(HttpStatusCode.OK, consumed.StatusCode);
        Assert.Equal("", await BodyAsync(consumed));
        Assert.Empty(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task A_method_the_webhook_does_not_accept_is_405_naming_the_one_it_does()
    {
        await DeployAsync("antrag.bpmn", Antrag());

        var response = await Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Put, "/inbound/antrag-eingang")
        {
            Content = Json("""{"art": "Bauantrag"}"""),
            Headers = { { "Authorization", ApiKeyAuthorization } },
        });

        await EngineApp.ProblemAsync(response, 405);
        Assert.Equal("POST", string.Join(",", response.Content.Headers.Allow));
        Assert.Empty(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task An_unknown_context_is_404_and_a_body_over_the_limit_413()
    {
        await DeployAsync("antrag.bpmn", Antrag());

        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/gibt-es-nicht", "{}")), 404);
        var tooLarge = new string('x', 5 * 1024 * 1024);
        var response = await Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/inbound/antrag-eingang")
        {
            Content = new StringContent(tooLarge, System.Text.Encoding.UTF8, "text/plain"),
            Headers = { { "Authorization", ApiKeyAuthorization } },
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task A_form_body_and_query_parameters_reach_the_expressions()
    {
        await DeployAsync("antrag.bpmn", Antrag(
            ("activationCondition", null),
            ("resultExpression", "={name: request.body.name, quelle: request.params.quelle}"),
            ("inbound.responseExpression", "={body: \"Danke, \" + request.body.name}")));

        var response = await Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Post, "/inbound/antrag-eingang?quelle=formular")
        {
            Content = new FormUrlEncodedContent([new("name", "Jörg Müller")]),
            Headers = { { "Authorization", ApiKeyAuthorization } },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Danke, Jörg Müller", await BodyAsync(response));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var instance = Assert.Single(await InstancesAsync("antrag"))!;
        var variables = (await InstanceAsync(instance["processInstanceKey"]!.GetValue<string>()))["variables"]!;
        Assert.Equal(("Jörg Müller", "formular"), (variables["name"]!.GetValue<string>(), variables["quelle"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_verification_expression_answers_a_challenge_without_starting_anything()
    {
        await DeployAsync("antrag.bpmn", Antrag(("inbound.verificationExpression",
            "=if request.body.type = \"url_verification\" then {body: {challenge: request.body.challenge}} else null")));

        var challenge = await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"type": "url_verification", "challenge": "3eZbrw1aBm2r"}"""));

        Assert.Equal(HttpStatusCode.OK, challenge.StatusCode);
        Assert.Equal("3eZbrw1aBm2r", JsonNode.Parse(await BodyAsync(challenge))!["challenge"]!.GetValue<string>());
        Assert.Empty(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task A_message_start_event_webhook_publishes_its_message_once_per_message_id()
    {
        await DeployAsync("rechnung.bpmn", WebhookModels.MessageStart("rechnung", "erechnung", "Rechnung eingegangen",
            ("inbound.auth.type", "BASIC"), ("inbound.auth.username", "erechnung"), ("inbound.auth.password", "{{secrets.BASIC_PASSWORD}}"),
            ("messageIdExpression", "=request.body.rechnungsnummer"),
            ("resultExpression", "={rechnungsnummer: request.body.rechnungsnummer}"),
            ("inbound.responseExpression", "={body: correlation}")));
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = Basic("erechnung", BasicPassword);

        var first = await client.SendAsync(Post("/inbound/erechnung", """{"rechnungsnummer": "RE-2026-0815"}"""));
        var again = await client.SendAsync(Post("/inbound/erechnung", """{"rechnungsnummer": "RE-2026-0815"}"""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.False(string.IsNullOrEmpty(JsonNode.Parse(await BodyAsync(first))!["messageKey"]!.GetValue<string>()));
        // Camunda: a message id published before leaves the correlation empty.
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("{}", await BodyAsync(again));
        var started = Assert.Single(await InstancesAsync("rechnung"))!;
        Assert.Equal("RE-2026-0815",
            (await InstanceAsync(started["processInstanceKey"]!.GetValue<string>()))["variables"]!["rechnungsnummer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_with_an_invalid_feel_expression_is_refused_at_deployment_naming_element_and_property()
    {
        var response = await EngineApp.DeployAsync(App.Admin(), ("antrag.bpmn", Antrag(("activationCondition", "=request.body.art = "))));

        var error = Assert.Single((await EngineApp.ProblemAsync(response, 400))["errors"]!.AsArray())!;
        Assert.Equal("webhook", error["elementId"]!.GetValue<string>());
        Assert.Contains("activationCondition", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", "{}")), 404);
    }

    [Fact]
    public async Task A_client_whose_requests_keep_failing_authentication_is_held_back_with_429()
    {
        await DeployAsync("antrag.bpmn", Antrag());

        for (var attempt = 0; attempt < 20; attempt++)
        {
            await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"art": "Bauantrag"}""",
                ("Authorization", $"Bearer geraten-{attempt}"))), 401);
        }

        var blocked = await Anonymous().SendAsync(Post("/inbound/antrag-eingang", """{"art": "Bauantrag"}""", ("Authorization", ApiKeyAuthorization)));

        await EngineApp.ProblemAsync(blocked, 429);
        Assert.NotNull(blocked.Headers.RetryAfter);
        Assert.Empty(await InstancesAsync("antrag"));
        // The engine's own API counts its own failures: the webhook's do not lock anyone out of it.
        Assert.Equal(HttpStatusCode.OK, (await App.Admin().PostAsJsonAsync("/v2/process-definitions/search", new { })).StatusCode);
    }

    [Fact]
    public async Task A_webhook_of_another_tenant_is_served_under_its_tenant()
    {
        var stadtB = App.WithKey(StadtBKey);
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(stadtB, ("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang"))));

        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", "{}")), 404);
        var response = await Anonymous().SendAsync(Post("/inbound/stadt-b/antrag-eingang", "{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var started = Assert.Single((await EngineApp.JsonAsync(await stadtB.PostAsJsonAsync("/v2/process-instances/search", new { })))["items"]!.AsArray())!;
        Assert.Equal("stadt-b", started["tenantId"]!.GetValue<string>());
    }
}

public sealed class SqliteWebhookStartTests : WebhookStartTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresWebhookStartTests : WebhookStartTests
{
    protected override bool Postgres => true;
}
