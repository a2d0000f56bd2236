using System.Net;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// A webhook on a catch event, boundary event or receive task reaches the instance that waits with the correlation key
/// the request carries, as a published (or, with synchronousResponse, correlated) message of the element's name does.
/// </summary>
public abstract class WebhookCorrelationTests : WebhookTestBase
{
    private static readonly (string, string?)[] Correlated =
    [
        ("inbound.auth.type", "APIKEY"), ("inbound.auth.apiKey", "{{secrets.PORTAL_KEY}}"), ("inbound.auth.apiKeyLocator", "=get value(request.headers, \"x-portal-key\")"),
        ("correlationKeyExpression", "=request.body.antragId"),
        ("resultExpression", "={unterlagen: request.body.unterlagen}"),
    ];

    private Task<HttpResponseMessage> CallAsync(string context, string body) =>
        Anonymous().SendAsync(Post($"/inbound/{context}", body, ("X-Portal-Key", PortalKey)));

    private async Task<string> StartWaitingAsync(string processId, string antragId) =>
        await EngineApp.StartAsync(App.Admin(), processId, new { antragId });

    [Fact]
    public async Task A_webhook_on_an_intermediate_catch_event_continues_the_instance_with_its_correlation_key()
    {
        await DeployAsync("nachreichung.bpmn", WebhookModels.Intermediate("nachreichung", "nachreichung", "c0ffee-11", Correlated));
        var waiting = await StartWaitingAsync("nachreichung", "A-1");
        var other = await StartWaitingAsync("nachreichung", "A-2");

        var response = await CallAsync("nachreichung", """{"antragId": "A-1", "unterlagen": ["Lageplan"]}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var instance = await InstanceAsync(waiting);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal("Lageplan", instance["variables"]!["unterlagen"]![0]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await InstanceAsync(other))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_published_before_its_instance_waits_is_buffered_for_its_time_to_live()
    {
        await DeployAsync("nachreichung.bpmn", WebhookModels.Intermediate("nachreichung", "nachreichung", "c0ffee-12", [.. Correlated, ("messageTtl", "PT10M")]));

        Assert.Equal(HttpStatusCode.OK, (await CallAsync("nachreichung", """{"antragId": "A-3", "unterlagen": []}""")).StatusCode);
        var early = await StartWaitingAsync("nachreichung", "A-3");
        App.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("nachreichung", """{"antragId": "A-4", "unterlagen": []}""")).StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(11));
        var late = await StartWaitingAsync("nachreichung", "A-4");

        Assert.Equal("COMPLETED", (await InstanceAsync(early))["state"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await InstanceAsync(late))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_repeated_message_id_on_a_catch_event_is_published_once()
    {
        await DeployAsync("nachreichung.bpmn", WebhookModels.Intermediate("nachreichung", "nachreichung", "c0ffee-16",
            [.. Correlated, ("messageIdExpression", "=request.body.sendungId"), ("messageTtl", "PT10M")]));

        Assert.Equal(HttpStatusCode.OK, (await CallAsync("nachreichung", """{"antragId": "A-10", "sendungId": "S-1", "unterlagen": []}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await CallAsync("nachreichung", """{"antragId": "A-10", "sendungId": "S-1", "unterlagen": []}""")).StatusCode);
        var first = await StartWaitingAsync("nachreichung", "A-10");
        var second = await StartWaitingAsync("nachreichung", "A-10");

        Assert.Equal("COMPLETED", (await InstanceAsync(first))["state"]!.GetValue<string>());
        Assert.Equal("ACTIVE", (await InstanceAsync(second))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_webhook_on_a_boundary_event_interrupts_the_task()
    {
        await DeployAsync("antrag.bpmn", WebhookModels.Boundary("antrag", "zurueckziehen", "c0ffee-13", Correlated));
        var waiting = await StartWaitingAsync("antrag", "A-5");

        Assert.Equal(HttpStatusCode.OK, (await CallAsync("zurueckziehen", """{"antragId": "A-5"}""")).StatusCode);

        var instance = await InstanceAsync(waiting);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Empty(await EngineApp.TasksAsync(App.Admin(), new { processInstanceKey = waiting, state = "CREATED" }));
    }

    [Fact]
    public async Task Synchronous_correlation_answers_with_the_instance_and_404_when_nothing_waits()
    {
        await DeployAsync("zahlung.bpmn", WebhookModels.ReceiveTask("zahlung", "zahlung", "c0ffee-14",
            [.. Correlated, ("synchronousResponse", "true"), ("inbound.responseExpression", "={body: {instanz: correlation.processInstanceKey}}")]));
        var waiting = await StartWaitingAsync("zahlung", "A-6");

        var response = await CallAsync("zahlung", """{"antragId": "A-6"}""");
        var nobody = await CallAsync("zahlung", """{"antragId": "A-6"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(waiting, JsonNode.Parse(await BodyAsync(response))!["instanz"]!.GetValue<string>());
        await EngineApp.ProblemAsync(nobody, 404);
        Assert.Equal("COMPLETED", (await InstanceAsync(waiting))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_without_correlation_key_is_422_and_reaches_nobody()
    {
        await DeployAsync("nachreichung.bpmn", WebhookModels.Intermediate("nachreichung", "nachreichung", "c0ffee-15", Correlated));
        var waiting = await StartWaitingAsync("nachreichung", "A-9");

        var problem = await EngineApp.ProblemAsync(await CallAsync("nachreichung", """{"unterlagen": []}"""), 422);

        Assert.Contains("correlationKeyExpression", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("ACTIVE", (await InstanceAsync(waiting))["state"]!.GetValue<string>());
    }
}

public sealed class SqliteWebhookCorrelationTests : WebhookCorrelationTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresWebhookCorrelationTests : WebhookCorrelationTests
{
    protected override bool Postgres => true;
}
