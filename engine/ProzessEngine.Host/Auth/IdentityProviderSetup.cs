using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// Signs people in through the municipality's OpenID Connect provider (authorization code flow with PKCE, session
/// cookie afterwards) and accepts the provider's access tokens from other systems (Authorization: Bearer).
/// </summary>
internal static class IdentityProviderSetup
{
    public const string PeopleScheme = OpenIdConnectDefaults.AuthenticationScheme;
    public const string SystemsScheme = JwtBearerDefaults.AuthenticationScheme;

    public static AuthenticationBuilder AddIdentityProvider(this AuthenticationBuilder builder, IdentityProviderOptions provider)
    {
        builder.AddOpenIdConnect(PeopleScheme, "Anmeldung", o =>
        {
            o.Authority = provider.Authority;
            o.ClientId = provider.ClientId;
            o.ClientSecret = string.IsNullOrEmpty(provider.ClientSecret) ? null : provider.ClientSecret;
            o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.SignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
            o.Scope.Clear();
            foreach (var scope in provider.Scopes)
            {
                o.Scope.Add(scope);
            }

            if (!provider.RequireHttpsMetadata)
            {
                // Local test providers run over plain HTTP, where Secure-only cookies would never come back.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            o.Events.OnTokenValidated = context =>
            {
                context.Principal = new ClaimsPrincipal(
                    IdentityProviderClaims.Map(context.Principal!, provider, isSystem: false, CookieAuthenticationDefaults.AuthenticationScheme));
                return Task.CompletedTask;
            };
        });

        builder.AddJwtBearer(SystemsScheme, o =>
        {
            o.Authority = provider.Authority;
            o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            // Access tokens from providers often carry another audience (Keycloak: "account"); the issuer and the
            // signature are what bind them to this municipality's provider.
            o.TokenValidationParameters.ValidateAudience = false;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    context.Principal = new ClaimsPrincipal(IdentityProviderClaims.Map(context.Principal!, provider, isSystem: true, SystemsScheme));
                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }
}
