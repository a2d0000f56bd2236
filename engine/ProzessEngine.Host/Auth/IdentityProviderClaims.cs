using System.Security.Claims;
using System.Text.Json;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Turns the claims of the municipality's identity provider into the engine's: user id, groups, roles, tenant.
/// Providers name these differently (Keycloak nests realm roles in JSON, AD FS uses long claim URIs), so each is
/// configurable.
/// </summary>
public static class IdentityProviderClaims
{
    public static ClaimsIdentity Map(ClaimsPrincipal external, IdentityProviderOptions options, bool isSystem, string authenticationType)
    {
        ArgumentNullException.ThrowIfNull(external);
        ArgumentNullException.ThrowIfNull(options);
        var userId = First(external, options.UserIdClaim) ?? First(external, "sub") ?? First(external, ClaimTypes.NameIdentifier)
            ?? throw new CallerRefusedException($"The identity provider's token has neither '{options.UserIdClaim}' nor 'sub'.");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId),
            new(ClaimTypes.Name, First(external, "name") ?? userId),
            new(EngineClaims.Kind, isSystem ? "system" : "user"),
        };

        // Every value of the tenant claim is a tenant the caller may act in; the first is their own. Where tenants come from
        // the provider, a token without one belongs to no municipality: it is refused, not put into the default tenant.
        var tenants = Values(external, options.TenantClaim).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tenants.Count == 0 && !string.IsNullOrEmpty(options.TenantClaim))
        {
            throw new CallerRefusedException($"The token of '{userId}' has no tenant in the claim '{options.TenantClaim}'.");
        }

        claims.AddRange((tenants.Count > 0 ? tenants : [DeploymentService.DefaultTenant]).Select(t => new Claim(EngineClaims.Tenant, t)));

        foreach (var group in Values(external, options.GroupsClaim).Select(g => g.TrimStart('/')).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal))
        {
            claims.Add(new Claim(EngineClaims.Group, group));
        }

        var roles = Values(external, options.RolesClaim)
            .Select(r => options.RoleMapping.TryGetValue(r, out var mapped) ? mapped : r)
            .Where(Roles.All.Contains)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (roles.Count == 0 && !isSystem)
        {
            roles.AddRange(options.EffectiveDefaultRoles);
        }

        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        return new ClaimsIdentity(claims, authenticationType);
    }

    private static string? First(ClaimsPrincipal principal, string type) =>
        string.IsNullOrEmpty(type) ? null : principal.FindFirst(type)?.Value;

    /// <summary>All values of a claim; "a.b" reads array b of the JSON object in claim a.</summary>
    private static IEnumerable<string> Values(ClaimsPrincipal principal, string claim)
    {
        if (string.IsNullOrEmpty(claim))
        {
            return [];
        }

        var dot = claim.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return principal.FindAll(claim).SelectMany(c => ExpandJsonArray(c.Value));
        }

        var outer = claim[..dot];
        var path = claim[(dot + 1)..].Split('.');
        var values = new List<string>();
        foreach (var json in principal.FindAll(outer).Select(c => c.Value))
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var element = document.RootElement;
                var found = true;
                foreach (var part in path)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(part, out element))
                    {
                        found = false;
                        break;
                    }
                }

                if (found && element.ValueKind == JsonValueKind.Array)
                {
                    values.AddRange(element.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                }
            }
            catch (JsonException)
            {
                // A claim that is not JSON carries no nested roles.
            }
        }

        return values;
    }

    private static IEnumerable<string> ExpandJsonArray(string value)
    {
        if (!value.StartsWith('['))
        {
            return [value];
        }

        try
        {
            using var document = JsonDocument.Parse(value);
            return [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)];
        }
        catch (JsonException)
        {
            return [value];
        }
    }
}

/// <summary>The identity provider vouches for the caller, but the engine's rules do not let them in.</summary>
internal sealed class CallerRefusedException(string message) : Exception(message);
