using ProzessEngine.Bpmn.Model;
using ProzessEngine.Dmn;

namespace ProzessEngine.Core;

/// <summary>
/// One deployed version of a decision, with the parsed decision requirements graph it belongs to (which evaluates it
/// and the decisions it requires).
/// </summary>
public sealed record DeployedDecision(
    long Key,
    string DecisionId,
    string? Name,
    int Version,
    string TenantId,
    long DecisionRequirementsKey,
    string DecisionRequirementsId,
    DmnModel Model);

/// <summary>
/// The deployed decisions, as far as a business rule task needs them when it runs: as in Camunda 8 the decision is
/// looked up then, so a process may be deployed before its decision. The runtime calls this synchronously while it runs
/// a command; answers come from what the host already knows wherever it can.
/// </summary>
public interface IDecisionCatalog
{
    /// <summary>
    /// The version of <paramref name="decisionId"/> that fits the binding for <paramref name="process"/> (latest, the one
    /// deployed with the process, or the latest with <paramref name="versionTag"/>); null when none is deployed.
    /// </summary>
    DeployedDecision? Find(DeployedProcess process, string decisionId, BindingType binding, string? versionTag);
}
