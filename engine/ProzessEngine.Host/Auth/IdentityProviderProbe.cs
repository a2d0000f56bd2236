using System.Globalization;
using System.Text.Json;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Asks the identity provider for its discovery document once at start-up. Without it every sign-in and every access
/// token would fail with a 500 while the host looked healthy; a provider that is down, unreachable or at a wrong address
/// is one line that names the authority and the setting, and no host.
/// </summary>
internal static class IdentityProviderProbe
{
    /// <summary>Null when the provider answered with a discovery document, else why not (one line).</summary>
    public static async Task<string?> ProblemAsync(IdentityProviderOptions provider, CancellationToken cancellationToken = default)
    {
        var address = DiscoveryAddress(provider);
        var within = provider.StartupTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var reason = await ReasonAsync(address, provider.StartupTimeout, cancellationToken);
        return reason is null
            ? null
            : $"The identity provider at '{provider.Authority}' cannot be reached: {reason} (asked {address} for up to {within} s). "
                + "Check Engine:Auth:IdentityProvider:Authority (Engine__Auth__IdentityProvider__Authority) and that the provider runs "
                + "and is reachable from this host.";
    }

    /// <summary>Where the OpenID Connect handlers read the provider's metadata from, as they build it.</summary>
    public static Uri DiscoveryAddress(IdentityProviderOptions provider)
    {
        var authority = provider.Authority.Trim();
        return new Uri(authority + (authority.EndsWith('/') ? "" : "/") + ".well-known/openid-configuration");
    }

    private static async Task<string?> ReasonAsync(Uri address, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { Timeout = timeout };
        try
        {
            using var response = await client.GetAsync(address, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return $"it answered {(int)response.StatusCode} {response.ReasonPhrase} instead of its discovery document";
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("issuer", out _)
                ? null
                : "its answer is not an OpenID Connect discovery document (no issuer)";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "no answer in time";
        }
        catch (HttpRequestException ex)
        {
            // "The SSL connection could not be established" says little without the certificate problem inside it.
            return StartupChecks.OneLine(ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
                ? $"{ex.Message} {inner.Message}"
                : ex.Message);
        }
        catch (JsonException)
        {
            return "its answer is not an OpenID Connect discovery document (not JSON)";
        }
    }
}
