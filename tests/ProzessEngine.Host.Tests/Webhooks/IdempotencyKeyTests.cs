using System.Net;
using System.Net.Http.Json;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// Idempotency-Key on webhook starts and on POST /v2/process-instances: one instance per key, tenant and endpoint; a
/// repeat within Engine:Idempotency:Window gets the same status and body (marked Idempotent-Replayed), also when the
/// repeats arrive at the same time; the key with another body is 422, as the IETF draft says.
/// </summary>
public abstract class IdempotencyKeyTests : WebhookTestBase
{
    private const string Key = "\"5b1f0d5e-9c1e-4bde-8f7a-2c5d6e7f8a9b\"";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string> { ["Engine:Idempotency:Window"] = "02:00:00" };

    private Task DeployWebhookAsync() => DeployAsync("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang",
        ("resultExpression", "={antragId: request.body.antragId}"),
        ("inbound.responseExpression", "={statusCode: 202, body: {vorgang: correlation.processInstanceKey}, headers: {\"X-Vorgang\": correlation.processInstanceKey}}")));

    private Task<HttpResponseMessage> WebhookAsync(string body, string key = Key) =>
        Anonymous().SendAsync(Post("/inbound/antrag-eingang", body, ("Idempotency-Key", key)));

    private Task<HttpResponseMessage> StartAsync(string antragId, string key = Key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/process-instances")
        {
            Content = JsonContent.Create(new { processDefinitionId = "antrag", variables = new { antragId } }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return App.System().SendAsync(request);
    }

    private static bool Replayed(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Single() == "true";

    [Fact]
    public async Task A_repeated_webhook_call_gets_the_first_answer_and_starts_nothing_more()
    {
        await DeployWebhookAsync();

        var first = await WebhookAsync("""{"antragId": "A-1"}""");
        var again = await WebhookAsync("""{"antragId": "A-1"}""");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal(await BodyAsync(first), await BodyAsync(again));
        Assert.Equal(first.Headers.GetValues("X-Vorgang").Single(), again.Headers.GetValues("X-Vorgang").Single());
        Assert.False(Replayed(first));
        Assert.True(Replayed(again));
        Assert.Single(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task The_key_with_another_body_is_422_and_another_key_starts_again()
    {
        await DeployWebhookAsync();
        await WebhookAsync("""{"antragId": "A-1"}""");

        var problem = await EngineApp.ProblemAsync(await WebhookAsync("""{"antragId": "A-2"}"""), 422);
        var other = await WebhookAsync("""{"antragId": "A-2"}""", "zweiter-schluessel");

        Assert.Contains("Idempotency-Key", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, other.StatusCode);
        Assert.Equal(2, (await InstancesAsync("antrag")).Count);
    }

    [Fact]
    public async Task Concurrent_webhook_calls_with_one_key_start_one_instance_and_all_get_its_answer()
    {
        await DeployWebhookAsync();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => WebhookAsync("""{"antragId": "A-3"}""")));

        var bodies = await Task.WhenAll(responses.Select(BodyAsync));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(19, responses.Count(Replayed));
        var instance = Assert.Single(await InstancesAsync("antrag"))!;
        Assert.Contains(instance["processInstanceKey"]!.GetValue<string>(), bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_window_the_key_starts_anew()
    {
        await DeployWebhookAsync();
        var first = await WebhookAsync("""{"antragId": "A-4"}""");

        App.Clock.Advance(TimeSpan.FromHours(2));
        var later = await WebhookAsync("""{"antragId": "A-5"}""");

        Assert.False(Replayed(later));
        Assert.NotEqual(await BodyAsync(first), await BodyAsync(later));
        Assert.Equal(2, (await InstancesAsync("antrag")).Count);
    }

    [Fact]
    public async Task Concurrent_starts_through_the_api_with_one_key_start_one_instance_with_the_same_answer()
    {
        await DeployAsync("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => StartAsync("A-6")));

        var bodies = await Task.WhenAll(responses.Select(BodyAsync));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(bodies.Distinct());
        Assert.Equal(19, responses.Count(Replayed));
        var instance = Assert.Single(await InstancesAsync("antrag"))!;
        Assert.Contains(instance["processInstanceKey"]!.GetValue<string>(), bodies[0], StringComparison.Ordinal);
        Assert.Equal("application/json", responses[0].Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_start_through_the_api_with_a_reused_key_and_other_variables_is_422()
    {
        await DeployAsync("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang"));
        var first = await StartAsync("A-7");

        await EngineApp.ProblemAsync(await StartAsync("A-8"), 422);
        var again = await StartAsync("A-7");

        Assert.Equal(await BodyAsync(first), await BodyAsync(again));
        Assert.Single(await InstancesAsync("antrag"));
    }

    [Fact]
    public async Task One_key_on_two_endpoints_or_in_two_tenants_means_two_requests()
    {
        await DeployWebhookAsync();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(App.WithKey(StadtBKey), ("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang"))));

        Assert.Equal(HttpStatusCode.Accepted, (await WebhookAsync("""{"antragId": "A-9"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await StartAsync("A-9")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().SendAsync(Post("/inbound/stadt-b/antrag-eingang", """{"antragId": "A-9"}""", ("Idempotency-Key", Key))))
            .StatusCode);

        Assert.Equal(2, (await InstancesAsync("antrag")).Count);
    }

    [Fact]
    public async Task A_key_on_an_endpoint_that_does_not_honour_it_is_400_rather_than_a_silent_second_run()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v2/messages/publication")
        {
            Content = JsonContent.Create(new { name = "Unterlagen eingegangen", correlationKey = "A-11" }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", Key);

        var problem = await EngineApp.ProblemAsync(await App.System().SendAsync(request), 400);

        Assert.Contains("messageId", problem["errors"]!["Idempotency-Key"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_key_is_400_naming_the_header()
    {
        await DeployWebhookAsync();

        var problem = await EngineApp.ProblemAsync(await WebhookAsync("""{"antragId": "A-10"}""", new string('k', 256)), 400);

        Assert.Contains("Idempotency-Key", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(await InstancesAsync("antrag"));
    }
}

public sealed class SqliteIdempotencyKeyTests : IdempotencyKeyTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresIdempotencyKeyTests : IdempotencyKeyTests
{
    protected override bool Postgres => true;
}
