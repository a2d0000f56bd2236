using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Webhooks;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// Camunda's webhook connector: other systems (online portals, the e-invoice inbox, specialist software) start and
/// continue processes by calling the URL a model's webhook element names. Public by design: each webhook checks its
/// callers itself (HMAC, basic, API key, JWT, or explicitly nobody), never with the engine's own sessions or API keys.
/// </summary>
public static class InboundWebhookEndpoints
{
    public const string Prefix = "/inbound";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE"];

    public static IEndpointRouteBuilder MapInboundWebhookEndpoints(this IEndpointRouteBuilder app)
    {
        var inbound = app.MapGroup(Prefix).WithTags("Inbound webhooks").AllowAnonymous().WithMetadata(Http.HonoursIdempotencyKey.Instance);
        foreach (var method in Methods)
        {
            // One operation per method, as the API description wants a name of its own for each.
            var name = string.Concat(method[..1], method[1..].ToLowerInvariant());
            inbound.MapMethods("/{context}", [method],
                    (string context, HttpContext http, [FromServices] WebhookHandler handler, CancellationToken cancellationToken) =>
                        handler.HandleAsync(http, DeploymentService.DefaultTenant, context, cancellationToken))
                .WithName($"CallWebhook{name}")
                .WithSummary($"{method} to the webhook of the default tenant whose inbound.context this is: starts or continues its process as the model says.");
            inbound.MapMethods("/{tenantId}/{context}", [method],
                    (string tenantId, string context, HttpContext http, [FromServices] WebhookHandler handler, CancellationToken cancellationToken) =>
                        handler.HandleAsync(http, tenantId, context, cancellationToken))
                .WithName($"CallTenantWebhook{name}")
                .WithSummary($"{method} to the webhook of the given tenant whose inbound.context this is.");
        }

        return app;
    }
}
