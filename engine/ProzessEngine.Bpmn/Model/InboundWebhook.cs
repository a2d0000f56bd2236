using System.Collections.Immutable;

namespace ProzessEngine.Bpmn.Model;

/// <summary>The HTTP methods a webhook answers (<c>inbound.method</c>); others get 405.</summary>
public enum WebhookMethod
{
    Any,
    Get,
    Post,
    Put,
    Delete,
}

/// <summary>The hash of a webhook's HMAC signature (<c>inbound.hmacAlgorithm</c>: <c>sha_1</c>, <c>sha_256</c>, <c>sha_512</c>).</summary>
public enum WebhookHmacAlgorithm
{
    Sha1,
    Sha256,
    Sha512,
}

/// <summary>What of a request its HMAC signature covers (<c>inbound.hmacScopes</c>; <c>BODY</c> when not set).</summary>
public enum WebhookHmacScope
{
    Body,
    Url,
    Parameters,
}

/// <summary>What a request to a webhook does, decided by the element that carries it.</summary>
public enum WebhookTrigger
{
    /// <summary>A none start event of the process: the request starts an instance (Camunda's "Webhook Start Event Connector").</summary>
    StartInstance,

    /// <summary>A message start event of the process: the request publishes (or correlates) the element's message, which starts the process.</summary>
    StartByMessage,

    /// <summary>
    /// A message intermediate catch event, message boundary event, receive task or message start event of an event
    /// sub-process: the request publishes (or correlates) the element's message to the instance that waits with its
    /// correlation key.
    /// </summary>
    CorrelateMessage,
}

/// <summary>
/// A webhook property written as plain text, in which <c>{{secrets.NAME}}</c> stands for the setting Engine:Secrets:NAME
/// (resolved by the host for each request, never stored). A FEEL value (<c>=…</c>) was evaluated when the model was read.
/// </summary>
public sealed record WebhookText(string Property, string Text, ImmutableArray<string> SecretNames)
{
    public bool HasSecrets => !SecretNames.IsDefaultOrEmpty;
}

/// <summary>HMAC verification of a webhook (<c>inbound.shouldValidateHmac = enabled</c>).</summary>
public sealed record WebhookHmac(WebhookText Secret, WebhookText Header, WebhookHmacAlgorithm Algorithm, ImmutableArray<WebhookHmacScope> Scopes);

/// <summary>Who may call a webhook (<c>inbound.auth.type</c>).</summary>
public abstract record WebhookAuthorization;

/// <summary>Anyone (<c>NONE</c>), when the model says so explicitly.</summary>
public sealed record WebhookNoAuthorization : WebhookAuthorization
{
    public static WebhookNoAuthorization Instance { get; } = new();
}

/// <summary>HTTP basic authentication against a user name and password (<c>BASIC</c>).</summary>
public sealed record WebhookBasicAuthorization(WebhookText Username, WebhookText Password) : WebhookAuthorization;

/// <summary>An API key found in the request by a FEEL expression over <c>request</c> (<c>APIKEY</c>).</summary>
public sealed record WebhookApiKeyAuthorization(WebhookText ApiKey, ExpressionValue Locator) : WebhookAuthorization;

/// <summary>
/// A bearer JWT signed with a key of the JSON Web Key Set at <see cref="JwkUrl"/> (<c>JWT</c>); when
/// <see cref="RequiredPermissions"/> are given, <see cref="PermissionsExpression"/> (over the token's claims) must yield
/// all of them.
/// </summary>
public sealed record WebhookJwtAuthorization(WebhookText JwkUrl, ExpressionValue? PermissionsExpression, ImmutableArray<string> RequiredPermissions)
    : WebhookAuthorization;

/// <summary>
/// Camunda's inbound webhook connector (<c>inbound.type = io.camunda:webhook:1</c>) as its element templates write it:
/// served at <c>/inbound/{context}</c>, checked (method, HMAC, authorization, activation condition), and turned into a
/// start or a message as <see cref="Trigger"/> says. Every FEEL expression sees the request as <c>request</c>
/// (<c>body</c>, <c>headers</c>, <c>params</c>).
/// </summary>
public sealed record InboundWebhook
{
    /// <summary>The connector type the engine runs; every other inbound type is rejected.</summary>
    public const string ConnectorType = "io.camunda:webhook:1";

    /// <summary>The webhook's id in its URL (<c>inbound.context</c>).</summary>
    public required string Context { get; init; }

    public required WebhookTrigger Trigger { get; init; }

    public WebhookMethod Method { get; init; } = WebhookMethod.Any;

    public WebhookHmac? Hmac { get; init; }

    public WebhookAuthorization Authorization { get; init; } = WebhookNoAuthorization.Instance;

    /// <summary><c>inbound.verificationExpression</c>: an answer given before anything else (a one-time challenge), or null to go on.</summary>
    public ExpressionValue? VerificationExpression { get; init; }

    /// <summary><c>inbound.responseExpression</c>: the answer's <c>body</c>, <c>statusCode</c> and <c>headers</c>; 200 without a body when not set.</summary>
    public ExpressionValue? ResponseExpression { get; init; }

    /// <summary><c>activationCondition</c>: a request for which it is not true starts and correlates nothing.</summary>
    public ExpressionValue? ActivationCondition { get; init; }

    /// <summary><c>consumeUnmatchedEvents</c>: answer 200 (true) rather than 422 to a request whose activation condition is not met.</summary>
    public bool ConsumeUnmatchedEvents { get; init; }

    /// <summary><c>resultVariable</c>: the variable that receives <c>{request: …}</c>.</summary>
    public string? ResultVariable { get; init; }

    /// <summary><c>resultExpression</c>: a context whose entries become variables.</summary>
    public ExpressionValue? ResultExpression { get; init; }

    /// <summary><c>synchronousResponse</c>: correlate the message now (404 when nothing waits) rather than publish it.</summary>
    public bool SynchronousResponse { get; init; }

    /// <summary>The static name of the element's message (message triggers only).</summary>
    public string? MessageName { get; init; }

    /// <summary><c>correlationKeyExpression</c>: the message's correlation key, from the request.</summary>
    public ExpressionValue? CorrelationKeyExpression { get; init; }

    /// <summary><c>messageIdExpression</c>: the message's id, from the request (a published message with an id is taken once).</summary>
    public ExpressionValue? MessageIdExpression { get; init; }

    /// <summary><c>messageTtl</c>: how long a published message waits to be correlated; null for the engine's default.</summary>
    public TimeSpan? MessageTimeToLive { get; init; }

    /// <summary>The secrets (Engine:Secrets:NAME) the webhook's properties name.</summary>
    public IEnumerable<string> SecretNames =>
        Texts().SelectMany(t => t.SecretNames.IsDefault ? [] : t.SecretNames).Distinct(StringComparer.Ordinal);

    private IEnumerable<WebhookText> Texts()
    {
        if (Hmac is { } hmac)
        {
            yield return hmac.Secret;
            yield return hmac.Header;
        }

        switch (Authorization)
        {
            case WebhookBasicAuthorization basic:
                yield return basic.Username;
                yield return basic.Password;
                break;
            case WebhookApiKeyAuthorization apiKey:
                yield return apiKey.ApiKey;
                break;
            case WebhookJwtAuthorization jwt:
                yield return jwt.JwkUrl;
                break;
        }
    }
}
