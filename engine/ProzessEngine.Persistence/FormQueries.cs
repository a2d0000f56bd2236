using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Persistence;

public sealed record FormSummaryView(long FormKey, string FormId, int Version, string ResourceName, string TenantId, DateTimeOffset CreatedAt);

/// <summary>Read side for deployed forms (the designer's form editor lists and opens them).</summary>
public sealed class FormQueries(EngineDatabase database)
{
    /// <summary>Deployed form versions of the given tenants that match the query, evaluated by the database.</summary>
    public async Task<PagedResult<FormSummaryView>> SearchAsync(IReadOnlyCollection<string> tenantIds, SearchQuery query,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        var search = SearchContext.For(database, context);
        var schema = SearchSchemas.FormSchema;
        var rows = schema.Filter(context.Forms.AsNoTracking().Where(f => tenants.Contains(f.TenantId)), query, search);
        var total = await rows.CountAsync(cancellationToken);
        var items = await schema.Sort(rows, query, search).Skip(query.Page.From).Take(query.Page.Limit)
            .Select(f => new FormSummaryView(f.Key, f.FormId, f.Version, f.ResourceName, f.TenantId, f.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<FormSummaryView>(items, total);
    }

    /// <summary>The form version, if it belongs to one of the tenants.</summary>
    public async Task<FormView?> GetAsync(long formKey, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.Forms.AsNoTracking().Where(f => f.Key == formKey && tenants.Contains(f.TenantId))
            .Select(f => new FormView(f.Key, f.FormId, f.Version, f.Schema, f.TenantId)).SingleOrDefaultAsync(cancellationToken);
    }

    private static List<string> Tenants(IReadOnlyCollection<string> tenantIds)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        return tenantIds.Count > 0 ? [.. tenantIds.Distinct(StringComparer.Ordinal)] : throw new ArgumentException("No tenant given.", nameof(tenantIds));
    }
}
