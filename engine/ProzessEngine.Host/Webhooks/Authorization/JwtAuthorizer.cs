using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Webhooks.Authorization;

/// <summary>
/// JWT: a bearer token signed (RSA or ECDSA) with a key of the set at inbound.auth.jwt.jwkUrl, not expired (it must
/// have an expiry) and valid already, on the engine's clock with 30 seconds' leeway. Issuer and audience are not
/// checked, as Camunda does not. With inbound.auth.jwt.requiredPermissions, inbound.auth.jwt.permissionsExpression is
/// evaluated over the token's claims and must give every one of them (403 otherwise).
/// </summary>
internal sealed class JwtAuthorizer(Secrets secrets, JsonWebKeySets keySets, TimeProvider clock) : IWebhookAuthorizer
{
    private static readonly TimeSpan Leeway = TimeSpan.FromSeconds(30);

    private static readonly string[] Algorithms =
    [
        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
        SecurityAlgorithms.EcdsaSha256, SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.EcdsaSha512,
    ];

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public Type Handles => typeof(WebhookJwtAuthorization);

    public async Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken)
    {
        var jwt = (WebhookJwtAuthorization)authorization;
        var header = request.Header("authorization");
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            throw WebhookRequestException.Unauthenticated("The webhook needs a token (Authorization: Bearer …).", "Bearer");
        }

        var token = header["Bearer ".Length..].Trim();
        var url = secrets.Resolve(jwt.JwkUrl);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            throw new WebhookModelException("inbound.auth.jwt.jwkUrl is not an http(s) URL once its secrets are filled in.");
        }

        var result = await ValidateAsync(token, await keySets.KeysAsync(url, refresh: false, cancellationToken));
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The issuer may have rotated its keys since the set was fetched.
            result = await ValidateAsync(token, await keySets.KeysAsync(url, refresh: true, cancellationToken));
        }

        if (!result.IsValid)
        {
            throw WebhookRequestException.Unauthenticated("The token is not valid: wrong signature, expired, not valid yet or without expiry.",
                "Bearer error=\"invalid_token\"");
        }

        if (jwt.RequiredPermissions.IsDefaultOrEmpty)
        {
            return;
        }

        var claims = FeelJson.FromJson(Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(((JsonWebToken)result.SecurityToken).EncodedPayload)));
        var granted = jwt.PermissionsExpression!.Expression!.Evaluate(new FeelVariables(claims.Kind == FeelValueKind.Context ? claims.AsContext() : []));
        var permissions = granted.Kind == FeelValueKind.List
            ? granted.AsList().Select(p => p.TryGetString(out var text) ? text : null).OfType<string>().ToHashSet(StringComparer.Ordinal)
            : granted.TryGetString(out var single) ? [single] : [];
        var missing = jwt.RequiredPermissions.Where(p => !permissions.Contains(p)).ToList();
        if (missing.Count > 0)
        {
            throw WebhookRequestException.Forbidden($"The token lacks the permissions the webhook requires ({string.Join(", ", missing)}).");
        }
    }

    private Task<TokenValidationResult> ValidateAsync(string token, IReadOnlyList<SecurityKey> keys) =>
        _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = clock.GetUtcNow().UtcDateTime;
                return expires is { } until && now <= until + Leeway && (notBefore is not { } from || from - Leeway <= now);
            },
        });
}
