using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// The development login's request. <see cref="Roles"/>: the roles the person works in (clerk, modeler, operator, admin);
/// none gives clerk only.
/// </summary>
public sealed record LoginRequest(string? UserId, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Roles, IReadOnlyList<string>? TenantIds = null);

public sealed record LoginOptions(bool DevelopmentLogin, bool IdentityProvider, string? IdentityProviderLoginUrl);

public sealed record CurrentUser(string UserId, string DisplayName, IReadOnlyList<string> Groups, IReadOnlyList<string> Roles, string TenantId,
    bool DevelopmentLogin, IReadOnlyList<string> TenantIds);

public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Anmeldung");

        group.MapPost("/login", Login)
            .WithName("DevelopmentLogin")
            .WithSummary("Development login: sign in as any user with the given groups and tenants (only when no identity provider is configured).")
            .AllowAnonymous();

        group.MapGet("/options", (IOptions<EngineOptions> options) =>
            {
                var auth = options.Value.Auth;
                return TypedResults.Ok(new LoginOptions(auth.DevelopmentLoginActive, auth.IdentityProvider.IsConfigured,
                    auth.IdentityProvider.IsConfigured ? "auth/oidc/login" : null));
            })
            .WithName("LoginOptions")
            .WithSummary("Which ways to sign in this server offers (for the designer's login page).")
            .AllowAnonymous();

        group.MapGet("/oidc/login", Results<ChallengeHttpResult, NotFound> (string? returnUrl, IOptions<EngineOptions> options) =>
                options.Value.Auth.IdentityProvider.IsConfigured
                    ? TypedResults.Challenge(new AuthenticationProperties { RedirectUri = ReturnUrls.Local(returnUrl) }, [IdentityProviderSetup.PeopleScheme])
                    : TypedResults.NotFound())
            .WithName("IdentityProviderLogin")
            .WithSummary("Starts the sign-in at the municipality's OpenID Connect provider and returns to returnUrl (a local path).")
            .AllowAnonymous();

        group.MapGet("/me", (HttpContext context, IOptions<EngineOptions> options) =>
            {
                var caller = context.Caller();
                return TypedResults.Ok(new CurrentUser(caller.Id, context.User.Identity?.Name ?? caller.Id, [.. caller.Groups.Order()],
                    [.. caller.RoleNames.Order()], caller.TenantId, options.Value.Auth.DevelopmentLoginActive, caller.TenantIds));
            })
            .WithName("CurrentUser")
            .WithSummary("Who is logged in.")
            .RequireAuthorization();

        group.MapPost("/logout", async (HttpContext context) =>
            {
                await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                return TypedResults.NoContent();
            })
            .WithName("Logout")
            .AllowAnonymous();

        return app;
    }

    private static async Task<Results<NoContent, NotFound>> Login(LoginRequest request, HttpContext context, IOptions<EngineOptions> options)
    {
        if (!options.Value.Auth.DevelopmentLoginActive)
        {
            return TypedResults.NotFound();
        }

        // Every mistake of the request at once, each under the field it is in.
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var userId = request.UserId?.Trim();
        if (string.IsNullOrEmpty(userId) || userId.Length > 100 || !userId.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            errors["userId"] = ["Bitte eine Benutzerkennung angeben (Buchstaben, Ziffern, . - _ @; höchstens 100 Zeichen)."];
        }

        var groups = Names(request.Groups);
        if (groups is null || groups.Any(g => g.Length > 100 || g.Contains(',', StringComparison.Ordinal)))
        {
            errors["groups"] = ["Gruppennamen dürfen nicht leer, höchstens 100 Zeichen lang sein und kein Komma enthalten."];
        }

        // The first tenant is the user's own; none means the default tenant.
        var tenants = Names(request.TenantIds);
        if (tenants is null || tenants.Any(t => t.Length > 100))
        {
            errors["tenantIds"] = ["Tenant ids must not be empty and may be at most 100 characters long."];
        }

        // A person gets exactly the roles asked for, and only clerk when none: everyone seeing every task (and every
        // instance) because the login form was left as it was is what a trial must not teach.
        var roles = Names(request.Roles);
        if (roles is null)
        {
            errors["roles"] = [$"A role must not be empty; use {string.Join(", ", Roles.People)}, or none for clerk."];
        }
        else if (roles.FirstOrDefault(r => !Roles.People.Contains(r)) is { } unknownRole)
        {
            errors["roles"] = [$"'{unknownRole}' is not a role a person can have; use {string.Join(", ", Roles.People)}, or none for clerk."];
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        roles = roles is { Count: > 0 } ? roles : [Roles.Clerk];
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId!), new(ClaimTypes.Name, userId!), new(EngineClaims.Kind, "user") };
        claims.AddRange(groups!.Select(g => new Claim(EngineClaims.Group, g)));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(tenants!.Select(t => new Claim(EngineClaims.Tenant, t)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return TypedResults.NoContent();
    }

    /// <summary>The trimmed names of a list, without repeats; null when one of them is null or blank (a mistake to name, not to skip).</summary>
    private static List<string>? Names(IReadOnlyList<string?>? values)
    {
        var names = new List<string>();
        foreach (var value in values ?? [])
        {
            var name = value?.Trim();
            if (string.IsNullOrEmpty(name))
            {
                return null;
            }

            if (!names.Contains(name, StringComparer.Ordinal))
            {
                names.Add(name);
            }
        }

        return names;
    }
}
