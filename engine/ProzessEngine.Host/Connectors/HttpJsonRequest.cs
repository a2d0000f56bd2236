using System.Text;
using System.Text.Json.Nodes;

namespace ProzessEngine.Host.Connectors;

/// <summary>One REST connector request as its task describes it, secrets put in.</summary>
internal sealed record HttpJsonRequest
{
    public required string Method { get; init; }

    public required Uri Url { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    /// <summary>The body as the task gives it: text is sent as it is, anything else as JSON (or a form, by Content-Type).</summary>
    public JsonNode? Body { get; init; }

    public ConnectorAuthentication Authentication { get; init; } = new NoAuthentication();

    public required TimeSpan ConnectTimeout { get; init; }

    public required TimeSpan ReadTimeout { get; init; }

    public bool FollowRedirects { get; init; }

    public bool SkipEncoding { get; init; }

    /// <summary>Null: parse the body as JSON when it is JSON, else text (Camunda's default); otherwise always text in this encoding.</summary>
    public Encoding? TextEncoding { get; init; }

    /// <summary>The secrets put into the request, to be kept out of everything the engine records about it.</summary>
    public required SensitiveValues Sensitive { get; init; }
}

internal abstract record ConnectorAuthentication;

internal sealed record NoAuthentication : ConnectorAuthentication;

internal sealed record BasicAuthentication(string Username, string Password) : ConnectorAuthentication;

internal sealed record BearerAuthentication(string Token) : ConnectorAuthentication;

internal sealed record ApiKeyAuthentication(bool InQuery, string Name, string Value) : ConnectorAuthentication;

/// <summary>OAuth 2.0: client credentials (RFC 6749 4.4), or a refresh token (6) when <see cref="RefreshToken"/> is set.</summary>
internal sealed record OAuthAuthentication(
    Uri TokenEndpoint,
    string ClientId,
    string? ClientSecret,
    string? Audience,
    string? Scopes,
    bool CredentialsInBody,
    string? RefreshToken) : ConnectorAuthentication;

/// <summary>
/// Strings that must not be recorded: secrets put into a request and what was made of them (an Authorization header,
/// an access token). The engine replaces them by <see cref="Mask"/> in responses, messages and logs of the call.
/// </summary>
internal sealed class SensitiveValues
{
    public const string Mask = "****";

    // Shorter strings would mask ordinary words; a credential that short protects nothing anyway.
    private const int MinimumLength = 4;

    private readonly HashSet<string> _values = new(StringComparer.Ordinal);

    public void Add(string? value)
    {
        if (value is { Length: >= MinimumLength })
        {
            lock (_values)
            {
                _values.Add(value);
                // An echo of a query string or form field carries the value URL-encoded.
                _values.Add(Uri.EscapeDataString(value));
            }
        }
    }

    public string Scrub(string text)
    {
        string[] values;
        lock (_values)
        {
            values = [.. _values.OrderByDescending(v => v.Length)];
        }

        foreach (var value in values)
        {
            text = text.Replace(value, Mask, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A copy of the JSON value with every secret replaced, in names and strings alike.</summary>
    public JsonNode? Scrub(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (name, value) in obj)
                {
                    // Two names that differ only in a secret become one: the last one is kept.
                    copy[Scrub(name)] = Scrub(value);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(Scrub)]);
            case JsonValue value when value.TryGetValue<string>(out var text):
                return JsonValue.Create(Scrub(text));
            default:
                return node.DeepClone();
        }
    }
}
