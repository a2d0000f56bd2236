using System.Globalization;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Counts failed API keys and access tokens per client address with a fixed-window rate limiter; a client that used up
/// its failures gets 429 with Retry-After for every request that carries credentials until the window ends, also for a
/// right key, so that guessing learns nothing more. Runs after authentication; the client address is the connection's,
/// or the one a configured proxy forwarded (Engine:ForwardedHeaders), never one a client claims.
/// </summary>
internal sealed class AuthenticationThrottle : IMiddleware, IDisposable
{
    private readonly ClientLimiter _failures;

    public AuthenticationThrottle(IOptions<EngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _failures = new ClientLimiter(options.Value.Auth.FailedAttemptsPerWindow, options.Value.Auth.FailedAttemptsWindow);
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!CarriesCredentials(context.Request))
        {
            await next(context);
            return;
        }

        var client = ClientLimiter.ClientOf(context);
        if (_failures.Exhausted(client) is { } blocked)
        {
            await RefuseAsync(context, blocked);
            return;
        }

        if (context.User.Identity?.IsAuthenticated != true && _failures.Take(client) is { } exhausted)
        {
            await RefuseAsync(context, exhausted);
            return;
        }

        await next(context);
    }

    public void Dispose() => _failures.Dispose();

    private static bool CarriesCredentials(HttpRequest request) =>
        request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName)
        || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    private static async Task RefuseAsync(HttpContext context, int seconds)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Zu viele fehlgeschlagene Anmeldungen",
            detail: $"Too many requests with a wrong API key or token from this address; try again in {seconds} seconds.").ExecuteAsync(context);
    }
}
