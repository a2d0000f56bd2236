using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Dmn;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>A version of a decision requirements graph (a .dmn file) in a deployment.</summary>
public sealed record DeployedDecisionRequirements(long Key, string DecisionRequirementsId, string? Name, int Version, string ResourceName, string TenantId,
    bool IsNew);

/// <summary>A version of a decision in a deployment, with the graph version it belongs to.</summary>
public sealed record DeployedDecisionDefinition(long Key, string DecisionId, string? Name, int Version, string? VersionTag, long DecisionRequirementsKey,
    string DecisionRequirementsId, string TenantId, bool IsNew);

/// <summary>A .dmn resource read and parsed for a deployment.</summary>
internal sealed record DmnResource(DeploymentResource Resource, string Xml, DmnModel Model);

/// <summary>
/// DMN files in a deployment: parsed (every diagnostic becomes a problem with element, line and column), checked for ids
/// given twice, and versioned like processes: a graph whose content changed becomes version n+1 and so does each of its
/// decisions; identical content keeps its versions.
/// </summary>
internal static class DecisionDeployment
{
    public static bool IsDmn(string name) => name.EndsWith(".dmn", StringComparison.OrdinalIgnoreCase);

    public static void Read(DeploymentResource resource, FeelEngine feel, List<DmnResource> decisions, List<DeploymentProblem> problems)
    {
        string xml;
        try
        {
            xml = new UTF8Encoding(false, true).GetString(resource.Content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, "The decision model is not valid UTF-8 text."));
            return;
        }

        // The host's FEEL engine: its clock, time zone, limits and functions (working days) hold in decisions too.
        var result = DmnParser.Parse(xml, feel, []);
        foreach (var diagnostic in result.Diagnostics)
        {
            problems.Add(new DeploymentProblem(resource.Name, diagnostic.ElementId, diagnostic.Message,
                diagnostic.Line > 0 ? diagnostic.Line : null, diagnostic.Column > 0 ? diagnostic.Column : null));
        }

        if (result.Model is { } model && result.Diagnostics.Count == 0)
        {
            decisions.Add(new DmnResource(resource, xml, model));
        }
        else if (result.Diagnostics.Count == 0)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, "The decision model could not be read."));
        }
    }

    /// <summary>A decision id names one decision of one graph in a tenant: the same id in two graphs could not be called unambiguously.</summary>
    public static void CheckIds(List<DmnResource> decisions, List<DeploymentProblem> problems)
    {
        foreach (var group in decisions.GroupBy(d => d.Model.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(group.First().Resource.Name, group.Key,
                $"The decision requirements id '{group.Key}' occurs in more than one resource of this deployment ({string.Join(", ", group.Select(g => g.Resource.Name))})."));
        }

        foreach (var group in decisions.SelectMany(d => d.Model.Decisions.Select(x => (d.Resource.Name, x.Id))).GroupBy(x => x.Id, StringComparer.Ordinal)
                     .Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(group.First().Name, group.Key,
                $"The decision id '{group.Key}' occurs in more than one resource of this deployment ({string.Join(", ", group.Select(g => g.Name))})."));
        }
    }

    /// <summary>
    /// A decision bound with bindingType="deployment" must come with the process, as in Camunda 8; any other binding is
    /// resolved when the task runs (a missing decision is an incident then).
    /// </summary>
    public static void CheckReferences(IEnumerable<(string Resource, Bpmn.Model.ProcessModel Model)> models, List<DmnResource> decisions,
        List<DeploymentProblem> problems)
    {
        var inDeployment = decisions.SelectMany(d => d.Model.Decisions).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (resource, model) in models)
        {
            foreach (var task in model.Nodes.Values.OfType<Bpmn.Model.BusinessRuleTask>())
            {
                if (task.Decision is { Binding: Bpmn.Model.BindingType.Deployment, DecisionId: { IsExpression: false } id }
                    && !inDeployment.Contains(id.Text.Trim()))
                {
                    problems.Add(new DeploymentProblem(resource, task.Id,
                        $"The business rule task calls the decision '{id.Text.Trim()}' with bindingType=\"deployment\", so the decision must be part of this deployment."));
                }
            }
        }
    }

    public static async Task<(IReadOnlyList<DeployedDecisionRequirements> Graphs, IReadOnlyList<DeployedDecisionDefinition> Decisions)> StoreAsync(
        EngineDbContext context, List<DmnResource> resources, DeploymentEntity deployment, UnchangedMeans unchanged, Core.IKeyGenerator keys,
        CancellationToken cancellationToken)
    {
        var graphs = new List<DeployedDecisionRequirements>();
        var decisions = new List<DeployedDecisionDefinition>();
        var tenantId = deployment.TenantId;
        var problems = new List<DeploymentProblem>();
        foreach (var (resource, xml, model) in resources)
        {
            // A decision id already deployed in another graph would make "the latest version of X" two different decisions.
            var ids = model.Decisions.Select(d => d.Id).ToList();
            var elsewhere = await context.DecisionDefinitions.AsNoTracking()
                .Where(d => d.TenantId == tenantId && ids.Contains(d.DecisionId) && d.DecisionRequirementsId != model.Id)
                .Select(d => new { d.DecisionId, d.DecisionRequirementsId }).Distinct().ToListAsync(cancellationToken);
            foreach (var clash in elsewhere)
            {
                problems.Add(new DeploymentProblem(resource.Name, clash.DecisionId,
                    $"The decision id '{clash.DecisionId}' is already deployed in the decision requirements '{clash.DecisionRequirementsId}'. "
                    + "A decision id belongs to one graph; rename the decision or deploy it in its graph."));
            }
        }

        if (problems.Count > 0)
        {
            throw new DeploymentRejectedException(problems);
        }

        foreach (var (resource, xml, model) in resources)
        {
            var checksum = Convert.ToHexStringLower(SHA256.HashData(resource.Content));
            var latest = await context.DecisionRequirements.AsNoTracking()
                .Where(d => d.TenantId == tenantId && d.DecisionRequirementsId == model.Id)
                .OrderByDescending(d => d.Version)
                .FirstOrDefaultAsync(cancellationToken);
            var kept = latest?.Checksum == checksum ? latest : null;
            if (kept is null && unchanged == UnchangedMeans.SameAsLastFromThisSource)
            {
                var fromSource = await context.DecisionRequirements.AsNoTracking()
                    .Where(d => d.TenantId == tenantId && d.DecisionRequirementsId == model.Id
                                && context.Deployments.Any(x => x.Key == d.DeploymentKey && x.CreatedBy == deployment.CreatedBy))
                    .OrderByDescending(d => d.Version)
                    .FirstOrDefaultAsync(cancellationToken);
                kept = fromSource?.Checksum == checksum ? fromSource : null;
            }

            if (kept is not null)
            {
                graphs.Add(new(kept.Key, kept.DecisionRequirementsId, kept.Name, kept.Version, kept.ResourceName, tenantId, false));
                var keptKey = kept.Key;
                decisions.AddRange(await context.DecisionDefinitions.AsNoTracking().Where(d => d.DecisionRequirementsKey == keptKey)
                    .Select(d => new DeployedDecisionDefinition(d.Key, d.DecisionId, d.Name, d.Version, d.VersionTag, d.DecisionRequirementsKey,
                        d.DecisionRequirementsId, tenantId, false))
                    .ToListAsync(cancellationToken));
                continue;
            }

            var graph = new DecisionRequirementsEntity
            {
                Key = keys.NextKey(),
                DecisionRequirementsId = model.Id,
                Name = NullIfBlank(model.Name),
                Version = (latest?.Version ?? 0) + 1,
                TenantId = tenantId,
                ResourceName = resource.Name,
                Xml = xml,
                Checksum = checksum,
                DeploymentKey = deployment.Key,
                CreatedAt = deployment.CreatedAt,
            };
            context.DecisionRequirements.Add(graph);
            graphs.Add(new(graph.Key, graph.DecisionRequirementsId, graph.Name, graph.Version, graph.ResourceName, tenantId, true));
            foreach (var info in model.Decisions)
            {
                var latestVersion = await context.DecisionDefinitions.AsNoTracking()
                    .Where(d => d.TenantId == tenantId && d.DecisionId == info.Id)
                    .MaxAsync(d => (int?)d.Version, cancellationToken) ?? 0;
                var decision = new DecisionDefinitionEntity
                {
                    Key = keys.NextKey(),
                    DecisionId = info.Id,
                    Name = NullIfBlank(info.Name),
                    Version = latestVersion + 1,
                    VersionTag = NullIfBlank(info.VersionTag),
                    TenantId = tenantId,
                    DecisionRequirementsKey = graph.Key,
                    DecisionRequirementsId = graph.DecisionRequirementsId,
                    DeploymentKey = deployment.Key,
                    CreatedAt = deployment.CreatedAt,
                };
                context.DecisionDefinitions.Add(decision);
                decisions.Add(new(decision.Key, decision.DecisionId, decision.Name, decision.Version, decision.VersionTag, graph.Key, graph.DecisionRequirementsId,
                    tenantId, true));
            }
        }

        return (graphs, decisions);
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
