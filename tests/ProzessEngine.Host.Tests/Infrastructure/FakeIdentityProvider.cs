using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>
/// A minimal OpenID Connect provider on a loopback port: discovery document, signing keys, and a token endpoint that
/// redeems codes the test issued. Tokens are RS256 JWTs signed with a key only this provider holds.
/// </summary>
public sealed class FakeIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "prozessengine";
    private const string KeyId = "test-key-1";

    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, (string Nonce, Dictionary<string, object> Claims)> _codes = new();
    private readonly WebApplication _app;

    private FakeIdentityProvider(WebApplication app, Uri authority)
    {
        _app = app;
        Authority = authority;
    }

    public Uri Authority { get; }

    /// <summary>Where the provider serves its signing keys (a JSON Web Key Set).</summary>
    public Uri KeySetUrl => new(Authority.ToString().TrimEnd('/') + "/protocol/openid-connect/certs");

    /// <summary>The redirect_uri the engine sent with the last code it redeemed (it must equal the one of the sign-in).</summary>
    public string? LastRedeemedRedirectUri { get; private set; }

    public static async Task<FakeIdentityProvider> StartAsync()
    {
        var port = FreePort();
        var authority = new Uri($"http://127.0.0.1:{port}/realms/verwaltung");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var provider = new FakeIdentityProvider(app, authority);
        var issuer = authority.ToString().TrimEnd('/');
        app.MapGet("/realms/verwaltung/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = issuer,
            ["authorization_endpoint"] = issuer + "/protocol/openid-connect/auth",
            ["token_endpoint"] = issuer + "/protocol/openid-connect/token",
            ["jwks_uri"] = issuer + "/protocol/openid-connect/certs",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/realms/verwaltung/protocol/openid-connect/certs", () =>
        {
            var parameters = provider._key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = KeyId, n = Base64Url(parameters.Modulus!), e = Base64Url(parameters.Exponent!) } } });
        });
        app.MapPost("/realms/verwaltung/protocol/openid-connect/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            provider.LastRedeemedRedirectUri = form["redirect_uri"].ToString();
            if (!provider._codes.TryRemove(form["code"].ToString(), out var grant) || string.IsNullOrEmpty(form["code_verifier"]))
            {
                return Results.BadRequest(new { error = "invalid_grant" });
            }

            var claims = new Dictionary<string, object>(grant.Claims) { ["nonce"] = grant.Nonce, ["aud"] = ClientId };
            var idToken = provider.Token(claims, TimeSpan.FromMinutes(5));
            return Results.Json(new { access_token = idToken, id_token = idToken, token_type = "Bearer", expires_in = 300 });
        });
        await app.StartAsync();
        return provider;
    }

    /// <summary>Remembers what the provider will put into the ID token when the engine redeems this code.</summary>
    public string IssueCode(string nonce, Dictionary<string, object> claims)
    {
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _codes[code] = (nonce, claims);
        return code;
    }

    /// <summary>A signed token with the usual claims plus the given ones, issued <paramref name="issuedAt"/> (now on the real clock by default).</summary>
    public string Token(Dictionary<string, object> claims, TimeSpan lifetime, RSA? signWith = null, DateTimeOffset? issuedAt = null)
    {
        var now = (issuedAt ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Authority.ToString().TrimEnd('/'),
            ["iat"] = now,
            ["nbf"] = now - 5,
            ["exp"] = now + (long)lifetime.TotalSeconds,
        };
        foreach (var (key, value) in claims)
        {
            payload[key] = value;
        }

        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS256", typ = "JWT", kid = KeyId }));
        var body = Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = (signWith ?? _key).SignData(Encoding.ASCII.GetBytes(header + "." + body), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + body + "." + Base64Url(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
