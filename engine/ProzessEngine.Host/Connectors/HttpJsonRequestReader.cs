using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// Reads a REST task's request from the task's own variables, which its input mappings made (a process variable of
/// the same name is never taken: Camunda's "do not name a variable url" caution does not apply). Secrets are put in
/// only where the model writes their placeholder: a placeholder that arrives in a value from a process variable (a
/// form a citizen filled in, say) would otherwise send any secret wherever that value goes.
/// </summary>
internal sealed class HttpJsonRequestReader(Secrets secrets)
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <param name="locals">The job element's variables.</param>
    /// <param name="inputs">The element's input mappings as deployed: where the model wrote each placeholder.</param>
    /// <param name="budget">The longest a timeout may be (0 in the model means this long).</param>
    public HttpJsonRequest Read(JsonObject locals, IReadOnlyList<Mapping> inputs, TimeSpan budget)
    {
        ArgumentNullException.ThrowIfNull(locals);
        ArgumentNullException.ThrowIfNull(inputs);
        var read = new Reading(secrets, locals, inputs);
        foreach (var (name, reason) in HttpJsonConnector.Unsupported)
        {
            if (locals[name] is not null)
            {
                throw ConnectorFailure.Configuration(name, $"cannot run here: {reason}.");
            }
        }

        if (IntrinsicFunctionIn(locals) is { } path)
        {
            // It would otherwise go out as it stands, a JSON object the receiving system never expected.
            throw ConnectorFailure.Configuration(path, "calls one of Camunda's intrinsic functions (camunda.function.type), which this engine does not run.");
        }

        var method = read.Text(HttpJsonConnector.Method)?.Trim().ToUpperInvariant()
            ?? throw ConnectorFailure.Configuration(HttpJsonConnector.Method, "is missing.");
        if (!HttpJsonConnector.Methods.Contains(method))
        {
            throw ConnectorFailure.Configuration(HttpJsonConnector.Method, $"is '{method}'; expected one of {string.Join(", ", HttpJsonConnector.Methods)}.");
        }

        var url = read.Text(HttpJsonConnector.Url)?.Trim() ?? throw ConnectorFailure.Configuration(HttpJsonConnector.Url, "is missing.");
        var skipEncoding = read.Switch(HttpJsonConnector.SkipEncoding);
        var parsed = ParseUrl(url, skipEncoding);
        var body = locals[HttpJsonConnector.Body];
        if (body is not null && !HttpJsonConnector.MethodsWithBody.Contains(method))
        {
            throw ConnectorFailure.Configuration(HttpJsonConnector.Body, $"is given, but a {method} request sends no body.");
        }

        if (read.Switch(HttpJsonConnector.StoreResponse))
        {
            throw ConnectorFailure.Configuration(HttpJsonConnector.StoreResponse, "asks to store the response as a document; this engine has no document store.");
        }

        return new HttpJsonRequest
        {
            Method = method,
            Url = parsed,
            Headers = read.Pairs(HttpJsonConnector.Headers, lists: false),
            Query = read.Pairs(HttpJsonConnector.QueryParameters, lists: true),
            Body = body is null ? null : read.ResolveAll(HttpJsonConnector.Body, read.Switch(HttpJsonConnector.IgnoreNullValues) ? WithoutNulls(body) : body.DeepClone()),
            Authentication = ReadAuthentication(read),
            ConnectTimeout = read.Timeout(HttpJsonConnector.ConnectionTimeout, budget),
            // Camunda's writeTimeoutInSeconds (one template version) bounds sending the body, which is part of the answer's window here.
            ReadTimeout = Min(read.Timeout(HttpJsonConnector.ReadTimeout, budget) + (locals[HttpJsonConnector.WriteTimeout] is null ? TimeSpan.Zero : read.Timeout(HttpJsonConnector.WriteTimeout, budget)), budget),
            FollowRedirects = read.Switch(HttpJsonConnector.FollowRedirects),
            SkipEncoding = skipEncoding,
            TextEncoding = ReadFormat(read),
            Sensitive = read.Sensitive,
        };

        // The text has its secrets put in already (Reading.Text).
        Uri ParseUrl(string resolved, bool skip)
        {
            var ok = skip
                ? Uri.TryCreate(resolved, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var uri)
                : Uri.TryCreate(resolved, UriKind.Absolute, out uri);
            if (!ok || !uri!.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                throw ConnectorFailure.Configuration(HttpJsonConnector.Url, $"is '{read.Sensitive.Scrub(resolved)}', which is not an http or https URL.");
            }

            if (uri.UserInfo.Length > 0)
            {
                throw ConnectorFailure.Configuration(HttpJsonConnector.Url, "carries a user name; use authentication.type basic with {{secrets.NAME}} instead.");
            }

            return uri;
        }
    }

    private static ConnectorAuthentication ReadAuthentication(Reading read)
    {
        const string Auth = HttpJsonConnector.Authentication;
        var type = read.Text($"{Auth}.type")?.Trim() ?? "noAuth";
        switch (type)
        {
            case "noAuth":
                return new NoAuthentication();
            case "basic":
                return new BasicAuthentication(read.Required($"{Auth}.username"), read.Text($"{Auth}.password") ?? "");
            case "bearer":
                return new BearerAuthentication(read.Required($"{Auth}.token"));
            case "apiKey":
                var location = read.Text($"{Auth}.apiKeyLocation")?.Trim() ?? "headers";
                if (location is not ("headers" or "query"))
                {
                    throw ConnectorFailure.Configuration($"{Auth}.apiKeyLocation", $"is '{location}'; expected headers or query.");
                }

                return new ApiKeyAuthentication(location == "query", read.Required($"{Auth}.name"), read.Required($"{Auth}.value"));
            case "oauth-client-credentials-flow" or "oauth-refresh-token":
                var refresh = type == "oauth-refresh-token";
                var endpointText = read.Required($"{Auth}.oauthTokenEndpoint");
                if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
                {
                    throw ConnectorFailure.Configuration($"{Auth}.oauthTokenEndpoint", "is not an http or https URL.");
                }

                var clientAuthentication = read.Text($"{Auth}.clientAuthentication")?.Trim() ?? "credentialsBody";
                if (clientAuthentication is not ("credentialsBody" or "basicAuthHeader"))
                {
                    throw ConnectorFailure.Configuration($"{Auth}.clientAuthentication", $"is '{clientAuthentication}'; expected credentialsBody or basicAuthHeader.");
                }

                return new OAuthAuthentication(
                    endpoint,
                    read.Required($"{Auth}.clientId"),
                    refresh ? read.Text($"{Auth}.clientSecret") : read.Required($"{Auth}.clientSecret"),
                    refresh ? null : Blank(read.Text($"{Auth}.audience")),
                    Blank(read.Text($"{Auth}.scopes")),
                    clientAuthentication == "credentialsBody",
                    refresh ? read.Required($"{Auth}.refreshToken") : null);
            default:
                throw ConnectorFailure.Configuration($"{Auth}.type", $"is '{type}'; expected one of {string.Join(", ", HttpJsonConnector.AuthenticationTypes)}.");
        }
    }

    private static Encoding? ReadFormat(Reading read)
    {
        var choice = read.Text($"{HttpJsonConnector.ReturnFormat}.choice")?.Trim() ?? "JSON";
        switch (choice)
        {
            case "JSON":
                return null;
            case "TEXT":
                var name = read.Text($"{HttpJsonConnector.ReturnFormat}.encoding")?.Trim() ?? "UTF-8";
                try
                {
                    return Encoding.GetEncoding(name);
                }
                catch (ArgumentException)
                {
                    throw ConnectorFailure.Configuration($"{HttpJsonConnector.ReturnFormat}.encoding", $"is '{name}', which is not an encoding the engine knows (UTF-8, UTF-16, ISO-8859-1, US-ASCII).");
                }

            case "DOCUMENT":
                throw ConnectorFailure.Configuration($"{HttpJsonConnector.ReturnFormat}.choice", "asks for a document; this engine has no document store.");
            default:
                throw ConnectorFailure.Configuration($"{HttpJsonConnector.ReturnFormat}.choice", $"is '{choice}'; expected JSON or TEXT.");
        }
    }

    private static string? IntrinsicFunctionIn(JsonNode? node, string path = "") => node switch
    {
        JsonObject obj when obj.ContainsKey(IntrinsicFunctionKey) => path,
        JsonObject obj => obj.Select(p => IntrinsicFunctionIn(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")).FirstOrDefault(p => p is not null),
        JsonArray array => array.Select(i => IntrinsicFunctionIn(i, path)).FirstOrDefault(p => p is not null),
        _ => null,
    };

    private const string IntrinsicFunctionKey = "camunda.function.type";

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static JsonNode? WithoutNulls(JsonNode node) => node switch
    {
        JsonObject obj => new JsonObject(obj.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Key, WithoutNulls(p.Value!)))),
        JsonArray array => new JsonArray([.. array.Select(i => i is null ? null : WithoutNulls(i))]),
        _ => node.DeepClone(),
    };

    /// <summary>One read of a task's variables, collecting the secrets it put in.</summary>
    private sealed class Reading(Secrets secrets, JsonObject locals, IReadOnlyList<Mapping> inputs)
    {
        public SensitiveValues Sensitive { get; } = new();

        public JsonNode? At(string path)
        {
            JsonNode? node = locals;
            foreach (var part in path.Split('.'))
            {
                node = node is JsonObject obj ? obj[part] : null;
            }

            return node;
        }

        public string? Text(string path) => At(path) switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => Resolve(path, value.GetValue<string>()),
            JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => throw ConnectorFailure.Configuration(path, "must be text."),
        };

        public string Required(string path) =>
            Text(path) is { Length: > 0 } text ? text : throw ConnectorFailure.Configuration(path, "is missing; the authentication type needs it.");

        public bool Switch(string path) => At(path) switch
        {
            null => false,
            JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
            JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
            JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Trim() is "true" or "false" =>
                value.GetValue<string>().Trim() == "true",
            _ => throw ConnectorFailure.Configuration(path, "must be true or false."),
        };

        public TimeSpan Timeout(string path, TimeSpan budget)
        {
            var node = At(path);
            if (node is null)
            {
                return Min(DefaultTimeout, budget);
            }

            var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>().Trim() : node.ToJsonString();
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds) || seconds < 0)
            {
                throw ConnectorFailure.Configuration(path, $"is '{text}'; expected a number of seconds, 0 or more.");
            }

            // 0 means "no limit" in Camunda; a call must never hang, so it means the most a call may take here.
            return seconds == 0 || seconds >= (decimal)budget.TotalSeconds ? budget : TimeSpan.FromSeconds((double)seconds);
        }

        /// <summary>Name–value pairs of a context (headers, query parameters): text, numbers and booleans; lists repeat the name.</summary>
        public List<KeyValuePair<string, string>> Pairs(string path, bool lists)
        {
            var node = At(path);
            if (node is null)
            {
                return [];
            }

            if (node is not JsonObject obj)
            {
                throw ConnectorFailure.Configuration(path, "must be a context of names and values, e.g. ={ name: \"value\" }.");
            }

            var pairs = new List<KeyValuePair<string, string>>();
            foreach (var (name, value) in obj)
            {
                var entry = $"{path}.{name}";
                foreach (var item in value is JsonArray array && lists ? array.ToList() : [value])
                {
                    switch (item)
                    {
                        case null:
                            break;
                        case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                            pairs.Add(new(name, Resolve(entry, text.GetValue<string>())));
                            break;
                        case JsonValue scalar:
                            pairs.Add(new(name, scalar.ToJsonString()));
                            break;
                        default:
                            throw ConnectorFailure.Configuration(entry, "must be text, a number or a boolean" + (lists ? " (or a list of them)." : "."));
                    }
                }
            }

            return pairs;
        }

        public string Resolve(string path, string text)
        {
            foreach (var name in Connectors.Secrets.NamesIn(text))
            {
                if (!WrittenAt(path, name))
                {
                    throw ConnectorFailure.Configuration(path,
                        $"holds {{{{secrets.{name}}}}}, which the model does not write there: it came from a variable. Secrets are put in only where the model names them.");
                }
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                return secrets.Resolve(text, used);
            }
            catch (SecretNotConfiguredException ex)
            {
                throw ConnectorFailure.Configuration(path, $"needs a secret: {ex.Message}");
            }
            finally
            {
                foreach (var value in used)
                {
                    Sensitive.Add(value);
                }
            }
        }

        public JsonNode? ResolveAll(string path, JsonNode? node) => node switch
        {
            JsonObject obj => new JsonObject(obj.Select(p => KeyValuePair.Create(p.Key, ResolveAll($"{path}.{p.Key}", p.Value)))),
            JsonArray array => new JsonArray([.. array.Select(i => ResolveAll(path, i))]),
            JsonValue value when value.GetValueKind() == JsonValueKind.String => JsonValue.Create(Resolve(path, value.GetValue<string>())),
            _ => node?.DeepClone(),
        };

        /// <summary>Whether an input mapping of the property (or of a context holding it, or inside it) writes the placeholder.</summary>
        private bool WrittenAt(string path, string name) => inputs.Any(input =>
            input.Source is { } source
            && (input.Target == path || path.StartsWith(input.Target + ".", StringComparison.Ordinal) || input.Target.StartsWith(path + ".", StringComparison.Ordinal))
            && Connectors.Secrets.NamesIn(source.Text).Contains(name, StringComparer.Ordinal));
    }
}
