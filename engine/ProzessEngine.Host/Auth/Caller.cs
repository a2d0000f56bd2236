using System.Security.Claims;
using ProzessEngine.Core;
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
}

public static class EngineClaims
{
    public const string Group = "prozessengine:group";
    public const string Tenant = "prozessengine:tenant";
    public const string Kind = "prozessengine:kind";
}

/// <summary>The authenticated person or system behind a request, as the endpoints need it.</summary>
public sealed record Caller(string Id, bool IsSystem, string TenantId, IReadOnlySet<string> Groups, IReadOnlySet<string> RoleNames)
{
    public CommandActor Actor => IsSystem ? CommandActor.System(Id) : CommandActor.User(Id);

    public bool Has(string role) => RoleNames.Contains(role) || RoleNames.Contains(Roles.Admin);

    /// <summary>Operators and administrators see every task of their tenant; everyone else only their own and their groups'.</summary>
    public TaskVisibility TaskVisibility => new(Id, Groups, Has(Roles.Operator) || RoleNames.Contains(Roles.Admin));

    public static Caller From(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? principal.Identity?.Name
            ?? throw new InvalidOperationException("An authenticated caller has no name.");
        return new Caller(
            id,
            principal.FindFirstValue(EngineClaims.Kind) == "system",
            principal.FindFirstValue(EngineClaims.Tenant) ?? DeploymentService.DefaultTenant,
            principal.FindAll(EngineClaims.Group).Select(c => c.Value).ToHashSet(StringComparer.Ordinal),
            principal.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal));
    }
}
