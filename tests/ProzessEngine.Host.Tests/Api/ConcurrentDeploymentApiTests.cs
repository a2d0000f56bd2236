using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// The penetration test deployed different versions of one process at the same time on PostgreSQL and got 500s: two
/// deployments took the same version number and the loser's unique violation escaped. Each must now be a new version
/// or, having lost every retry, a 409.
/// </summary>
public sealed class ConcurrentDeploymentApiTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    private static string Version(int round) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="antrag" name="Antrag {round}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task Concurrent_deployments_of_different_content_answered_500_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("deployrace");
        try
        {
            await using var app = new EngineApp(NewClock(), postgresConnectionString: database);
            await DeployConcurrentlyAsync(app);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Concurrent_deployments_of_different_content_are_successive_versions_on_sqlite()
    {
        await using var app = new EngineApp(NewClock());
        await DeployConcurrentlyAsync(app);
        app.DeleteDatabaseFile();
    }

    private static async Task DeployConcurrentlyAsync(EngineApp app)
    {
        var admin = app.Admin();
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(round => Task.Run(() => EngineApp.DeployAsync(admin, ("antrag.bpmn", Version(round))))));

        var versions = new List<int>();
        foreach (var response in responses)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{(int)response.StatusCode}: {text}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                versions.Add(JsonNode.Parse(text)!["deployments"]![0]!["processDefinition"]!["processDefinitionVersion"]!.GetValue<int>());
            }
        }

        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions.Order());
    }
}
