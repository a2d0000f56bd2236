using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProzessEngine.Host.Connectors;

/// <summary>A response as the task sees it: <c>{ status, headers, body }</c>, secrets masked.</summary>
internal sealed record HttpJsonResponse(int Status, JsonObject Headers, JsonNode? Body)
{
    public JsonObject ToJson() => new() { ["status"] = Status, ["headers"] = Headers.DeepClone(), ["body"] = Body?.DeepClone() };
}

/// <summary>
/// Carries out one REST connector request: authentication (with OAuth tokens from <see cref="OAuthTokens"/>), the
/// body by its Content-Type, redirects to the same host when the task asks for them, timeouts, and a bounded response.
/// Everything it returns or throws has the request's secrets masked.
/// </summary>
internal sealed class HttpJsonExchange(OutboundHttp http, OAuthTokens tokens, HttpConnectorOptions options, TimeProvider clock)
{
    private static readonly JsonDocumentOptions ResponseJson = new() { MaxDepth = 64 };

    public async Task<HttpJsonResponse> SendAsync(HttpJsonRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sensitive = request.Sensitive;
        var query = request.Query.ToList();
        var headers = request.Headers.ToList();
        OAuthAuthentication? oauth = null;
        switch (request.Authentication)
        {
            case BasicAuthentication basic:
                var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}"));
                sensitive.Add(basic.Password);
                sensitive.Add(credentials);
                headers.Add(new("Authorization", "Basic " + credentials));
                break;
            case BearerAuthentication bearer:
                sensitive.Add(bearer.Token);
                headers.Add(new("Authorization", "Bearer " + bearer.Token));
                break;
            case ApiKeyAuthentication apiKey:
                sensitive.Add(apiKey.Value);
                (apiKey.InQuery ? query : headers).Add(new(apiKey.Name, apiKey.Value));
                break;
            case OAuthAuthentication auth:
                oauth = auth;
                sensitive.Add(auth.ClientSecret);
                sensitive.Add(auth.RefreshToken);
                var token = await tokens.GetAsync(auth, token => FetchTokenAsync(request, auth, token), cancellationToken);
                sensitive.Add(token);
                headers.Add(new("Authorization", "Bearer " + token));
                break;
        }

        var url = WithQuery(request.Url, query, request.SkipEncoding);
        var (content, contentType) = await BodyAsync(request, headers, cancellationToken);
        var method = new HttpMethod(request.Method);
        for (var redirects = 0; ; redirects++)
        {
            using var message = new HttpRequestMessage(method, url);
            AddHeaders(message, headers, content is null ? null : new ByteArrayContent(content), contentType);
            using var timeouts = new ExchangeTimeouts(request.ConnectTimeout, request.ReadTimeout, clock);
            using var response = await SendAsync(request, message, timeouts, cancellationToken);
            var status = (int)response.StatusCode;
            if (request.FollowRedirects && status is 301 or 302 or 303 or 307 or 308 && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(url, location);
                if (!SameHost(url, next))
                {
                    throw new ConnectorFailure(FailureKind.Refused, sensitive.Scrub(
                        $"{Describe(request.Method, url)} redirected to '{next.IdnHost}'{(next.IdnHost == url.IdnHost ? " on another port or scheme" : "")}, "
                        + "which is not followed: redirects go only to the same host."), retryable: false);
                }

                if (redirects >= options.MaxRedirects)
                {
                    throw new ConnectorFailure(FailureKind.Response, sensitive.Scrub(
                        $"{Describe(request.Method, url)} redirected more than {options.MaxRedirects} times ({HttpConnectorOptions.Section}:MaxRedirects)."), retryable: false);
                }

                if (status == 303 || (status is 301 or 302 && method == HttpMethod.Post))
                {
                    method = HttpMethod.Get;
                    content = null;
                }

                url = next;
                continue;
            }

            var (responseHeaders, body) = await ReadAsync(request, url, response, timeouts, cancellationToken);
            if (status is >= 200 and < 300)
            {
                return new HttpJsonResponse(status, responseHeaders, body);
            }

            if (status == 401 && oauth is not null)
            {
                tokens.Forget(oauth);
            }

            throw StatusFailure(request.Method, url, response, new JsonObject { ["response"] = new JsonObject { ["headers"] = responseHeaders, ["body"] = body } },
                sensitive, clock.GetUtcNow());
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpJsonRequest request, HttpRequestMessage message, ExchangeTimeouts timeouts, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(message, timeouts, cancellationToken);
        }
        catch (Exception ex) when (Transport(ex, request, message.RequestUri!, timeouts, cancellationToken) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>The failure a transport exception means; null for the caller's own cancellation, which propagates.</summary>
    private static ConnectorFailure? Transport(Exception exception, HttpJsonRequest request, Uri url, ExchangeTimeouts timeouts, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return null;
        }

        var what = Describe(request.Method, url);
        var inner = exception;
        while (inner.InnerException is not null && inner is not (OutboundRefusedException or OutboundConnectException))
        {
            inner = inner.InnerException;
        }

        return inner switch
        {
            OutboundRefusedException refused => new ConnectorFailure(FailureKind.Refused, request.Sensitive.Scrub($"{what} was not sent: {refused.Message}"), retryable: false),
            OutboundConnectException connect => new ConnectorFailure(FailureKind.Transport, request.Sensitive.Scrub($"{what} failed: {connect.Message}"), retryable: true, code: "500"),
            _ when exception is OperationCanceledException && timeouts.TimedOut => new ConnectorFailure(FailureKind.Transport,
                request.Sensitive.Scrub($"{what} got no complete answer within {timeouts.Read.TotalSeconds:0.#} s (readTimeoutInSeconds)."), retryable: true, code: "500"),
            _ when exception is HttpRequestException or IOException or OperationCanceledException => new ConnectorFailure(FailureKind.Transport,
                request.Sensitive.Scrub($"{what} failed: {inner.Message}"), retryable: true, code: "500"),
            _ => null,
        };
    }

    private async Task<(JsonObject Headers, JsonNode? Body)> ReadAsync(HttpJsonRequest request, Uri url, HttpResponseMessage response, ExchangeTimeouts timeouts,
        CancellationToken cancellationToken)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[request.Sensitive.Scrub(name)] = request.Sensitive.Scrub(string.Join(", ", values));
        }

        byte[] bytes;
        try
        {
            bytes = await ReadBoundedAsync(request, url, response, timeouts.Token, cancellationToken);
        }
        catch (Exception ex) when (ex is not ConnectorFailure && Transport(ex, request, url, timeouts, cancellationToken) is { } failure)
        {
            throw failure;
        }

        var text = Decode(bytes, request.TextEncoding ?? Charset(response) ?? Encoding.UTF8);
        if (text.Length == 0)
        {
            return (headers, null);
        }

        if (request.TextEncoding is null)
        {
            try
            {
                return (headers, request.Sensitive.Scrub(JsonNode.Parse(text, documentOptions: ResponseJson)));
            }
            catch (JsonException)
            {
                // Not JSON: the body stays text, as Camunda's connector gives it.
            }
        }

        return (headers, JsonValue.Create(request.Sensitive.Scrub(text)));
    }

    private async Task<byte[]> ReadBoundedAsync(HttpJsonRequest request, Uri url, HttpResponseMessage response, CancellationToken window, CancellationToken cancellationToken)
    {
        var limit = options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw TooLarge(request, url, limit);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, window);
        await using var stream = await response.Content.ReadAsStreamAsync(linked.Token);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, linked.Token)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw TooLarge(request, url, limit);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static ConnectorFailure TooLarge(HttpJsonRequest request, Uri url, long limit) => new(FailureKind.Response,
        request.Sensitive.Scrub($"{Describe(request.Method, url)} answered with a body larger than {limit} bytes ({HttpConnectorOptions.Section}:MaxResponseBytes)."),
        retryable: false);

    private static ConnectorFailure StatusFailure(string method, Uri url, HttpResponseMessage response, JsonObject variables, SensitiveValues sensitive,
        DateTimeOffset now)
    {
        var status = (int)response.StatusCode;
        var reason = string.IsNullOrWhiteSpace(response.ReasonPhrase) ? "[no reason]" : response.ReasonPhrase;
        return new ConnectorFailure(FailureKind.Status, sensitive.Scrub($"{Describe(method, url)} answered {status} {reason}."),
            retryable: status is >= 500 or 408 or 429, code: status.ToString(CultureInfo.InvariantCulture), errorVariables: variables)
        {
            RetryAfter = response.Headers.RetryAfter is { } after ? after.Delta ?? (after.Date is { } date ? date - now : null) : null,
            ErrorMessage = sensitive.Scrub(reason),
        };
    }

    /// <summary>Client credentials or refresh token grant (RFC 6749 4.4 and 6), under the same outbound rules as the call itself.</summary>
    private async Task<IssuedToken> FetchTokenAsync(HttpJsonRequest request, OAuthAuthentication auth, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("grant_type", auth.RefreshToken is null ? "client_credentials" : "refresh_token"),
        };
        if (auth.RefreshToken is { } refreshToken)
        {
            form.Add(new("refresh_token", refreshToken));
        }

        if (auth.Audience is { } audience)
        {
            form.Add(new("audience", audience));
        }

        if (auth.Scopes is { } scopes)
        {
            form.Add(new("scope", scopes));
        }

        using var message = new HttpRequestMessage(HttpMethod.Post, auth.TokenEndpoint);
        if (auth.CredentialsInBody)
        {
            form.Add(new("client_id", auth.ClientId));
            if (auth.ClientSecret is { } secret)
            {
                form.Add(new("client_secret", secret));
            }
        }
        else
        {
            // RFC 6749 2.3.1: both parts form-encoded before they are joined.
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Uri.EscapeDataString(auth.ClientId)}:{Uri.EscapeDataString(auth.ClientSecret ?? "")}"));
            request.Sensitive.Add(basic);
            message.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }

        message.Content = new FormUrlEncodedContent(form);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var timeouts = new ExchangeTimeouts(request.ConnectTimeout, request.ReadTimeout, clock);
        var tokenRequest = request with { Method = "POST", TextEncoding = null };
        using var response = await SendAsync(tokenRequest, message, timeouts, cancellationToken);
        var (_, body) = await ReadAsync(tokenRequest, auth.TokenEndpoint, response, timeouts, cancellationToken);
        var what = Describe("POST", auth.TokenEndpoint);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            var error = body is JsonObject { } problem && problem["error"] is JsonValue code && code.TryGetValue<string>(out var text) ? $" ({text})" : "";
            throw new ConnectorFailure(FailureKind.Status, request.Sensitive.Scrub($"The token endpoint {what} answered {status} {response.ReasonPhrase}{error}."),
                retryable: status is >= 500 or 408 or 429, code: status.ToString(CultureInfo.InvariantCulture));
        }

        // The token is not among the masked values yet: the body holds it as issued.
        var accessToken = body?["access_token"]?.GetValueKind() == JsonValueKind.String ? body["access_token"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(accessToken) || accessToken == SensitiveValues.Mask)
        {
            throw new ConnectorFailure(FailureKind.Response, $"The token endpoint {what} answered without an access_token.", retryable: false);
        }

        var expiresIn = body!["expires_in"] is JsonValue seconds && (seconds.TryGetValue<long>(out var n) || long.TryParse(seconds.ToString(), out n)) && n > 0
            ? TimeSpan.FromSeconds(n)
            : (TimeSpan?)null;
        return new IssuedToken(accessToken, expiresIn);
    }

    private static Uri WithQuery(Uri url, List<KeyValuePair<string, string>> query, bool skipEncoding)
    {
        if (query.Count == 0)
        {
            return url;
        }

        string Encode(string text) => skipEncoding ? text : Uri.EscapeDataString(text);
        var added = string.Join('&', query.Select(p => $"{Encode(p.Key)}={Encode(p.Value)}"));
        var builder = new UriBuilder(url) { Query = url.Query.Length > 1 ? $"{url.Query[1..]}&{added}" : added };
        return skipEncoding ? new Uri(builder.Uri.OriginalString, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }) : builder.Uri;
    }

    /// <summary>The body's bytes and media type: text as it is, a context as a form or multipart by Content-Type, anything else as JSON.</summary>
    private static async Task<(byte[]? Content, MediaTypeHeaderValue? Type)> BodyAsync(HttpJsonRequest request, List<KeyValuePair<string, string>> headers,
        CancellationToken cancellationToken)
    {
        var index = headers.FindLastIndex(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase));
        var declared = index >= 0 ? headers[index].Value : null;
        if (index >= 0)
        {
            headers.RemoveAt(index);
        }

        if (request.Body is not { } body)
        {
            return (null, null);
        }

        if (!MediaTypeHeaderValue.TryParse(declared ?? "application/json", out var type))
        {
            throw ConnectorFailure.Configuration("headers.Content-Type", $"is '{declared}', which is not a media type.");
        }

        Encoding encoding;
        try
        {
            encoding = type.CharSet is { } charset ? Encoding.GetEncoding(charset.Trim('"')) : Encoding.UTF8;
        }
        catch (ArgumentException)
        {
            throw ConnectorFailure.Configuration("headers.Content-Type", $"names the charset '{type.CharSet}', which the engine does not know.");
        }
        switch (type.MediaType)
        {
            case "application/x-www-form-urlencoded" when body is JsonObject fields:
                var form = string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(FieldText(f.Key, f.Value))}"));
                return (Encoding.ASCII.GetBytes(form), type);
            case "multipart/form-data" when body is JsonObject parts:
                using (var multipart = new MultipartFormDataContent())
                {
                    foreach (var (name, value) in parts)
                    {
                        if (value is not JsonValue text || text.GetValueKind() != JsonValueKind.String)
                        {
                            throw ConnectorFailure.Configuration($"body.{name}", "must be text to be sent as multipart/form-data (documents are not supported).");
                        }

                        multipart.Add(new StringContent(text.GetValue<string>(), encoding), name);
                    }

                    return (await multipart.ReadAsByteArrayAsync(cancellationToken), multipart.Headers.ContentType);
                }

            default:
                var payload = body is JsonValue plain && plain.GetValueKind() == JsonValueKind.String ? plain.GetValue<string>() : body.ToJsonString();
                return (encoding.GetBytes(payload), type);
        }
    }

    private static string FieldText(string name, JsonNode? value) => value switch
    {
        null => "",
        JsonValue text when text.GetValueKind() == JsonValueKind.String => text.GetValue<string>(),
        JsonValue scalar => scalar.ToJsonString(),
        _ => throw ConnectorFailure.Configuration($"body.{name}", "must be text, a number or a boolean to be sent as a form field."),
    };

    private static void AddHeaders(HttpRequestMessage message, IEnumerable<KeyValuePair<string, string>> headers, ByteArrayContent? content, MediaTypeHeaderValue? type)
    {
        if (content is not null)
        {
            content.Headers.ContentType = type;
            message.Content = content;
        }

        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                // The allow-list judges the URL's host; another Host header would address another site behind it.
                throw ConnectorFailure.Configuration("headers.Host", "cannot be set: the request goes to the URL's host.");
            }

            if (!message.Headers.TryAddWithoutValidation(name, value) && !(content?.Headers.TryAddWithoutValidation(name, value) ?? false))
            {
                throw ConnectorFailure.Configuration($"headers.{name}", content is null && name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
                    ? "describes a body, but the request has none."
                    : "is not a header name this request can carry.");
            }
        }
    }

    private static bool SameHost(Uri from, Uri to) =>
        (to.Scheme == Uri.UriSchemeHttp || to.Scheme == Uri.UriSchemeHttps)
        && string.Equals(from.IdnHost, to.IdnHost, StringComparison.OrdinalIgnoreCase)
        && (from.Port == to.Port && from.Scheme == to.Scheme
            // An upgrade to https on the standard ports is the same site.
            || (from.Scheme == Uri.UriSchemeHttp && to.Scheme == Uri.UriSchemeHttps && from.IsDefaultPort && to.IsDefaultPort));

    private static Encoding? Charset(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentType?.CharSet is not { Length: > 0 } charset)
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Decode(byte[] bytes, Encoding encoding)
    {
        var text = encoding.GetString(bytes);
        return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
    }

    /// <summary>Method and URL without query, fragment or user: what a message may show of a request.</summary>
    public static string Describe(string method, Uri url) => $"{method} {url.Scheme}://{url.Authority}{url.AbsolutePath}";
}
