using Microsoft.EntityFrameworkCore;
using ProzessEngine.Testing;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Deployments arriving at the same time. The penetration test found that concurrent deployments of different content
/// answered 500 on PostgreSQL, and that concurrent uploads of one model each parsed it again.
/// </summary>
public abstract class DeploymentRaceScenarios : DatabaseScenarios
{
    [Fact]
    public async Task Concurrent_deployments_of_different_content_become_successive_versions_or_a_conflict()
    {
        var nodes = Enumerable.Range(0, 3).Select(_ => Node()).ToList();
        const int deployments = 12;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, deployments).Select(i => Task.Run(async () =>
        {
            try
            {
                return (Result: await nodes[i % nodes.Count].DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess(taskName: $"Prüfen {i}"))),
                    Error: (Exception?)null);
            }
#pragma warning disable CA1031 // The test sorts every outcome; anything but a conflict fails it below.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                return (Result: (DeploymentResult?)null, Error: ex);
            }
        })));

        Assert.All(outcomes.Where(o => o.Error is not null), o => Assert.IsType<EngineConcurrencyException>(o.Error));
        var versions = outcomes.Where(o => o.Result is not null).Select(o => Assert.Single(o.Result!.Processes).Version).Order().ToList();
        Assert.NotEmpty(versions);
        Assert.Equal(Enumerable.Range(1, versions.Count), versions);
        await using var context = Database.CreateContext();
        Assert.Equal(versions.Count, await context.ProcessDefinitions.CountAsync());
        Assert.Equal(versions.Count, await context.Deployments.CountAsync());
    }

    [Fact]
    public async Task Concurrent_deployments_of_the_same_model_parse_it_once_and_yield_one_version()
    {
        var node = Node();
        var model = TestModels.UserTaskProcess();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => node.DeployAsync(("antrag.bpmn", model)))));

        Assert.Equal(1, node.Definitions.Models.Parses);
        var keys = results.Select(r => Assert.Single(r.Processes)).Select(p => (p.Key, p.Version)).Distinct().ToList();
        Assert.Equal((keys[0].Key, 1), Assert.Single(keys));
        // The definition cache reads the version it just deployed without parsing it again.
        await node.Definitions.GetAsync(keys[0].Key);
        Assert.Equal(1, node.Definitions.Models.Parses);
    }

    [Fact]
    public async Task A_rejected_model_sent_again_is_answered_from_the_first_parse()
    {
        var node = Node();
        var invalid = TestModels.UserTaskProcess(id: "kein gültiger name");

        var first = await Assert.ThrowsAsync<DeploymentRejectedException>(() => node.DeployAsync(("antrag.bpmn", invalid)));
        var second = await Assert.ThrowsAsync<DeploymentRejectedException>(() => node.DeployAsync(("antrag.bpmn", invalid)));

        Assert.Equal(first.Problems, second.Problems);
        Assert.Equal(1, node.Definitions.Models.Parses);
    }
}

public sealed class SqliteDeploymentRaceScenarios : DeploymentRaceScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresDeploymentRaceScenarios : DeploymentRaceScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
