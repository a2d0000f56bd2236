using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Connectors;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Webhooks.Authorization;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// Serves one request to <c>/inbound/{context}</c> as Camunda's webhook connector does, in this order: the owner of the
/// context (404), the method (405), the body (413), the verification expression (its answer, nothing else happens), the
/// HMAC signature and the authorization (401/403, counted by <see cref="WebhookThrottle"/>), the activation condition
/// (422, or 200 with consumeUnmatchedEvents), the variables (resultVariable, resultExpression), then the start or the
/// message, and the answer of the response expression. With an Idempotency-Key, the start or message and its answer are
/// kept together, and a repeat gets that answer again.
/// </summary>
internal sealed partial class WebhookHandler(
    WebhookContexts owners,
    InstanceCommands commands,
    ProcessRuntime runtime,
    WebhookAuthorizers authorizers,
    Secrets secrets,
    WebhookThrottle throttle,
    TimeProvider clock,
    IOptions<EngineOptions> options,
    ILogger<WebhookHandler> logger)
{
    private const int MaxCorrelationKeyLength = 1000;
    private const int MaxMessageIdLength = 255;

    public async Task HandleAsync(HttpContext http, string tenantId, string context, CancellationToken cancellationToken)
    {
        throttle.Admit(http);
        if (!ContextPattern().IsMatch(context) || tenantId.Length > 100 || tenantId.Any(char.IsControl)
            || await owners.FindAsync(tenantId, context, cancellationToken) is not { } owner)
        {
            throw new EngineNotFoundException("No webhook is served at this address.");
        }

        try
        {
            await ServeAsync(http, owner, tenantId, context, cancellationToken);
        }
        catch (WebhookModelException model)
        {
            throw new WebhookModelException(
                $"Webhook '{context}' of process '{owner.Process.ProcessId}' version {owner.Process.Version} (element '{owner.Element.Id}'): {model.Message}");
        }
        catch (WebhookRequestException refused) when (refused.IsAuthenticationFailure)
        {
            throttle.Failed(http);
            logger.LogInformation("Webhook {Context} in tenant {TenantId} refused a request from {Client}: {Status} {Reason}", context, tenantId,
                http.Connection.RemoteIpAddress, refused.Status, refused.Message);
            throw;
        }
    }

    private async Task ServeAsync(HttpContext http, WebhookOwner owner, string tenantId, string context, CancellationToken cancellationToken)
    {
        var webhook = owner.Webhook;
        if (Method(webhook.Method) is { } allowed && !string.Equals(http.Request.Method, allowed, StringComparison.OrdinalIgnoreCase))
        {
            throw new WebhookRequestException(StatusCodes.Status405MethodNotAllowed, "Methode nicht erlaubt", $"This webhook accepts {allowed} requests only.",
                new Dictionary<string, string> { ["Allow"] = allowed });
        }

        var engine = options.Value;
        var request = await WebhookRequest.ReadAsync(http, engine.Limits.MaxJsonRequestBytes, engine.Limits.MaxVariablesDepth, engine.PublicBaseUrl,
            cancellationToken);
        var seen = new FeelVariables([new("request", request.Request(withCredentials: false))]);
        if (webhook.VerificationExpression is { } verification
            && WebhookAnswers.Evaluate(verification, "inbound.verificationExpression", seen) is { } challengeAnswer)
        {
            await WebhookAnswers.WriteAsync(http.Response, challengeAnswer, replayed: false, cancellationToken);
            return;
        }

        if (webhook.Hmac is { } hmac)
        {
            WebhookSignature.Verify(request, hmac, secrets.Resolve(hmac.Secret), secrets.Resolve(hmac.Header), clock.GetUtcNow(),
                engine.Webhooks.HmacTimestampTolerance);
        }

        await authorizers.CheckAsync(request, webhook.Authorization, cancellationToken);

        var key = IdempotencyKeyHeader.Read(http.Request);
        var claim = key is null ? null : new IdempotencyClaim(tenantId, $"inbound/{context}", key, request.Fingerprint(), engine.Idempotency.Window);
        if (webhook.ActivationCondition is { } condition && (!condition.Expression!.Evaluate(seen).TryGetBoolean(out var activates) || !activates))
        {
            if (webhook.ConsumeUnmatchedEvents)
            {
                await WebhookAnswers.WriteAsync(http.Response, WebhookAnswers.Ok, replayed: false, cancellationToken);
                return;
            }

            throw WebhookRequestException.Unprocessable("The request does not meet the webhook's activation condition; nothing was started or correlated.");
        }

        var variables = Variables(webhook, seen);
        runtime.RequireWithinLimits(variables);
        IdempotentAnswer Answer(FeelValue correlation) =>
            webhook.ResponseExpression is { } response
                ? WebhookAnswers.Evaluate(response, "inbound.responseExpression", new FeelVariables([new("request", seen["request"]), new("correlation", correlation)]))
                  ?? WebhookAnswers.Ok
                : WebhookAnswers.Ok;

        var answered = webhook.Trigger switch
        {
            WebhookTrigger.StartInstance => await commands.StartAnsweredAsync(null, null, owner.Process.Key, tenantId, variables,
                CommandActor.System($"webhook:{context}"), claim,
                started => Answer(Correlation(("processInstanceKey", started.ProcessInstanceKey), ("tenantId", tenantId))), cancellationToken: cancellationToken),
            _ when webhook.SynchronousResponse => await commands.CorrelateMessageAnsweredAsync(webhook.MessageName!, CorrelationKey(webhook, seen), variables,
                tenantId, claim,
                correlated => Answer(Correlation(("processInstanceKey", correlated.ProcessInstanceKey), ("messageKey", correlated.MessageKey), ("tenantId", tenantId))),
                cancellationToken),
            _ => await commands.PublishMessageAnsweredAsync(webhook.MessageName!, CorrelationKey(webhook, seen),
                webhook.MessageTimeToLive ?? InstanceCommands.DefaultMessageTimeToLive, MessageId(webhook, seen), variables, tenantId, claim,
                messageKey => Answer(messageKey is { } published ? Correlation(("messageKey", published), ("tenantId", tenantId)) : FeelValue.FromContext([])),
                cancellationToken),
        };
        await WebhookAnswers.WriteAsync(http.Response, answered.Answer, answered.Replayed, cancellationToken);
    }

    /// <summary>resultVariable receives <c>{request: …}</c>; resultExpression's context entries become variables (and win over it).</summary>
    private static List<KeyValuePair<string, FeelValue>> Variables(InboundWebhook webhook, FeelVariables seen)
    {
        var variables = new Dictionary<string, FeelValue>(StringComparer.Ordinal);
        if (webhook.ResultVariable is { } name)
        {
            variables[name] = FeelValue.FromContext([new("request", seen["request"])]);
        }

        if (webhook.ResultExpression is { } expression)
        {
            var result = expression.Expression!.Evaluate(seen);
            if (result.Kind == FeelValueKind.Context)
            {
                foreach (var (variable, value) in result.AsContext())
                {
                    variables[variable] = value;
                }
            }
            else if (!result.IsNull)
            {
                throw WebhookRequestException.Unprocessable($"The webhook's resultExpression gives {Shorten(result.ToString())} for this request, not a context of variables.");
            }
        }

        return [.. variables];
    }

    /// <summary>The correlation key from the request; a catch event needs one, a start event without correlationKeyExpression has none ("").</summary>
    private static string CorrelationKey(InboundWebhook webhook, FeelVariables seen)
    {
        var key = webhook.CorrelationKeyExpression is { } expression ? Text(expression, seen, "correlationKeyExpression") : null;
        if (key is null && webhook.Trigger == WebhookTrigger.CorrelateMessage)
        {
            throw WebhookRequestException.Unprocessable("The webhook's correlationKeyExpression finds no correlation key in this request.");
        }

        return key is { Length: > MaxCorrelationKeyLength }
            ? throw WebhookRequestException.Unprocessable($"The correlation key is longer than {MaxCorrelationKeyLength} characters.")
            : key ?? "";
    }

    private static string? MessageId(InboundWebhook webhook, FeelVariables seen)
    {
        var id = webhook.MessageIdExpression is { } expression ? Text(expression, seen, "messageIdExpression") : null;
        return id is { Length: > MaxMessageIdLength }
            ? throw WebhookRequestException.Unprocessable($"The message id is longer than {MaxMessageIdLength} characters.")
            : id is { Length: > 0 } ? id : null;
    }

    /// <summary>A text or number from the request, as Camunda turns a correlation key or message id into text; null when the expression gives null.</summary>
    private static string? Text(ExpressionValue expression, FeelVariables seen, string property)
    {
        var value = expression.Expression!.Evaluate(seen);
        if (value.IsNull)
        {
            return null;
        }

        if (value.TryGetString(out var text))
        {
            return text;
        }

        return value.TryGetNumberText(out var number)
            ? number
            : throw WebhookRequestException.Unprocessable($"The webhook's {property} gives {Shorten(value.ToString())} for this request, not a text or number.");
    }

    /// <summary>Keys as text, as the API writes them: a 64-bit key does not survive JavaScript's numbers.</summary>
    private static FeelValue Correlation(params (string Name, object Value)[] entries) => FeelValue.FromContext(entries.Select(e =>
        new KeyValuePair<string, FeelValue>(e.Name, FeelValue.FromString(Convert.ToString(e.Value, System.Globalization.CultureInfo.InvariantCulture)!))));

    private static string? Method(WebhookMethod method) => method switch
    {
        WebhookMethod.Get => "GET",
        WebhookMethod.Post => "POST",
        WebhookMethod.Put => "PUT",
        WebhookMethod.Delete => "DELETE",
        _ => null,
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");

    [GeneratedRegex(@"^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*\z")]
    private static partial Regex ContextPattern();
}
