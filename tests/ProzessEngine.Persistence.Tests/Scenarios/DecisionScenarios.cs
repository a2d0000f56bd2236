using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// DMN decisions on the database, written once and run against SQLite and PostgreSQL: deploying and versioning .dmn
/// files, business rule tasks that evaluate them (and their incidents), and the read side.
/// </summary>
public abstract class DecisionScenarios : DatabaseScenarios
{
    private const string Tenant = DeploymentService.DefaultTenant;

    [Fact]
    public async Task A_dmn_file_is_versioned_per_graph_and_decision_and_identical_content_keeps_its_versions()
    {
        var node = Node();

        var first = await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()));
        var same = await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()));
        var changed = await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable(versionTag: "2027", privateFee: 35)));

        var graph = Assert.Single(first.DecisionRequirements);
        Assert.Equal((DecisionModels.RequirementsId, "Gebühren", 1, true), (graph.DecisionRequirementsId, graph.Name, graph.Version, graph.IsNew));
        var decision = Assert.Single(first.Decisions);
        Assert.Equal((DecisionModels.DecisionId, "Gebühr", 1, "2026", graph.Key), (decision.DecisionId, decision.Name, decision.Version, decision.VersionTag,
            decision.DecisionRequirementsKey));
        Assert.Equal((graph.Key, false), (same.DecisionRequirements.Single().Key, same.DecisionRequirements.Single().IsNew));
        Assert.Equal((decision.Key, false), (same.Decisions.Single().Key, same.Decisions.Single().IsNew));
        Assert.Equal((2, 2, "2027"), (changed.DecisionRequirements.Single().Version, changed.Decisions.Single().Version, changed.Decisions.Single().VersionTag));

        var queries = new DecisionQueries(Database);
        var latest = await queries.SearchDefinitionsAsync([Tenant],
            SearchQuery.All() with { Conditions = [new FieldCondition("isLatestVersion", FilterOperator.Equal, true)] });
        Assert.Equal(changed.Decisions.Single().Key, Assert.Single(latest.Items).DecisionDefinitionKey);
        Assert.Equal(DecisionModels.FeeTable(versionTag: "2027", privateFee: 35), await queries.GetDefinitionXmlAsync(latest.Items[0].DecisionDefinitionKey, [Tenant]));
        Assert.Null(await queries.GetRequirementsAsync(graph.Key, ["stadt-b"]));
    }

    [Fact]
    public async Task A_broken_dmn_file_is_rejected_naming_element_line_and_column_and_nothing_is_stored()
    {
        var node = Node();
        var broken = DecisionModels.FeeTable().Replace("&lt;= 100", "&lt;=", StringComparison.Ordinal);

        var rejected = await Assert.ThrowsAsync<DeploymentRejectedException>(() =>
            node.DeployAsync(("gebuehren.dmn", broken), ("prozess.bpmn", DecisionModels.FeeProcess())));

        var problem = Assert.Single(rejected.Problems);
        Assert.Equal("gebuehren.dmn", problem.Resource);
        Assert.Equal("r1a", problem.ElementId);
        Assert.True(problem.Line > 0 && problem.Column > 0, $"line {problem.Line}, column {problem.Column}");
        await using var context = Database.CreateContext();
        Assert.Equal(0, await context.DecisionRequirements.CountAsync());
        Assert.Equal(0, await context.DecisionDefinitions.CountAsync());
        Assert.Equal(0, await context.ProcessDefinitions.CountAsync());
    }

    [Fact]
    public async Task A_decision_id_deployed_in_another_graph_is_rejected()
    {
        var node = Node();
        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()));

        var other = DecisionModels.FeeTable().Replace($"id=\"{DecisionModels.RequirementsId}\"", "id=\"andere\"", StringComparison.Ordinal);
        var rejected = await Assert.ThrowsAsync<DeploymentRejectedException>(() => node.DeployAsync(("andere.dmn", other)));

        var problem = Assert.Single(rejected.Problems);
        Assert.Equal(DecisionModels.DecisionId, problem.ElementId);
        Assert.Contains($"already deployed in the decision requirements '{DecisionModels.RequirementsId}'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_binding_needs_the_decision_in_the_same_deployment()
    {
        var node = Node();
        var process = DecisionModels.FeeProcess("""<zeebe:calledDecision decisionId="gebuehr" resultVariable="gebuehr" bindingType="deployment" />""");

        var rejected = await Assert.ThrowsAsync<DeploymentRejectedException>(() => node.DeployAsync(("prozess.bpmn", process)));

        Assert.Equal("gebuehr_bestimmen", Assert.Single(rejected.Problems).ElementId);
    }

    [Fact]
    public async Task A_business_rule_task_routes_on_the_decision_and_the_journal_keeps_the_evaluation()
    {
        var node = Node();
        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()), ("prozess.bpmn", DecisionModels.FeeProcess()));

        var low = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));
        var high = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 500), ("art", "gewerblich"));

        Assert.Equal(InstanceStatus.Completed, low.Status);
        Assert.Equal(InstanceStatus.Active, high.Status);
        var waiting = await node.Queries.GetInstanceAsync(high.ProcessInstanceKey, Tenant);
        Assert.Equal("80", waiting!.Variables!["gebuehr"]!.ToJsonString());
        Assert.Equal("pruefen", Assert.Single(waiting.ActiveElements!).ElementId);
        var journal = string.Join('\n', (await node.Queries.GetJournalAsync(low.ProcessInstanceKey)).Select(e => e.Events.ToJsonString()));
        Assert.Contains("DecisionEvaluated", journal, StringComparison.Ordinal);
        Assert.Contains("r3", journal, StringComparison.Ordinal);
        Assert.True((await node.Queries.VerifyJournalAsync(low.ProcessInstanceKey))!.Valid);
    }

    [Fact]
    public async Task A_missing_decision_is_an_incident_and_deploying_it_then_resolving_completes_the_task()
    {
        var node = Node();
        await node.DeployAsync(("prozess.bpmn", DecisionModels.FeeProcess()));

        var started = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 20), ("art", "privat"));

        var incident = Assert.Single((await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, Tenant))!.Incidents!);
        Assert.Equal((nameof(IncidentErrorType.CalledDecision), "gebuehr_bestimmen"), (incident.ErrorType, incident.ElementId));
        Assert.Contains("'gebuehr', which is not deployed", incident.ErrorMessage, StringComparison.Ordinal);

        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()));
        await node.Commands.ResolveIncidentAsync(incident.IncidentKey, CommandActor.System("test"));

        var done = await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, Tenant);
        Assert.Equal("COMPLETED", done!.State);
        Assert.Equal("10", done.Variables!["gebuehr"]!.ToJsonString());
    }

    [Fact]
    public async Task A_violated_unique_table_is_an_incident_naming_decision_and_rules()
    {
        var node = Node();
        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable()), ("prozess.bpmn", DecisionModels.FeeProcess()));

        var started = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 500), ("art", "beides"));

        var incident = Assert.Single((await node.Queries.GetInstanceAsync(started.ProcessInstanceKey, Tenant))!.Incidents!);
        Assert.Equal(nameof(IncidentErrorType.DecisionEvaluation), incident.ErrorType);
        Assert.Contains("'gebuehr'", incident.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("r2, r3", incident.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deployment_binding_keeps_the_version_deployed_with_the_process_and_latest_takes_the_newest()
    {
        var node = Node();
        var pinned = DecisionModels.FeeProcess("""<zeebe:calledDecision decisionId="gebuehr" resultVariable="gebuehr" bindingType="deployment" />""");
        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable(privateFee: 30)), ("prozess.bpmn", pinned));
        await node.DeployAsync(("gebuehren.dmn", DecisionModels.FeeTable(versionTag: "2027", privateFee: 35)));

        var fromDeployment = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));
        await node.DeployAsync(("prozess.bpmn", DecisionModels.FeeProcess()));
        var latest = await node.StartAsync(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));

        Assert.Equal("30", (await node.Queries.GetInstanceAsync(fromDeployment.ProcessInstanceKey, Tenant))!.Variables!["gebuehr"]!.ToJsonString());
        Assert.Equal("35", (await node.Queries.GetInstanceAsync(latest.ProcessInstanceKey, Tenant))!.Variables!["gebuehr"]!.ToJsonString());
    }
}

public sealed class SqliteDecisionScenarios : DecisionScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresDecisionScenarios : DecisionScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
