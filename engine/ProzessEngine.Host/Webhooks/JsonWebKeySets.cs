using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// The JSON Web Key Sets that JWT webhooks name (inbound.auth.jwt.jwkUrl), fetched once and kept for
/// Engine:Webhooks:JwksCacheDuration. A token signed with a key the kept set lacks (the issuer rotated its keys) makes
/// the set fetched again, at most once a minute per URL, so that forged key ids cannot make the engine hammer the
/// issuer. Redirects are not followed and a set may be at most 1 MB.
/// </summary>
internal sealed class JsonWebKeySets(IHttpClientFactory http, TimeProvider clock, IOptions<EngineOptions> options)
{
    public const string HttpClientName = "webhook-jwks";

    private const int MaxBytes = 1024 * 1024;
    private static readonly TimeSpan MinRefetchInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Lazy<Task<Fetched>>> _sets = new(StringComparer.Ordinal);

    private sealed record Fetched(IReadOnlyList<SecurityKey> Keys, DateTimeOffset At);

    /// <summary>The keys at <paramref name="url"/>; <paramref name="refresh"/> asks for a fresh set when the kept one is old enough.</summary>
    /// <exception cref="WebhookRequestException">The set could not be fetched (503).</exception>
    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(string url, bool refresh, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var lifetime = options.Value.Webhooks.JwksCacheDuration;
        if (_sets.TryGetValue(url, out var kept) && kept.Value.IsCompletedSuccessfully)
        {
            var fetched = kept.Value.Result;
            var stale = now - fetched.At >= lifetime || (refresh && now - fetched.At >= MinRefetchInterval);
            if (!stale)
            {
                return fetched.Keys;
            }

            _sets.TryUpdate(url, new Lazy<Task<Fetched>>(() => FetchAsync(url)), kept);
        }

        var loading = _sets.GetOrAdd(url, u => new Lazy<Task<Fetched>>(() => FetchAsync(u)));
        try
        {
            return (await loading.Value.WaitAsync(cancellationToken)).Keys;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            // Forget the failure, so that the next request tries again.
            _sets.TryRemove(new KeyValuePair<string, Lazy<Task<Fetched>>>(url, loading));
            throw new WebhookRequestException(StatusCodes.Status503ServiceUnavailable, "Vorübergehend nicht prüfbar",
                "The keys that the webhook's tokens are checked with could not be fetched; try again later.");
        }
    }

    private async Task<Fetched> FetchAsync(string url)
    {
        using var client = http.CreateClient(HttpClientName);
        client.Timeout = options.Value.Webhooks.JwksTimeout;
        using var response = await client.GetAsync(new Uri(url), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new InvalidOperationException("The key set is larger than 1 MB.");
        }

        await using var stream = await response.Content.ReadAsStreamAsync();
        using var reader = new StreamReader(stream);
        var buffer = new char[MaxBytes + 1];
        var length = await reader.ReadBlockAsync(buffer, 0, buffer.Length);
        if (length > MaxBytes)
        {
            throw new InvalidOperationException("The key set is larger than 1 MB.");
        }

        var set = new JsonWebKeySet(new string(buffer, 0, length));
        return new Fetched([.. set.GetSigningKeys()], clock.GetUtcNow());
    }
}
