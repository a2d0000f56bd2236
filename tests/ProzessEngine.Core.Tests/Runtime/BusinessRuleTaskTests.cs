using System.Text.Json;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>
/// A business rule task with zeebe:calledDecision evaluates the deployed decision when it runs, routes on the result,
/// writes the evaluation to the journal, and stops with an incident naming the decision when it cannot decide.
/// </summary>
public sealed class BusinessRuleTaskTests
{
    private static InMemoryEngine EngineWithFees(string? process = null)
    {
        var engine = new InMemoryEngine();
        engine.DeployDecisions(DecisionModels.FeeTable());
        engine.Deploy(process ?? DecisionModels.FeeProcess());
        return engine;
    }

    [Theory]
    [InlineData(500, "privat", 30, false)]
    [InlineData(500, "gewerblich", 80, true)]
    [InlineData(20, "privat", 10, false)]
    public void The_instance_routes_on_the_decisions_result(int betrag, string art, int gebuehr, bool waitsForClerk)
    {
        var engine = EngineWithFees();

        var instance = engine.Start(DecisionModels.ProcessId, ("betrag", betrag), ("art", art));

        Assert.True(instance.Variables.TryGetValue("gebuehr", out var result));
        Assert.Equal(FeelValue.FromNumber(gebuehr), result);
        Assert.Equal(waitsForClerk ? InstanceStatus.Active : InstanceStatus.Completed, instance.Status);
        Assert.Equal(waitsForClerk, engine.OpenTasks(instance.Key).Any(t => t.ElementId == "pruefen"));
    }

    [Fact]
    public void Every_evaluation_goes_to_the_journal_with_inputs_matched_rules_and_outputs()
    {
        var engine = EngineWithFees();

        engine.Start(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));

        var evaluated = Assert.Single(engine.Events, e => e.Kind == JournalEventKind.DecisionEvaluated);
        Assert.Equal("gebuehr_bestimmen", evaluated.ElementId);
        using var detail = JsonDocument.Parse(evaluated.Detail!);
        var root = detail.RootElement;
        Assert.Equal(DecisionModels.DecisionId, root.GetProperty("decisionId").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(30, root.GetProperty("output").GetInt32());
        var decision = Assert.Single(root.GetProperty("evaluatedDecisions").EnumerateArray());
        Assert.Equal(["in_betrag=500", "in_art=\"privat\""],
            decision.GetProperty("inputs").EnumerateArray().Select(i => $"{i.GetProperty("inputId").GetString()}={i.GetProperty("value").GetRawText()}"));
        var rule = Assert.Single(decision.GetProperty("matchedRules").EnumerateArray());
        Assert.Equal(("r3", 3), (rule.GetProperty("ruleId").GetString(), rule.GetProperty("ruleIndex").GetInt32()));
        var output = Assert.Single(rule.GetProperty("outputs").EnumerateArray());
        Assert.Equal(("gebuehr", 30), (output.GetProperty("outputName").GetString(), output.GetProperty("value").GetInt32()));
    }

    [Fact]
    public void Two_matching_rules_of_a_unique_table_are_an_incident_naming_decision_rules_and_inputs()
    {
        var engine = EngineWithFees();

        var instance = engine.Start(DecisionModels.ProcessId, ("betrag", 500), ("art", "beides"));

        var element = Assert.Single(instance.Elements);
        Assert.Equal("gebuehr_bestimmen", element.ElementId);
        var incident = element.Incident!;
        Assert.Equal(IncidentErrorType.DecisionEvaluation, incident.ErrorType);
        Assert.Contains("'gebuehr'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Rules: r2, r3", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Art = \"beides\"", incident.Message, StringComparison.Ordinal);
        Assert.False(instance.Variables.Contains("gebuehr"));
    }

    [Fact]
    public void A_type_error_is_an_incident_naming_the_decision_and_the_input_never_a_null_that_routes()
    {
        var engine = EngineWithFees();

        var instance = engine.Start(DecisionModels.ProcessId, ("betrag", "viel"), ("art", "privat"));

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.DecisionEvaluation, incident.ErrorType);
        Assert.Contains("'gebuehr'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("Betrag", incident.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Active, instance.Status);
    }

    [Fact]
    public void A_decision_not_deployed_yet_is_an_incident_and_resolving_it_after_deploying_completes_the_task()
    {
        var engine = new InMemoryEngine();
        engine.Deploy(DecisionModels.FeeProcess());

        var instance = engine.Start(DecisionModels.ProcessId, ("betrag", 20), ("art", "privat"));

        var incident = Assert.Single(instance.Elements).Incident!;
        Assert.Equal(IncidentErrorType.CalledDecision, incident.ErrorType);
        Assert.Contains("'gebuehr', which is not deployed", incident.Message, StringComparison.Ordinal);

        engine.DeployDecisions(DecisionModels.FeeTable());
        instance = engine.ResolveIncident(instance.Key, incident.Key);

        Assert.Equal(InstanceStatus.Completed, instance.Status);
        Assert.True(instance.Variables.TryGetValue("gebuehr", out var gebuehr));
        Assert.Equal(FeelValue.FromNumber(10), gebuehr);
        Assert.Equal(2, engine.Decisions.Lookups);
    }

    [Fact]
    public void The_decision_id_may_be_an_expression_and_sees_the_task_input_mappings_and_output_mappings_apply()
    {
        var engine = EngineWithFees(DecisionModels.FeeProcess("""
            <zeebe:calledDecision decisionId="=welche" resultVariable="ergebnis" />
            <zeebe:ioMapping>
              <zeebe:input source="=antrag.summe" target="betrag" />
              <zeebe:input source="=antrag.art" target="art" />
              <zeebe:output source="=ergebnis" target="gebuehr" />
            </zeebe:ioMapping>
            """));

        var instance = engine.Start(DecisionModels.ProcessId, ("welche", "gebuehr"),
            ("antrag", new Dictionary<string, object?> { ["summe"] = 500, ["art"] = "gewerblich" }));

        Assert.True(instance.Variables.TryGetValue("gebuehr", out var gebuehr));
        Assert.Equal(FeelValue.FromNumber(80), gebuehr);
        Assert.False(instance.Variables.Contains("betrag"));
        Assert.False(instance.Variables.Contains("ergebnis"));
        Assert.Equal(InstanceStatus.Active, instance.Status);
    }

    [Fact]
    public void A_version_tag_binding_takes_the_version_with_that_tag_and_a_missing_tag_is_an_incident()
    {
        var engine = new InMemoryEngine();
        engine.DeployDecisions(DecisionModels.FeeTable(versionTag: "2025", privateFee: 25));
        engine.DeployDecisions(DecisionModels.FeeTable(versionTag: "2026", privateFee: 30));
        engine.Deploy(DecisionModels.FeeProcess("""<zeebe:calledDecision decisionId="gebuehr" resultVariable="gebuehr" bindingType="versionTag" versionTag="2025" />"""));

        var instance = engine.Start(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));

        Assert.True(instance.Variables.TryGetValue("gebuehr", out var gebuehr));
        Assert.Equal(FeelValue.FromNumber(25), gebuehr);

        engine.Deploy(DecisionModels.FeeProcess("""<zeebe:calledDecision decisionId="gebuehr" resultVariable="gebuehr" bindingType="versionTag" versionTag="2027" />"""));
        var missing = engine.Start(DecisionModels.ProcessId, ("betrag", 500), ("art", "privat"));
        var incident = Assert.Single(missing.Elements).Incident!;
        Assert.Equal(IncidentErrorType.CalledDecision, incident.ErrorType);
        Assert.Contains("version tag '2027'", incident.Message, StringComparison.Ordinal);
    }
}
