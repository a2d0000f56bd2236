using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Auth;

/// <summary>Authenticates other systems by the key in the X-Api-Key header, compared in constant time.</summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptions<EngineOptions> engineOptions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(values[0]!));
        foreach (var key in engineOptions.Value.Auth.ApiKeys.Where(k => !string.IsNullOrEmpty(k.Key)))
        {
            if (!CryptographicOperations.FixedTimeEquals(presented, SHA256.HashData(Encoding.UTF8.GetBytes(key.Key))))
            {
                continue;
            }

            var name = string.IsNullOrWhiteSpace(key.Name) ? "api-key" : key.Name;
            var claims = new List<Claim>
            {
                new(ClaimTypes.NameIdentifier, name),
                new(ClaimTypes.Name, name),
                new(EngineClaims.Kind, "system"),
            };
            // The key's own tenant first: it is what a request without tenantId means.
            claims.AddRange(new[] { key.TenantId }.Concat(key.TenantIds).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal)
                .Select(t => new Claim(EngineClaims.Tenant, t)));
            claims.AddRange(key.EffectiveRoles.Select(r => new Claim(ClaimTypes.Role, r)));
            var identity = new ClaimsIdentity(claims, SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }

        return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
    }
}
