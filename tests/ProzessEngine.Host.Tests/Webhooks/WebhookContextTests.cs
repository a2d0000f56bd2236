using System.Net;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// A webhook context belongs to one process per tenant, served by its latest version: a second process that claims it
/// is refused at deployment, naming both; a new version takes over or gives up its predecessor's contexts.
/// </summary>
public abstract class WebhookContextTests : WebhookTestBase
{
    private static string Open(string processId, string context, string marker) => WebhookModels.StartEvent(processId, context,
        ("resultExpression", $"={{version: \"{marker}\"}}"),
        ("inbound.responseExpression", "={body: {instanz: correlation.processInstanceKey}}"));

    private async Task<string> VersionStartedAsync(string context)
    {
        var response = await Anonymous().SendAsync(Post($"/inbound/{context}", "{}"));
        var key = (await EngineApp.JsonAsync(response))["instanz"]!.GetValue<string>();
        return (await InstanceAsync(key))["variables"]!["version"]!.GetValue<string>();
    }

    [Fact]
    public async Task Two_processes_claiming_one_context_are_refused_at_deployment_naming_both()
    {
        await DeployAsync("antrag.bpmn", Open("antrag", "eingang", "antrag"));

        var refused = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(App.Admin(), ("gewerbe.bpmn", Open("gewerbe", "eingang", "gewerbe"))), 400);

        var message = Assert.Single(refused["errors"]!.AsArray())!["message"]!.GetValue<string>();
        Assert.Contains("'antrag'", message, StringComparison.Ordinal);
        Assert.Contains("'gewerbe'", message, StringComparison.Ordinal);
        Assert.Equal("antrag", await VersionStartedAsync("eingang"));
    }

    [Fact]
    public async Task Two_processes_of_one_deployment_claiming_one_context_are_refused()
    {
        var response = await EngineApp.DeployAsync(App.Admin(), ("antrag.bpmn", Open("antrag", "eingang", "a")), ("gewerbe.bpmn", Open("gewerbe", "eingang", "g")));

        var message = (await EngineApp.ProblemAsync(response, 400))["errors"]!.ToJsonString();
        Assert.Contains("antrag", message, StringComparison.Ordinal);
        Assert.Contains("gewerbe", message, StringComparison.Ordinal);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/eingang", "{}")), 404);
    }

    [Fact]
    public async Task The_latest_version_serves_the_context_and_a_version_without_it_frees_it()
    {
        await DeployAsync("antrag.bpmn", Open("antrag", "eingang", "v1"));
        await DeployAsync("antrag.bpmn", Open("antrag", "eingang", "v2"));
        Assert.Equal("v2", await VersionStartedAsync("eingang"));

        await DeployAsync("antrag.bpmn", Open("antrag", "neuer-eingang", "v3"));
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/eingang", "{}")), 404);
        Assert.Equal("v3", await VersionStartedAsync("neuer-eingang"));

        // Now the old context is free for another process.
        await DeployAsync("gewerbe.bpmn", Open("gewerbe", "eingang", "gewerbe"));
        Assert.Equal("gewerbe", await VersionStartedAsync("eingang"));
    }

    [Fact]
    public async Task A_context_moves_between_processes_in_one_deployment()
    {
        await DeployAsync("antrag.bpmn", Open("antrag", "eingang", "antrag"));

        await EngineApp.JsonAsync(await EngineApp.DeployAsync(App.Admin(), ("antrag.bpmn", Open("antrag", "alt", "antrag-2")), ("gewerbe.bpmn", Open("gewerbe", "eingang", "gewerbe"))));

        Assert.Equal("gewerbe", await VersionStartedAsync("eingang"));
        Assert.Equal("antrag-2", await VersionStartedAsync("alt"));
    }

    [Fact]
    public async Task Concurrent_deployments_of_two_processes_claiming_one_context_leave_one_owner()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            EngineApp.DeployAsync(App.Admin(), ($"p{i}.bpmn", Open($"p{i}", "eingang", $"p{i}")))));

        var accepted = responses.Where(r => r.IsSuccessStatusCode).ToList();
        var owner = Assert.Single(accepted);
        var ownerId = (await EngineApp.JsonAsync(owner))["deployments"]!.AsArray()
            .Select(d => d!["processDefinition"]?["processDefinitionId"]?.GetValue<string>()).OfType<string>().Single();
        foreach (var refused in responses.Where(r => !r.IsSuccessStatusCode))
        {
            Assert.Contains(ownerId, (await EngineApp.ProblemAsync(refused, 400)).ToJsonString(), StringComparison.Ordinal);
        }

        Assert.Equal(ownerId, await VersionStartedAsync("eingang"));
    }

    [Fact]
    public async Task Another_tenant_may_use_the_same_context()
    {
        await DeployAsync("antrag.bpmn", Open("antrag", "eingang", "default"));

        var other = await EngineApp.DeployAsync(App.WithKey(StadtBKey), ("gewerbe.bpmn", Open("gewerbe", "eingang", "stadt-b")));

        await EngineApp.JsonAsync(other);
        Assert.Equal(HttpStatusCode.OK, (await Anonymous().SendAsync(Post("/inbound/stadt-b/eingang", "{}"))).StatusCode);
        Assert.Equal("default", await VersionStartedAsync("eingang"));
    }
}

public sealed class SqliteWebhookContextTests : WebhookContextTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresWebhookContextTests : WebhookContextTests
{
    protected override bool Postgres => true;
}
