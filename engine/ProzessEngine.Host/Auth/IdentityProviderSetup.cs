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

    public static AuthenticationBuilder AddIdentityProvider(this AuthenticationBuilder builder, IdentityProviderOptions provider, Uri? publicBaseUrl)
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
            foreach (var scope in provider.EffectiveScopes)
            {
                o.Scope.Add(scope);
            }

            if (!provider.RequireHttpsMetadata)
            {
                // Local test providers run over plain HTTP, where Secure-only cookies would never come back.
                o.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            if (publicBaseUrl is not null)
            {
                // The provider sends people back to the address the engine is configured at, never to a Host header.
                var callback = publicBaseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + o.CallbackPath;
                o.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.RedirectUri = callback;
                    return Task.CompletedTask;
                };
            }

            o.Events.OnTokenValidated = context =>
            {
                try
                {
                    context.Principal = new ClaimsPrincipal(
                        IdentityProviderClaims.Map(context.Principal!, provider, isSystem: false, CookieAuthenticationDefaults.AuthenticationScheme));
                }
                catch (CallerRefusedException refused)
                {
                    context.Fail(refused);
                }

                return Task.CompletedTask;
            };
            o.Events.OnRemoteFailure = async context =>
            {
                // A failed sign-in is the person's problem to see, not a 500: 403 when our rules refuse them, 400 otherwise
                // (a callback without the sign-in's state, an expired or replayed answer).
                context.HandleResponse();
                var refused = context.Failure is CallerRefusedException;
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(IdentityProviderSetup))
                    .LogWarning("A sign-in at the identity provider failed: {Reason}", context.Failure?.Message);
                context.Response.StatusCode = refused ? StatusCodes.Status403Forbidden : StatusCodes.Status400BadRequest;
                await Results.Problem(
                    statusCode: context.Response.StatusCode,
                    title: "Anmeldung fehlgeschlagen",
                    detail: refused ? context.Failure!.Message : "The sign-in could not be completed; start it again.").ExecuteAsync(context.HttpContext);
            };
        });

        builder.AddJwtBearer(SystemsScheme, o =>
        {
            o.Authority = provider.Authority;
            o.RequireHttpsMetadata = provider.RequireHttpsMetadata;
            o.MapInboundClaims = false;
            // The issuer and signature say the municipality's provider made the token, the audience that it was made for
            // this engine: without it, a token the provider issued to any other application of the realm would do.
            o.TokenValidationParameters.ValidateAudience = true;
            o.TokenValidationParameters.ValidAudiences = provider.EffectiveAudiences;
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    try
                    {
                        context.Principal = new ClaimsPrincipal(IdentityProviderClaims.Map(context.Principal!, provider, isSystem: true, SystemsScheme));
                    }
                    catch (CallerRefusedException refused)
                    {
                        context.Fail(refused);
                    }

                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }
}
