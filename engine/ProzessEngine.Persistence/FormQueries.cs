using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence;

public sealed record FormSummaryView(long FormKey, string FormId, int Version, string ResourceName, string TenantId, DateTimeOffset CreatedAt);

/// <summary>Read side for deployed forms (the designer's form editor lists and opens them).</summary>
public sealed class FormQueries(EngineDatabase database)
{
    public async Task<PagedResult<FormSummaryView>> SearchAsync(string tenantId, string? formId, bool latestOnly, Page page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var context = database.CreateContext();
        var query = context.Forms.AsNoTracking().Where(f => f.TenantId == tenantId);
        if (!string.IsNullOrEmpty(formId))
        {
            query = query.Where(f => f.FormId == formId);
        }

        if (latestOnly)
        {
            query = query.Where(f => f.Version == context.Forms.Where(o => o.TenantId == f.TenantId && o.FormId == f.FormId).Max(o => o.Version));
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(f => f.FormId).ThenByDescending(f => f.Version).Skip(page.From).Take(page.Limit)
            .Select(f => new FormSummaryView(f.Key, f.FormId, f.Version, f.ResourceName, f.TenantId, f.CreatedAt))
            .ToListAsync(cancellationToken);
        return new PagedResult<FormSummaryView>(items, total);
    }

    public async Task<FormView?> GetAsync(long formKey, string tenantId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.Forms.AsNoTracking().Where(f => f.Key == formKey && f.TenantId == tenantId)
            .Select(f => new FormView(f.Key, f.FormId, f.Version, f.Schema, f.TenantId)).SingleOrDefaultAsync(cancellationToken);
    }
}
