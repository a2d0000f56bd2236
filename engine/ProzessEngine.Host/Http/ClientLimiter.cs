using System.Threading.RateLimiting;

namespace ProzessEngine.Host.Http;

/// <summary>
/// A fixed window of permits per client address: what the API's failed sign-ins and the webhooks' failures and requests
/// are held back by. The address is the connection's, or the one a configured proxy forwarded (Engine:ForwardedHeaders),
/// never one a client claims.
/// </summary>
internal sealed class ClientLimiter(int permitLimit, TimeSpan window) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    public static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    /// <summary>Null while the client has permits left (asking uses none); else the seconds until its window ends.</summary>
    public int? Exhausted(string client)
    {
        using var lease = _limiter.AttemptAcquire(client, 0);
        return lease.IsAcquired ? null : RetryAfterSeconds(lease);
    }

    /// <summary>Uses one permit: null when there was one; else the seconds until the client's window ends.</summary>
    public int? Take(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        return lease.IsAcquired ? null : RetryAfterSeconds(lease);
    }

    public void Dispose() => _limiter.Dispose();

    private static int RetryAfterSeconds(RateLimitLease lease)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        return Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
    }
}
