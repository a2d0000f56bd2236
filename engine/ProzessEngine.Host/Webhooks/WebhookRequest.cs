using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProzessEngine.Feel;
using ProzessEngine.Host.Http;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// A request to a webhook as its FEEL expressions see it, the way Camunda's connector runtime gives it: <c>request.body</c>
/// (JSON read as FEEL values, a form as a context of texts, anything else as text, nothing as an empty context),
/// <c>request.headers</c> (names in lower case, repeated headers joined with ", ") and <c>request.params</c> (the query,
/// the first value of each name). The raw bytes stay for the HMAC signature.
/// </summary>
internal sealed class WebhookRequest
{
    /// <summary>
    /// Headers that carry credentials: the authorization step reads them, but the expressions that make variables,
    /// correlation keys and answers do not see them, so that no password or key ends up in a process variable (and so in
    /// the journal).
    /// </summary>
    private static readonly HashSet<string> CredentialHeaders = new(StringComparer.Ordinal)
    {
        "authorization", "proxy-authorization", "cookie", "x-api-key",
    };

    private FeelValue? _body;

    private WebhookRequest(string method, string url, byte[] body, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers,
        IReadOnlyList<KeyValuePair<string, string>> parameters, string queryString, int maxDepth)
    {
        Method = method;
        Url = url;
        Body = body;
        ContentType = contentType;
        Headers = headers;
        Parameters = parameters;
        QueryString = queryString;
        MaxDepth = maxDepth;
    }

    public string Method { get; }

    /// <summary>The URL the caller called, without query: scheme and host as the engine is reached (Engine:PublicBaseUrl when set).</summary>
    public string Url { get; }

    public byte[] Body { get; }

    public string? ContentType { get; }

    /// <summary>Header names in lower case, in the order received.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>The query's parameters, decoded, in the order received (a name may repeat).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    public string QueryString { get; }

    private int MaxDepth { get; }

    public string? Header(string name) =>
        Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value : null;

    public bool IsForm => ContentType is { } type && type.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public bool IsJson => ContentType is { } type
        && (type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || type.Split(';')[0].Trim().EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>What the request asks for, for the Idempotency-Key: method, query and body (headers differ between retries: timestamps, signatures).</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{Method}\n{QueryString}\n"));
        hash.AppendData(Body);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The variables of the webhook's expressions: <c>request</c>, with or without the credential headers.</summary>
    public FeelValue Request(bool withCredentials) => FeelValue.FromContext(
    [
        new("body", ParsedBody()),
        new("headers", FeelValue.FromContext(Headers
            .Where(h => withCredentials || !CredentialHeaders.Contains(h.Key))
            .Select(h => new KeyValuePair<string, FeelValue>(h.Key, FeelValue.FromString(h.Value))))),
        new("params", FeelValue.FromContext(Parameters
            .DistinctBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new KeyValuePair<string, FeelValue>(p.Key, FeelValue.FromString(p.Value))))),
    ]);

    /// <summary>The body as FEEL reads it; a body that claims to be JSON and is not is the caller's mistake (400).</summary>
    public FeelValue ParsedBody()
    {
        if (_body is { } parsed)
        {
            return parsed;
        }

        FeelValue value;
        if (Body.Length == 0)
        {
            value = FeelValue.FromContext([]);
        }
        else if (IsJson)
        {
            try
            {
                using var document = JsonDocument.Parse(Body, new JsonDocumentOptions { MaxDepth = MaxDepth });
                value = FeelJson.FromJson(document.RootElement);
            }
            catch (JsonException ex)
            {
                throw RequestValidationException.For("body", $"is not valid JSON (nested at most {MaxDepth} levels, Engine:Limits:MaxVariablesDepth): {ex.Message}");
            }
        }
        else if (IsForm)
        {
            value = FeelValue.FromContext(ParseQuery(Encoding.UTF8.GetString(Body))
                .DistinctBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => new KeyValuePair<string, FeelValue>(p.Key, FeelValue.FromString(p.Value))));
        }
        else
        {
            value = FeelValue.FromString(new UTF8Encoding(false, true).GetString(Body));
        }

        _body = value;
        return value;
    }

    /// <summary>Reads the request, its body held to <paramref name="maxBodyBytes"/> (413 beyond).</summary>
    public static async Task<WebhookRequest> ReadAsync(HttpContext context, long maxBodyBytes, int maxDepth, string? publicBaseUrl,
        CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.ContentLength > maxBodyBytes)
        {
            throw JsonBodyLimit.TooLarge(maxBodyBytes);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBodyBytes)
            {
                throw JsonBodyLimit.TooLarge(maxBodyBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers)
        {
            headers.Add(new(name.ToLowerInvariant(), string.Join(", ", values.Where(v => v is not null))));
        }

        var queryString = request.QueryString.HasValue ? request.QueryString.Value![1..] : "";
        var origin = string.IsNullOrWhiteSpace(publicBaseUrl)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : publicBaseUrl.TrimEnd('/');
        return new WebhookRequest(request.Method, origin + request.Path, buffer.ToArray(), request.ContentType, headers, ParseQuery(queryString), queryString,
            maxDepth);
    }

    /// <summary>name=value pairs separated by '&amp;', decoded as forms are ('+' is a space), in their order.</summary>
    private static List<KeyValuePair<string, string>> ParseQuery(string text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = part.IndexOf('=', StringComparison.Ordinal);
            var name = WebUtility.UrlDecode(at < 0 ? part : part[..at]);
            if (name.Length > 0)
            {
                pairs.Add(new(name, at < 0 ? "" : WebUtility.UrlDecode(part[(at + 1)..])));
            }
        }

        return pairs;
    }
}
