using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// The HTTP answer of a webhook, as Camunda's response and verification expressions describe it: a context with
/// <c>body</c> (text as text/plain, anything else as JSON), <c>statusCode</c> (200 when not given) and <c>headers</c>.
/// No expression, or one that gives null, is a 200 without body.
/// </summary>
internal static class WebhookAnswers
{
    /// <summary>Headers that belong to the connection or to the engine's own session, never to a webhook's answer.</summary>
    private static readonly HashSet<string> ForbiddenHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Set-Cookie", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "TE", "Proxy-Authenticate",
        "Proxy-Connection", Http.AnsweredResult.ReplayedHeader,
    };

    public static IdempotentAnswer Ok { get; } = new(StatusCodes.Status200OK, [], null);

    /// <summary>
    /// The answer <paramref name="expression"/> gives for <paramref name="variables"/>; null when it gives null (for the
    /// verification expression: no verification request, go on).
    /// </summary>
    /// <exception cref="WebhookModelException">The expression gives something that is no answer.</exception>
    public static IdempotentAnswer? Evaluate(ExpressionValue expression, string property, IFeelVariables variables)
    {
        var value = expression.Expression!.Evaluate(variables);
        if (value.IsNull)
        {
            return null;
        }

        if (value.Kind != FeelValueKind.Context)
        {
            throw new WebhookModelException($"{property} must give a context with body, statusCode and headers, not {Shorten(value.ToString())}.");
        }

        var status = StatusCodes.Status200OK;
        var headers = new List<KeyValuePair<string, string>>();
        string? body = null;
        var json = false;
        foreach (var (key, entry) in value.AsContext())
        {
            switch (key)
            {
                case "statusCode":
                    if (entry.IsNull)
                    {
                        break;
                    }

                    if (!entry.TryGetInt64(out var code) || code is < 200 or > 599)
                    {
                        throw new WebhookModelException($"{property} gives the statusCode {Shorten(entry.ToString())}; it must be a whole number from 200 to 599.");
                    }

                    status = (int)code;
                    break;
                case "headers":
                    if (entry.IsNull)
                    {
                        break;
                    }

                    if (entry.Kind != FeelValueKind.Context)
                    {
                        throw new WebhookModelException($"{property} gives headers that are not a context of names and texts.");
                    }

                    foreach (var (name, header) in entry.AsContext())
                    {
                        if (ForbiddenHeaders.Contains(name) || name.Length == 0 || !name.All(c => c is > ' ' and < (char)127 and not ':'))
                        {
                            throw new WebhookModelException($"{property} sets the header '{Shorten(name)}', which a webhook's answer may not set.");
                        }

                        var text = header.TryGetString(out var s) ? s : header.IsNull ? null : header.ToString();
                        if (text is null || text.Any(c => c is '\r' or '\n'))
                        {
                            throw new WebhookModelException($"{property} gives the header '{name}' no single-line value.");
                        }

                        headers.Add(new(name, text));
                    }

                    break;
                case "body":
                    if (entry.TryGetString(out var plain))
                    {
                        body = plain;
                    }
                    else if (!entry.IsNull)
                    {
                        body = FeelJson.ToJsonString(entry);
                        json = true;
                    }

                    break;
                default:
                    throw new WebhookModelException($"{property} gives '{Shorten(key)}'; an answer has body, statusCode and headers.");
            }
        }

        if (body is not null && !headers.Any(h => string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)))
        {
            headers.Add(new("Content-Type", json ? "application/json; charset=utf-8" : "text/plain; charset=utf-8"));
        }

        return new IdempotentAnswer(status, headers, body);
    }

    public static Task WriteAsync(HttpResponse response, IdempotentAnswer answer, bool replayed, CancellationToken cancellationToken) =>
        Http.AnsweredResult.WriteAsync(response, answer, replayed, cancellationToken);

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
}
