using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Keeps sessions in the engine's database; the cookie carries only a random session id. Signing out deletes the row,
/// so a copy of the cookie (a shared computer, a proxy log) is refused afterwards on every node, which a cookie that
/// carries the whole ticket cannot offer: it stays valid until it expires.
/// </summary>
internal sealed class DatabaseSessionStore(EngineDatabase database, TimeProvider clock) : ITicketStore
{
    /// <summary>Used when a ticket has no expiry of its own (the cookie handler always sets one).</summary>
    private static readonly TimeSpan FallbackLifetime = TimeSpan.FromHours(8);

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var now = clock.GetUtcNow();
        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        await using var context = database.CreateContext();
        // Sign-ins are rare next to requests: the place to forget sessions that ran out.
        await context.Sessions.Where(s => s.ExpiresAt < now).ExecuteDeleteAsync();
        context.Sessions.Add(new SessionEntity
        {
            Id = id,
            UserId = Truncate(ticket.Principal.Identity?.Name ?? "", 200),
            Ticket = TicketSerializer.Default.Serialize(ticket),
            ExpiresAt = ticket.Properties.ExpiresUtc ?? now + FallbackLifetime,
        });
        await context.SaveChangesAsync();
        await RememberPersonAsync(ticket);
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var bytes = TicketSerializer.Default.Serialize(ticket);
        var expires = ticket.Properties.ExpiresUtc ?? clock.GetUtcNow() + FallbackLifetime;
        await using var context = database.CreateContext();
        // A session signed out meanwhile stays gone: renewal updates, it never re-creates.
        await context.Sessions.Where(s => s.Id == key)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.Ticket, bytes).SetProperty(s => s.ExpiresAt, expires));
    }

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        var now = clock.GetUtcNow();
        await using var context = database.CreateContext();
        var ticket = await context.Sessions.AsNoTracking().Where(s => s.Id == key && s.ExpiresAt > now).Select(s => s.Ticket).FirstOrDefaultAsync();
        return ticket is null ? null : TicketSerializer.Default.Deserialize(ticket);
    }

    public async Task RemoveAsync(string key)
    {
        await using var context = database.CreateContext();
        await context.Sessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>
    /// A sign-in is where the engine learns a person's groups; they are kept so that a deputy sees the person's group
    /// tasks while the person is away (and signed out).
    /// </summary>
    private async Task RememberPersonAsync(AuthenticationTicket ticket)
    {
        if (ticket.Principal.Identity?.IsAuthenticated != true)
        {
            return;
        }

        var caller = Caller.From(ticket.Principal);
        if (!caller.IsSystem)
        {
            await new KnownUsers(database, clock).RememberAsync(caller.TenantIds, caller.Id, ticket.Principal.Identity.Name, caller.Groups);
        }
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
