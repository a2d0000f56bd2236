using System.Globalization;
using System.Text;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Dmn;

namespace ProzessEngine.Core.Behaviors;

/// <summary>
/// A business rule task with zeebe:calledDecision: looks the decision up now (a decision deployed after the process is
/// found, as in Camunda 8), evaluates it with the variables the task sees (after its input mappings), writes the
/// evaluation to the journal and delivers the output as the result variable. A decision that is missing or fails is an
/// incident; resolving it looks up and evaluates again.
/// </summary>
internal sealed class BusinessRuleTaskBehavior : IElementBehavior
{
    /// <summary>An incident message quotes inputs; a long text or list is cut so the message stays readable.</summary>
    private const int MaxQuotedValueLength = 200;

    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var called = ((BusinessRuleTask)node).Decision!;
        var decisionId = context.EvaluateString(called.DecisionId, element, "decision id");
        var decision = context.Services.Decisions?.Find(context.Process, decisionId, called.Binding, called.VersionTag);
        if (decision is null)
        {
            var which = called.Binding switch
            {
                BindingType.Deployment => " in the deployment of this process",
                BindingType.VersionTag => $" with the version tag '{called.VersionTag}'",
                _ => "",
            };
            throw new IncidentException(IncidentErrorType.CalledDecision,
                $"The business rule task calls the decision '{decisionId}', which is not deployed{which}. Deploy the decision, then resolve the incident.");
        }

        var result = decision.Model.Evaluate(decision.DecisionId, context.VariablesAt(element), CancellationToken.None);
        context.Record(JournalEventKind.DecisionEvaluated, node.Id, element.Key, DecisionAudit.ToJson(decision, result));
        if (result.Failure is { } failure)
        {
            throw new IncidentException(IncidentErrorType.DecisionEvaluation, Describe(decision, result, failure));
        }

        context.MergeCompletionVariables(element, node, [new(called.ResultVariable, result.Output)]);
        context.Complete(element);
    }

    /// <summary>Names the decision, the failing decision of the graph, the rules and the inputs, so the clerk sees what to fix.</summary>
    private static string Describe(DeployedDecision decision, DecisionEvaluationResult result, DecisionEvaluationFailure failure)
    {
        var message = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"The decision '{decision.DecisionId}' (version {decision.Version} of '{decision.DecisionRequirementsId}') failed");
        if (failure.DecisionId != decision.DecisionId)
        {
            message.Append(CultureInfo.InvariantCulture, $" in the required decision '{failure.DecisionId}'");
        }

        message.Append(": ").Append(failure.Message.TrimEnd('.')).Append('.');
        if (failure.RuleIds.Count > 0)
        {
            message.Append(" Rules: ").AppendJoin(", ", failure.RuleIds).Append('.');
        }

        var failed = result.EvaluatedDecisions.LastOrDefault(d => d.DecisionId == failure.DecisionId);
        if (failed is { Inputs.Count: > 0 })
        {
            message.Append(" Inputs: ").AppendJoin(", ", failed.Inputs.Select(i => $"{Label(i.InputName, i.InputId)} = {Quote(i.Value)}")).Append('.');
        }

        return message.ToString();
    }

    private static string Label(string name, string id) => string.IsNullOrWhiteSpace(name) ? id : name;

    private static string Quote(Feel.FeelValue value)
    {
        var text = Feel.FeelJson.ToJsonString(value);
        return text.Length <= MaxQuotedValueLength ? text : string.Concat(text.AsSpan(0, MaxQuotedValueLength), "…");
    }
}
