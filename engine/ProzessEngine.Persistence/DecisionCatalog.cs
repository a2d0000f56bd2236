using System.Collections.Concurrent;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Dmn;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence;

/// <summary>
/// Finds the decision a business rule task calls, when the task runs. What a deployment binding pins never changes and
/// is kept. The latest version (and the latest with a version tag) is kept for <see cref="Freshness"/>: a deployment
/// on this node replaces it at once (<see cref="OnDeployed"/>), one on another node is seen within that time, as
/// Camunda 8 distributes a deployment to its partitions after the fact. A decision not found is never kept, so a task
/// whose incident is resolved after the deployment finds it. A graph's XML is parsed once per version: versions are
/// never changed. The runtime calls this synchronously while it runs a command; asking the database every time made a
/// business rule task cost a third of a straight-through instance on PostgreSQL.
/// </summary>
public sealed class DecisionCatalog(EngineDatabase database, TimeProvider? clock = null, FeelEngine? feel = null) : IDecisionCatalog, IDeploymentListener
{
    /// <summary>How long this node answers "latest" from memory when another node may have deployed a newer version.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(2);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ConcurrentDictionary<long, DmnModel> _models = new();
    private readonly ConcurrentDictionary<(long DefinitionKey, string DecisionId), DeployedDecision> _byDeployment = new();
    private readonly ConcurrentDictionary<(string TenantId, string DecisionId, string? VersionTag), (DeployedDecision Decision, DateTimeOffset Until)> _latest = new();

    public DeployedDecision? Find(DeployedProcess process, string decisionId, BindingType binding, string? versionTag)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(decisionId);
        if (binding == BindingType.Deployment && _byDeployment.TryGetValue((process.Key, decisionId), out var pinned))
        {
            return pinned;
        }

        var latestKey = (process.TenantId, decisionId, binding == BindingType.VersionTag ? versionTag : null);
        if (binding != BindingType.Deployment && _latest.TryGetValue(latestKey, out var known) && known.Until > _clock.GetUtcNow())
        {
            return known.Decision;
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
        else
        {
            _latest[latestKey] = (decision, _clock.GetUtcNow() + Freshness);
        }

        return decision;
    }

    /// <summary>A new version deployed on this node is the latest at once.</summary>
    public void OnDeployed(DeploymentResult deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        foreach (var decision in deployment.Decisions.Where(d => d.IsNew))
        {
            foreach (var key in _latest.Keys.Where(k => k.TenantId == decision.TenantId && k.DecisionId == decision.DecisionId))
            {
                _latest.TryRemove(key, out _);
            }
        }
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
        var parsed = feel is null ? DmnParser.Parse(xml) : DmnParser.Parse(xml, feel, []);

        // A stored version passed the same parser at deployment; failing now means the parser changed under it.
        var parsedModel = parsed.Model ?? throw new InvalidOperationException(
            $"The stored decision requirements {decisionRequirementsKey} no longer parse: {string.Join("; ", parsed.Diagnostics.Select(d => $"{d.ElementId}: {d.Message}"))}");
        return _models.GetOrAdd(decisionRequirementsKey, parsedModel);
    }
}
