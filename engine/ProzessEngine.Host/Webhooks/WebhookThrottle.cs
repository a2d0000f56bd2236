using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// Webhooks are public by design, so they are held back per client address (the connection's, or the one a configured
/// proxy forwarded): a client whose requests failed authentication or the HMAC check Engine:Auth:FailedAttemptsPerWindow
/// times gets 429 for the rest of Engine:Auth:FailedAttemptsWindow, also with right credentials, so that guessing learns
/// nothing more; and, when Engine:Webhooks:RequestsPerMinutePerClient is set, no client makes more requests than that.
/// </summary>
internal sealed class WebhookThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures;
    private readonly PartitionedRateLimiter<string>? _requests;

    public WebhookThrottle(IOptions<EngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var auth = options.Value.Auth;
        _failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = auth.FailedAttemptsPerWindow,
                Window = auth.FailedAttemptsWindow,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        var perMinute = options.Value.Webhooks.RequestsPerMinutePerClient;
        if (perMinute > 0)
        {
            _requests = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client,
                _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = perMinute,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
        }
    }

    /// <summary>Refuses the request (429) when its client used up its failures or its requests.</summary>
    public void Admit(HttpContext context)
    {
        var client = Client(context);
        // Zero permits asks whether any are left without using one.
        using (var blocked = _failures.AttemptAcquire(client, 0))
        {
            if (!blocked.IsAcquired)
            {
                throw TooMany(blocked, "Too many requests from this address failed authentication");
            }
        }

        if (_requests is not null)
        {
            using var permit = _requests.AttemptAcquire(client);
            if (!permit.IsAcquired)
            {
                throw TooMany(permit, "Too many requests from this address (Engine:Webhooks:RequestsPerMinutePerClient)");
            }
        }
    }

    /// <summary>Counts a request that failed authentication or the HMAC check.</summary>
    public void Failed(HttpContext context)
    {
        using var _ = _failures.AttemptAcquire(Client(context));
    }

    public void Dispose()
    {
        _failures.Dispose();
        _requests?.Dispose();
    }

    private static string Client(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static WebhookRequestException TooMany(RateLimitLease lease, string reason)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        return new WebhookRequestException(StatusCodes.Status429TooManyRequests, "Zu viele Anfragen", $"{reason}; try again in {seconds} seconds.",
            new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });
    }
}
