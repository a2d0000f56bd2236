using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>
/// People as the identity provider (or the development login) described them at their last sign-in. The engine learns
/// a person's groups only from their claims; a deputy needs them while the person is away, so they are kept here.
/// </summary>
public sealed class KnownUsers(EngineDatabase database, TimeProvider clock)
{
    /// <summary>Records the person in each of their tenants, with the groups and name of this sign-in.</summary>
    public async Task RememberAsync(IReadOnlyCollection<string> tenantIds, string userId, string? displayName, IEnumerable<string> groups,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        var groupText = string.Join(',', groups.Where(g => g.Length > 0 && !g.Contains(',', StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
        var name = displayName is { Length: > 200 } ? displayName[..200] : displayName;
        var now = clock.GetUtcNow();
        foreach (var tenantId in tenantIds.Distinct(StringComparer.Ordinal))
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var context = database.CreateContext();
                var updated = await context.KnownUsers.Where(u => u.TenantId == tenantId && u.UserId == userId)
                    .ExecuteUpdateAsync(set => set.SetProperty(u => u.Groups, groupText).SetProperty(u => u.DisplayName, name)
                        .SetProperty(u => u.SignedInAt, now), cancellationToken);
                if (updated > 0)
                {
                    break;
                }

                context.KnownUsers.Add(new KnownUserEntity { TenantId = tenantId, UserId = userId, DisplayName = name, Groups = groupText, SignedInAt = now });
                try
                {
                    await context.SaveChangesAsync(cancellationToken);
                    break;
                }
                catch (DbUpdateException) when (attempt == 0)
                {
                    // The same person signed in on another node at the same moment: their row exists now, update it.
                }
            }
        }
    }

    /// <summary>The groups of the person in the tenant as of their last sign-in; empty when they never signed in.</summary>
    public async Task<IReadOnlyList<string>> GroupsAsync(string tenantId, string userId, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var groups = await context.KnownUsers.AsNoTracking().Where(u => u.TenantId == tenantId && u.UserId == userId).Select(u => u.Groups)
            .SingleOrDefaultAsync(cancellationToken);
        return groups is null ? [] : Split(groups);
    }

    internal static string[] Split(string groups) => groups.Length == 0 ? [] : groups.Split(',');
}
