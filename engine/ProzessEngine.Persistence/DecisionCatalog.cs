using System.Collections.Concurrent;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Dmn;

namespace ProzessEngine.Persistence;

/// <summary>
/// Finds the decision a business rule task calls, when the task runs. The latest version (and the latest with a
/// version tag) may change with any deployment on any node, so it is one indexed query each time; what a deployment
/// binding pins never changes and is kept. A graph's XML is parsed once per version: versions are never changed.
/// The runtime calls this synchronously while it runs a command.
/// </summary>
public sealed class DecisionCatalog(EngineDatabase database) : IDecisionCatalog
{
    private readonly ConcurrentDictionary<long, DmnModel> _models = new();
    private readonly ConcurrentDictionary<(long DefinitionKey, string DecisionId), DeployedDecision> _byDeployment = new();

    public DeployedDecision? Find(DeployedProcess process, string decisionId, BindingType binding, string? versionTag)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(decisionId);
        if (binding == BindingType.Deployment && _byDeployment.TryGetValue((process.Key, decisionId), out var pinned))
        {
            return pinned;
        }

        using var context = database.CreateContext();
        var versions = context.DecisionDefinitions.Where(d => d.TenantId == process.TenantId && d.DecisionId == decisionId);
        Entities.DecisionDefinitionEntity? row;
        switch (binding)
        {
            case BindingType.Deployment:
                {
                    var deployment = context.ProcessDefinitions.Where(d => d.Key == process.Key).Select(d => new { d.DeploymentKey, d.CreatedAt }).Single();

                    // The decision stored with the process's deployment; one deployed unchanged kept its earlier version,
                    // and then it is the latest version stored up to that deployment (by time: keys of one millisecond are in no order).
                    row = versions.Where(d => d.DeploymentKey == deployment.DeploymentKey).OrderByDescending(d => d.Version).FirstOrDefault()
                        ?? versions.Where(d => d.CreatedAt <= deployment.CreatedAt).OrderByDescending(d => d.Version).FirstOrDefault();
                    break;
                }

            case BindingType.VersionTag:
                row = versions.Where(d => d.VersionTag == versionTag).OrderByDescending(d => d.Version).FirstOrDefault();
                break;
            default:
                row = versions.OrderByDescending(d => d.Version).FirstOrDefault();
                break;
        }

        if (row is null)
        {
            return null;
        }

        var decision = new DeployedDecision(row.Key, row.DecisionId, row.Name, row.Version, row.TenantId, row.DecisionRequirementsKey, row.DecisionRequirementsId,
            ModelOf(row.DecisionRequirementsKey, context));
        if (binding == BindingType.Deployment)
        {
            _byDeployment.TryAdd((process.Key, decisionId), decision);
        }

        return decision;
    }

    /// <summary>The parsed graph of a stored version (the API's evaluation uses it too).</summary>
    public DmnModel ModelOf(long decisionRequirementsKey)
    {
        if (_models.TryGetValue(decisionRequirementsKey, out var model))
        {
            return model;
        }

        using var context = database.CreateContext();
        return ModelOf(decisionRequirementsKey, context);
    }

    private DmnModel ModelOf(long decisionRequirementsKey, EngineDbContext context)
    {
        if (_models.TryGetValue(decisionRequirementsKey, out var model))
        {
            return model;
        }

        var xml = context.DecisionRequirements.Where(d => d.Key == decisionRequirementsKey).Select(d => d.Xml).Single();
        var parsed = DmnParser.Parse(xml);

        // A stored version passed the same parser at deployment; failing now means the parser changed under it.
        var parsedModel = parsed.Model ?? throw new InvalidOperationException(
            $"The stored decision requirements {decisionRequirementsKey} no longer parse: {string.Join("; ", parsed.Diagnostics.Select(d => $"{d.ElementId}: {d.Message}"))}");
        return _models.GetOrAdd(decisionRequirementsKey, parsedModel);
    }
}
