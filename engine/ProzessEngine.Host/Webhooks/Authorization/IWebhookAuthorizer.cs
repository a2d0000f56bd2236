using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Webhooks.Authorization;

/// <summary>Checks one kind of webhook authorization (inbound.auth.type); one class per kind, listed in <see cref="WebhookAuthorizers"/>.</summary>
internal interface IWebhookAuthorizer
{
    /// <summary>The model record of the kind it checks.</summary>
    Type Handles { get; }

    /// <summary>Returns when the request may pass; throws a <see cref="WebhookRequestException"/> (401 or 403) when not.</summary>
    Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken);
}

/// <summary>The authorizers, one per inbound.auth.type, in one explicit list.</summary>
internal sealed class WebhookAuthorizers
{
    private readonly Dictionary<Type, IWebhookAuthorizer> _byKind;

    public WebhookAuthorizers(Secrets secrets, JsonWebKeySets keySets, TimeProvider clock)
    {
        IWebhookAuthorizer[] all =
        [
            new NoAuthorizer(),
            new BasicAuthorizer(secrets),
            new ApiKeyAuthorizer(secrets),
            new JwtAuthorizer(secrets, keySets, clock),
        ];
        _byKind = all.ToDictionary(a => a.Handles);
    }

    public Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken) =>
        _byKind.TryGetValue(authorization.GetType(), out var authorizer)
            ? authorizer.CheckAsync(request, authorization, cancellationToken)
            : throw new InvalidOperationException($"No authorizer checks {authorization.GetType().Name}.");
}

/// <summary>NONE: anyone, as the model says explicitly (the parser accepts anonymous webhooks only so).</summary>
internal sealed class NoAuthorizer : IWebhookAuthorizer
{
    public Type Handles => typeof(WebhookNoAuthorization);

    public Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken) => Task.CompletedTask;
}
