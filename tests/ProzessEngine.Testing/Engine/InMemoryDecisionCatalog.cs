using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Dmn;

namespace ProzessEngine.Testing.Engine;

/// <summary>
/// Deployed decisions in memory, for the in-memory engine: each deployment of changed DMN text makes a new version of
/// its graph and of every decision in it, as Persistence does. Keys start at 5000 so they stay apart from processes'.
/// </summary>
public sealed class InMemoryDecisionCatalog : IDecisionCatalog
{
    private readonly List<(DeployedDecision Decision, string Xml, string? VersionTag)> _versions = [];
    private long _nextKey = 5000;

    /// <summary>How often the runtime asked, to show that a missing decision is looked for again.</summary>
    public int Lookups { get; private set; }

    public IReadOnlyList<DeployedDecision> Deploy(string xml)
    {
        var result = DmnParser.Parse(xml);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("The decision model does not parse: "
                + string.Join("; ", result.Diagnostics.Select(d => $"{d.ElementId} {d.Line}:{d.Column} {d.Message}")));
        }

        var model = result.Model!;
        if (_versions.LastOrDefault(v => v.Decision.DecisionRequirementsId == model.Id) is { Xml: { } latestXml } latest && latestXml == xml)
        {
            return [.. _versions.Where(v => v.Decision.DecisionRequirementsKey == latest.Decision.DecisionRequirementsKey).Select(v => v.Decision)];
        }

        var graphKey = _nextKey++;
        var deployed = new List<DeployedDecision>();
        foreach (var info in model.Decisions)
        {
            var version = _versions.Count(v => v.Decision.DecisionId == info.Id) + 1;
            var decision = new DeployedDecision(_nextKey++, info.Id, info.Name, version, "<default>", graphKey, model.Id, model);
            _versions.Add((decision, xml, info.VersionTag));
            deployed.Add(decision);
        }

        return deployed;
    }

    public DeployedDecision? Find(DeployedProcess process, string decisionId, BindingType binding, string? versionTag)
    {
        Lookups++;
        var versions = _versions.Where(v => v.Decision.DecisionId == decisionId);
        if (binding == BindingType.VersionTag)
        {
            versions = versions.Where(v => v.VersionTag == versionTag);
        }

        // In memory a process's deployment is not tracked apart: the deployment binding takes the latest version, too.
        return versions.Select(v => v.Decision).LastOrDefault();
    }
}
