using Microsoft.EntityFrameworkCore;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>PLANNED before it starts, ACTIVE while it runs, ENDED afterwards (or once ended early).</summary>
public static class SubstitutionStates
{
    public const string Planned = "PLANNED";
    public const string Active = "ACTIVE";
    public const string Ended = "ENDED";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Planned, Active, Ended };

    public static string Of(DateTimeOffset from, DateTimeOffset until, DateTimeOffset now) =>
        now < from ? Planned : now < until ? Active : Ended;
}

/// <summary>
/// A substitution as the API shows it. <see cref="AbsentUserGroups"/> are the absent person's groups as of their last
/// sign-in: the group tasks the deputies see while it runs.
/// </summary>
public sealed record SubstitutionView(long SubstitutionKey, string AbsentUserId, IReadOnlyList<string> Deputies, DateTimeOffset From, DateTimeOffset To,
    string State, string CreatedBy, DateTimeOffset CreatedAt, string TenantId, IReadOnlyList<string> AbsentUserGroups);

/// <summary>Whom a deputy stands in for right now, with that person's groups.</summary>
public sealed record Deputyship(string AbsentUserId, IReadOnlyList<string> Groups);

/// <summary>Which substitutions to list: null fields do not filter; <see cref="Involving"/> keeps those with that person as absent or deputy.</summary>
public sealed record SubstitutionFilter(string? AbsentUserId = null, string? DeputyId = null, string? State = null, string? Involving = null);

/// <summary>Substitutions (Vertretungen) and the people whose groups they need: create, list, end, and who stands in for whom now.</summary>
public sealed class Substitutions(EngineDatabase database, IKeyGenerator keys, TimeProvider clock)
{
    /// <summary>How many deputies one substitution may name.</summary>
    public const int MaxDeputies = 10;

    public async Task<SubstitutionView> CreateAsync(string tenantId, string absentUserId, IReadOnlyList<string> deputies, DateTimeOffset from,
        DateTimeOffset until, string createdBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deputies);
        var entity = new SubstitutionEntity
        {
            Key = keys.NextKey(),
            TenantId = tenantId,
            AbsentUserId = absentUserId,
            From = from,
            Until = until,
            CreatedBy = createdBy,
            CreatedAt = clock.GetUtcNow(),
            Deputies = [.. deputies.Distinct(StringComparer.Ordinal).Select(d => new SubstitutionDeputyEntity { DeputyUserId = d })],
        };
        await using var context = database.CreateContext();
        context.Substitutions.Add(entity);
        await context.SaveChangesAsync(cancellationToken);
        return (await ViewsAsync(context, [entity], cancellationToken))[0];
    }

    public async Task<PagedResult<SubstitutionView>> SearchAsync(IReadOnlyCollection<string> tenantIds, SubstitutionFilter filter, Page page,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(page);
        var tenants = tenantIds.ToList();
        var now = clock.GetUtcNow();
        await using var context = database.CreateContext();
        var rows = context.Substitutions.AsNoTracking().Where(s => tenants.Contains(s.TenantId));
        if (filter.AbsentUserId is { } absent)
        {
            rows = rows.Where(s => s.AbsentUserId == absent);
        }

        if (filter.DeputyId is { } deputy)
        {
            rows = rows.Where(s => s.Deputies.Any(d => d.DeputyUserId == deputy));
        }

        if (filter.Involving is { } person)
        {
            rows = rows.Where(s => s.AbsentUserId == person || s.Deputies.Any(d => d.DeputyUserId == person));
        }

        rows = filter.State switch
        {
            SubstitutionStates.Planned => rows.Where(s => s.From > now),
            SubstitutionStates.Active => rows.Where(s => s.From <= now && s.Until > now),
            SubstitutionStates.Ended => rows.Where(s => s.Until <= now),
            _ => rows,
        };
        var total = await rows.CountAsync(cancellationToken);
        // Latest end first: what is planned or running comes before what is over.
        var items = await rows.Include(s => s.Deputies).OrderByDescending(s => s.Until).ThenByDescending(s => s.Key)
            .Skip(page.From).Take(page.Limit).ToListAsync(cancellationToken);
        return new PagedResult<SubstitutionView>(await ViewsAsync(context, items, cancellationToken), total);
    }

    /// <summary>The substitution, if it belongs to one of the tenants.</summary>
    public async Task<SubstitutionView?> GetAsync(long key, IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken = default)
    {
        var tenants = tenantIds.ToList();
        await using var context = database.CreateContext();
        var entity = await context.Substitutions.AsNoTracking().Include(s => s.Deputies)
            .SingleOrDefaultAsync(s => s.Key == key && tenants.Contains(s.TenantId), cancellationToken);
        return entity is null ? null : (await ViewsAsync(context, [entity], cancellationToken))[0];
    }

    /// <summary>
    /// Ends the substitution now: one that has not started is removed, a running one ends at this instant and stays on
    /// record; one that is over already is a conflict.
    /// </summary>
    public async Task EndAsync(long key, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var context = database.CreateContext();
        var entity = await context.Substitutions.SingleOrDefaultAsync(s => s.Key == key, cancellationToken)
            ?? throw new EngineNotFoundException($"Substitution {key} does not exist.");
        if (entity.Until <= now)
        {
            throw new EngineConflictException($"Substitution {key} ended already ({entity.Until:O}).");
        }

        if (entity.From > now)
        {
            context.Substitutions.Remove(entity);
        }
        else
        {
            entity.Until = now;
        }

        await context.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The absent people <paramref name="deputyId"/> stands in for at this moment, in the given tenants, with their groups.</summary>
    public async Task<IReadOnlyList<Deputyship>> RunningForDeputyAsync(IReadOnlyCollection<string> tenantIds, string deputyId,
        CancellationToken cancellationToken = default)
    {
        var tenants = tenantIds.ToList();
        var now = clock.GetUtcNow();
        await using var context = database.CreateContext();
        var absent = await context.SubstitutionDeputies.AsNoTracking()
            .Where(d => d.DeputyUserId == deputyId)
            .Join(context.Substitutions.AsNoTracking(), d => d.SubstitutionKey, s => s.Key, (d, s) => s)
            .Where(s => tenants.Contains(s.TenantId) && s.From <= now && s.Until > now && s.AbsentUserId != deputyId)
            .Select(s => new { s.TenantId, s.AbsentUserId })
            .Distinct()
            .ToListAsync(cancellationToken);
        if (absent.Count == 0)
        {
            return [];
        }

        var users = absent.Select(a => a.AbsentUserId).Distinct().ToList();
        var known = await context.KnownUsers.AsNoTracking().Where(u => tenants.Contains(u.TenantId) && users.Contains(u.UserId))
            .Select(u => new { u.TenantId, u.UserId, u.Groups }).ToListAsync(cancellationToken);
        return [.. absent.GroupBy(a => a.AbsentUserId, StringComparer.Ordinal).Select(g => new Deputyship(g.Key,
            [.. known.Where(k => k.UserId == g.Key && g.Any(a => a.TenantId == k.TenantId)).SelectMany(k => KnownUsers.Split(k.Groups))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]))];
    }

    private async Task<IReadOnlyList<SubstitutionView>> ViewsAsync(EngineDbContext context, IReadOnlyList<SubstitutionEntity> entities,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var absent = entities.Select(e => e.AbsentUserId).Distinct().ToList();
        var tenants = entities.Select(e => e.TenantId).Distinct().ToList();
        var groups = (await context.KnownUsers.AsNoTracking().Where(u => absent.Contains(u.UserId) && tenants.Contains(u.TenantId))
                .Select(u => new { u.TenantId, u.UserId, u.Groups }).ToListAsync(cancellationToken))
            .ToDictionary(u => (u.TenantId, u.UserId), u => KnownUsers.Split(u.Groups));
        return [.. entities.Select(e => new SubstitutionView(e.Key, e.AbsentUserId, [.. e.Deputies.Select(d => d.DeputyUserId).Order(StringComparer.Ordinal)],
            e.From, e.Until, SubstitutionStates.Of(e.From, e.Until, now), e.CreatedBy, e.CreatedAt, e.TenantId, groups.GetValueOrDefault((e.TenantId, e.AbsentUserId)) ?? []))];
    }
}
