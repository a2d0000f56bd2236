using System.Security.Claims;
using ProzessEngine.Core;
using ProzessEngine.Host.Http;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Auth;

public static class Roles
{
    /// <summary>Everything, across the caller's tenant.</summary>
    public const string Admin = "admin";

    /// <summary>Models and deploys processes.</summary>
    public const string Modeler = "modeler";

    /// <summary>Watches and steers instances: start, cancel, incidents.</summary>
    public const string Operator = "operator";

    /// <summary>Works on the tasks of their groups.</summary>
    public const string Clerk = "clerk";

    /// <summary>Another system: starts processes, works on jobs, reads the instances it needs.</summary>
    public const string System = "system";

    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal) { Admin, Modeler, Operator, Clerk, System };

    /// <summary>The roles a person can have (all but <see cref="System"/>), from the least to the most allowed.</summary>
    public static IReadOnlyList<string> People { get; } = [Clerk, Modeler, Operator, Admin];
}

public static class EngineClaims
{
    public const string Group = "prozessengine:group";
    /// <summary>A tenant the caller may act in; the first one is the caller's own (the default of every request).</summary>
    public const string Tenant = "prozessengine:tenant";
    public const string Kind = "prozessengine:kind";
}

/// <summary>
/// The authenticated person or system behind a request, as the endpoints need it. A caller may be allowed in several
/// tenants (an API key's TenantIds, several values of the identity provider's tenant claim); <see cref="TenantId"/>,
/// the first of them, is what a request means when it names no tenant.
/// </summary>
public sealed record Caller(string Id, bool IsSystem, string TenantId, IReadOnlyList<string> TenantIds, IReadOnlySet<string> Groups,
    IReadOnlySet<string> RoleNames)
{
    public CommandActor Actor => IsSystem ? CommandActor.System(Id) : CommandActor.User(Id);

    public bool Has(string role) => RoleNames.Contains(role) || RoleNames.Contains(Roles.Admin);

    /// <summary>Operators and administrators see every task of their tenants; everyone else only their own and their groups'.</summary>
    public TaskVisibility TaskVisibility => new(Id, Groups, Has(Roles.Operator) || RoleNames.Contains(Roles.Admin));

    public bool IsIn(string tenantId) => TenantIds.Contains(tenantId, StringComparer.Ordinal);

    /// <summary>
    /// The tenant a request names in <paramref name="field"/>, if the caller is allowed in it (403 otherwise); the
    /// caller's own when the request names none.
    /// </summary>
    public string Tenant(string? requested, string field = "tenantId")
    {
        if (requested is null)
        {
            return TenantId;
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            throw RequestValidationException.For(field, "must name a tenant, or be left out for your own.");
        }

        return IsIn(requested)
            ? requested
            : throw new ForbiddenException($"{field}: you are not allowed in tenant '{requested}' (your tenants: {string.Join(", ", TenantIds)}).");
    }

    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.Identity?.Name
            ?? throw new InvalidOperationException("An authenticated caller has no name.");
        var tenants = principal.FindAll(EngineClaims.Tenant).Select(c => c.Value).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tenants.Count == 0)
        {
            tenants.Add(DeploymentService.DefaultTenant);
        }

        return new Caller(
            id,
            principal.FindFirstValue(EngineClaims.Kind) == "system",
            tenants[0],
            tenants,
            principal.FindAll(EngineClaims.Group).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
