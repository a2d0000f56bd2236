using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ProzessEngine.Host.Connectors;

/// <summary>An access token as a token endpoint issued it.</summary>
internal sealed record IssuedToken(string AccessToken, TimeSpan? ExpiresIn);

/// <summary>
/// Access tokens of the REST connector's OAuth authentication, kept per token endpoint, client, secret, scopes and
/// audience until shortly before they expire, so that a busy task does not ask the token endpoint for each call. One
/// request per key at a time: calls that need the same token while it is fetched wait for it. A token issued without
/// expires_in is not kept. Per node: each node of a cluster fetches its own.
/// </summary>
internal sealed class OAuthTokens(TimeProvider clock)
{
    // Refreshed this long before expiry (at most half the lifetime), so that a token does not run out in flight.
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset ValidUntil)> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task<string> GetAsync(OAuthAuthentication authentication, Func<CancellationToken, Task<IssuedToken>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        var key = Key(authentication);
        if (Valid(key) is { } cached)
        {
            return cached;
        }

        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (Valid(key) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var issued = await fetch(cancellationToken);
            if (issued.ExpiresIn is { } lifetime && lifetime > TimeSpan.Zero)
            {
                var margin = lifetime / 2 < Margin ? lifetime / 2 : Margin;
                _tokens[key] = (issued.AccessToken, clock.GetUtcNow() + lifetime - margin);
            }

            return issued.AccessToken;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Drops the kept token, after the API refused it (revoked, or the server's clock is ahead).</summary>
    public void Forget(OAuthAuthentication authentication) => _tokens.TryRemove(Key(authentication), out _);

    private string? Valid(string key) =>
        _tokens.TryGetValue(key, out var entry) && entry.ValidUntil > clock.GetUtcNow() ? entry.Token : null;

    /// <summary>A hash, so that the secrets that make up the key are not kept a second time.</summary>
    private static string Key(OAuthAuthentication a) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n',
        a.TokenEndpoint.AbsoluteUri, a.ClientId, a.ClientSecret ?? "", a.Audience ?? "", a.Scopes ?? "", a.CredentialsInBody ? "body" : "header",
        a.RefreshToken ?? ""))));
}
