using System.Globalization;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Http;
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
    private readonly ClientLimiter _failures;
    private readonly ClientLimiter? _requests;

    public WebhookThrottle(IOptions<EngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var auth = options.Value.Auth;
        _failures = new ClientLimiter(auth.FailedAttemptsPerWindow, auth.FailedAttemptsWindow);
        var perMinute = options.Value.Webhooks.RequestsPerMinutePerClient;
        _requests = perMinute > 0 ? new ClientLimiter(perMinute, TimeSpan.FromMinutes(1)) : null;
    }

    /// <summary>Refuses the request (429) when its client used up its failures or its requests.</summary>
    public void Admit(HttpContext context)
    {
        var client = ClientLimiter.ClientOf(context);
        if (_failures.Exhausted(client) is { } blocked)
        {
            throw TooMany(blocked, "Too many requests from this address failed authentication");
        }

        if (_requests?.Take(client) is { } busy)
        {
            throw TooMany(busy, "Too many requests from this address (Engine:Webhooks:RequestsPerMinutePerClient)");
        }
    }

    /// <summary>Counts a request that failed authentication or the HMAC check.</summary>
    public void Failed(HttpContext context) => _ = _failures.Take(ClientLimiter.ClientOf(context));

    public void Dispose()
    {
        _failures.Dispose();
        _requests?.Dispose();
    }

    private static WebhookRequestException TooMany(int seconds, string reason) =>
        new(StatusCodes.Status429TooManyRequests, "Zu viele Anfragen", $"{reason}; try again in {seconds} seconds.",
            new Dictionary<string, string> { ["Retry-After"] = seconds.ToString(CultureInfo.InvariantCulture) });
}
