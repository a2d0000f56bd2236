using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Endpoints;

public sealed record LoginRequest(string? UserId, IReadOnlyList<string>? Groups, IReadOnlyList<string>? Roles, IReadOnlyList<string>? TenantIds = null);

public sealed record LoginOptions(bool DevelopmentLogin, bool IdentityProvider, string? IdentityProviderLoginUrl);

public sealed record CurrentUser(string UserId, string DisplayName, IReadOnlyList<string> Groups, IReadOnlyList<string> Roles, string TenantId,
    bool DevelopmentLogin, IReadOnlyList<string> TenantIds);

public static class AuthEndpoints
{
    private static readonly string[] DevelopmentRoles = [Roles.Clerk, Roles.Modeler, Roles.Operator];

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

        var userId = request.UserId?.Trim();
        if (string.IsNullOrEmpty(userId) || userId.Length > 100 || !userId.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@'))
        {
            throw RequestValidationException.For("userId", "Bitte eine Benutzerkennung angeben (Buchstaben, Ziffern, . - _ @; höchstens 100 Zeichen).");
        }

        var groups = (request.Groups ?? []).Select(g => g.Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (groups.Any(g => g.Length > 100 || g.Contains(',', StringComparison.Ordinal)))
        {
            throw RequestValidationException.For("groups", "Gruppennamen dürfen höchstens 100 Zeichen lang sein und kein Komma enthalten.");
        }

        // The first tenant is the user's own; none means the default tenant.
        var tenants = (request.TenantIds ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (tenants.Any(t => t.Length > 100))
        {
            throw RequestValidationException.For("tenantIds", "Tenant ids may be at most 100 characters long.");
        }

        var personRoles = DevelopmentRoles.Append(Roles.TeamLead).Append(Roles.Admin).ToList();
        if (request.Roles?.FirstOrDefault(r => !personRoles.Contains(r)) is { } unknownRole)
        {
            throw RequestValidationException.For("roles", $"'{unknownRole}' is not a role a person can have; use {string.Join(", ", personRoles)}.");
        }

        var roles = request.Roles is { Count: > 0 } requested ? requested.Distinct(StringComparer.Ordinal).ToList() : [.. DevelopmentRoles];
        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, userId), new(ClaimTypes.Name, userId), new(EngineClaims.Kind, "user") };
        claims.AddRange(groups.Select(g => new Claim(EngineClaims.Group, g)));
        claims.AddRange(roles.Select(r => new Claim(ClaimTypes.Role, r)));
        claims.AddRange(tenants.Select(t => new Claim(EngineClaims.Tenant, t)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return TypedResults.NoContent();
    }
}
