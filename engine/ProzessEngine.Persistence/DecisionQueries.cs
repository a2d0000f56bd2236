using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Persistence;

/// <summary>A deployed decision version, with Camunda 8's field names.</summary>
public sealed record DecisionDefinitionView(
    long DecisionDefinitionKey,
    string DecisionDefinitionId,
    string? Name,
    int Version,
    string? VersionTag,
    long DecisionRequirementsKey,
    string DecisionRequirementsId,
    string TenantId);

/// <summary>A deployed version of a decision requirements graph (a .dmn file), with Camunda 8's field names.</summary>
public sealed record DecisionRequirementsView(
    long DecisionRequirementsKey,
    string DecisionRequirementsId,
    string? DecisionRequirementsName,
    int Version,
    string ResourceName,
    string TenantId);

/// <summary>The read side of deployed decisions: searches, single versions and their XML, always within the caller's tenants.</summary>
public sealed class DecisionQueries(EngineDatabase database)
{
    public async Task<PagedResult<DecisionDefinitionView>> SearchDefinitionsAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var schema = SearchSchemas.DecisionDefinitionSchema;
        var search = SearchContext.For(database, context);
        var rows = schema.Filter(context.DecisionDefinitions.AsNoTracking().Where(d => tenants.Contains(d.TenantId)), query, search);
        var total = await rows.CountAsync(cancellationToken);
        var items = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(d => new DecisionDefinitionView(d.Key, d.DecisionId, d.Name, d.Version, d.VersionTag, d.DecisionRequirementsKey, d.DecisionRequirementsId,
                d.TenantId))
            .ToListAsync(cancellationToken);
        return new PagedResult<DecisionDefinitionView>(items, total);
    }

    public async Task<DecisionDefinitionView?> GetDefinitionAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.DecisionDefinitions.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Select(d => new DecisionDefinitionView(d.Key, d.DecisionId, d.Name, d.Version, d.VersionTag, d.DecisionRequirementsKey, d.DecisionRequirementsId,
                d.TenantId))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The latest version of a decision in a tenant, as an evaluation by id takes it.</summary>
    public async Task<DecisionDefinitionView?> GetLatestDefinitionAsync(string decisionId, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.DecisionDefinitions.AsNoTracking().Where(d => d.DecisionId == decisionId && d.TenantId == tenantId)
            .OrderByDescending(d => d.Version)
            .Select(d => new DecisionDefinitionView(d.Key, d.DecisionId, d.Name, d.Version, d.VersionTag, d.DecisionRequirementsKey, d.DecisionRequirementsId,
                d.TenantId))
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The decision versions deployed with one graph version (the caller checked the graph's tenant).</summary>
    public async Task<IReadOnlyList<DecisionDefinitionView>> GetDefinitionsOfRequirementsAsync(long decisionRequirementsKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.DecisionDefinitions.AsNoTracking().Where(d => d.DecisionRequirementsKey == decisionRequirementsKey)
            .Select(d => new DecisionDefinitionView(d.Key, d.DecisionId, d.Name, d.Version, d.VersionTag, d.DecisionRequirementsKey, d.DecisionRequirementsId,
                d.TenantId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The XML of the graph the decision version belongs to (a decision has no file of its own).</summary>
    public async Task<string?> GetDefinitionXmlAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.DecisionDefinitions.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Join(context.DecisionRequirements, d => d.DecisionRequirementsKey, r => r.Key, (_, r) => r.Xml)
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<PagedResult<DecisionRequirementsView>> SearchRequirementsAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var schema = SearchSchemas.DecisionRequirementsSchema;
        var search = SearchContext.For(database, context);
        var rows = schema.Filter(context.DecisionRequirements.AsNoTracking().Where(d => tenants.Contains(d.TenantId)), query, search);
        var total = await rows.CountAsync(cancellationToken);
        var items = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(d => new DecisionRequirementsView(d.Key, d.DecisionRequirementsId, d.Name, d.Version, d.ResourceName, d.TenantId))
            .ToListAsync(cancellationToken);
        return new PagedResult<DecisionRequirementsView>(items, total);
    }

    public async Task<DecisionRequirementsView?> GetRequirementsAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.DecisionRequirements.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Select(d => new DecisionRequirementsView(d.Key, d.DecisionRequirementsId, d.Name, d.Version, d.ResourceName, d.TenantId))
            .SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<string?> GetRequirementsXmlAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.DecisionRequirements.AsNoTracking().Where(d => d.Key == key && tenants.Contains(d.TenantId))
            .Select(d => d.Xml).SingleOrDefaultAsync(cancellationToken);
    }

    private static List<string> Tenants(IReadOnlyCollection<string> tenantIds)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        return tenantIds.Count > 0 ? [.. tenantIds.Distinct(StringComparer.Ordinal)] : throw new ArgumentException("No tenant given.", nameof(tenantIds));
    }
}
