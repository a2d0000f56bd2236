using System.Globalization;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// The REST connector (<see cref="HttpJsonConnector"/>), which the engine runs itself: what can be known at deployment
/// is checked here, naming the element and the property, so that a model that cannot run never deploys.
/// </summary>
internal sealed partial class ProcessReader
{
    private static readonly string[] RequiredConnectorInputs = [HttpJsonConnector.Url, HttpJsonConnector.Method];

    private static readonly string[] SwitchInputs =
    [
        HttpJsonConnector.FollowRedirects, HttpJsonConnector.SkipEncoding, HttpJsonConnector.IgnoreNullValues, HttpJsonConnector.StoreResponse,
    ];

    private static readonly string[] TimeoutInputs = [HttpJsonConnector.ConnectionTimeout, HttpJsonConnector.ReadTimeout, HttpJsonConnector.WriteTimeout];

    private static bool IsHttpJsonConnector(FlowNode node) =>
        node.Job is { Definition.Type: { IsExpression: false } type } && type.Text.Trim() == HttpJsonConnector.JobType;

    private void CheckHttpJsonConnector(XElement element, string id, FlowNode node)
    {
        var inputs = node.IoMapping.Inputs.IsDefault ? [] : node.IoMapping.Inputs;
        var inputElements = Zeebe(element, "ioMapping")?.Elements(Namespaces.Zeebe + "input").ToList() ?? [];
        foreach (var required in RequiredConnectorInputs.Where(r => !inputs.Any(i => i.Target == r)))
        {
            Error(element, id, $"The REST connector needs the input '{required}' (zeebe:input target=\"{required}\"), as Camunda's element template writes it.");
        }

        foreach (var input in inputs)
        {
            var at = inputElements.FirstOrDefault(e => ((string?)e.Attribute("target"))?.Trim() == input.Target) ?? element;
            CheckConnectorInput(at, id, input);
        }

        if (inputs.FirstOrDefault(i => i.Target == HttpJsonConnector.Method)?.Source is { IsExpression: false } method
            && !HttpJsonConnector.MethodsWithBody.Contains(method.Text.Trim().ToUpperInvariant())
            && inputs.Any(i => i.Target == HttpJsonConnector.Body && i.Source is { } body && body.Text.Trim().Length > 0))
        {
            Error(element, id, $"The REST connector sends no body with {method.Text.Trim().ToUpperInvariant()}; remove the input 'body' or choose POST, PUT or PATCH.");
        }

        CheckConnectorHeaders(element, id, node.Job!.Headers);
    }

    private void CheckConnectorInput(XElement at, string id, Mapping input)
    {
        var target = input.Target;
        var head = target.Split('.')[0];
        var given = input.Source is { } source && source.Text.Trim().Length > 0;
        if (HttpJsonConnector.Unsupported.TryGetValue(head, out var reason))
        {
            if (given)
            {
                Error(at, id, $"The REST connector input '{target}' cannot run here: {reason}.");
            }

            return;
        }

        if (input.Source is not { IsExpression: false } fixedSource)
        {
            return;
        }

        var text = fixedSource.Text.Trim();
        switch (target)
        {
            case HttpJsonConnector.Method when !HttpJsonConnector.Methods.Contains(text.ToUpperInvariant()):
                Error(at, id, $"The REST connector input 'method' is '{text}'; expected one of {string.Join(", ", HttpJsonConnector.Methods)}.");
                break;
            case HttpJsonConnector.Url when !text.Contains("{{", StringComparison.Ordinal)
                && !(Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)):
                Error(at, id, $"The REST connector input 'url' is '{text}', which is not an http or https URL.");
                break;
            case HttpJsonConnector.Headers or HttpJsonConnector.QueryParameters when text.Length > 0:
                Error(at, id, $"The REST connector input '{target}' must be a FEEL context such as ={{ name: \"value\" }}, not the text '{text}'.");
                break;
            case "authentication.type" when !HttpJsonConnector.AuthenticationTypes.Contains(text):
                Error(at, id, $"The REST connector input 'authentication.type' is '{text}'; expected one of {string.Join(", ", HttpJsonConnector.AuthenticationTypes)}.");
                break;
            case "authentication.apiKeyLocation" when text is not ("headers" or "query"):
                Error(at, id, $"The REST connector input 'authentication.apiKeyLocation' is '{text}'; expected headers or query.");
                break;
            case "authentication.clientAuthentication" when text is not ("credentialsBody" or "basicAuthHeader"):
                Error(at, id, $"The REST connector input 'authentication.clientAuthentication' is '{text}'; expected credentialsBody or basicAuthHeader.");
                break;
            case HttpJsonConnector.ReturnFormat + ".choice" when text == "DOCUMENT":
                Error(at, id, "The REST connector cannot store the response as a document: this engine has no document store. Choose JSON or TEXT.");
                break;
            case HttpJsonConnector.ReturnFormat + ".choice" when text is not ("JSON" or "TEXT"):
                Error(at, id, $"The REST connector input 'documentReturnFormat.choice' is '{text}'; expected JSON or TEXT.");
                break;
            case var _ when TimeoutInputs.Contains(target)
                && !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _):
                Error(at, id, $"The REST connector input '{target}' is '{text}'; expected a whole number of seconds (0: as long as the engine allows).");
                break;
            case var _ when SwitchInputs.Contains(target) && text is not ("true" or "false"):
                Error(at, id, $"The REST connector input '{target}' is '{text}'; expected true or false.");
                break;
            case HttpJsonConnector.StoreResponse when text == "true":
                Error(at, id, "The REST connector cannot store the response as a document (storeResponse): this engine has no document store.");
                break;
        }
    }

    private void CheckConnectorHeaders(XElement element, string id, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var headerElements = Zeebe(element, "taskHeaders")?.Elements(Namespaces.Zeebe + "header").ToList() ?? [];
        foreach (var (key, rawValue) in headers)
        {
            var at = headerElements.FirstOrDefault(e => ((string?)e.Attribute("key"))?.Trim() == key) ?? element;
            var value = rawValue.Trim();
            if (CheckOutcomeHeader(at, id, "REST connector", key, value))
            {
                continue;
            }

            switch (key)
            {
                case HttpJsonConnector.JobTimeoutHeader when value.Length > 0 && !(ConnectorDuration(value) > TimeSpan.Zero):
                    Error(at, id, $"The REST connector header 'jobTimeout' is '{value}'; expected a positive ISO-8601 duration such as PT5M.");
                    break;
            }
        }
    }

    /// <summary>
    /// Checks the headers every connector the engine runs shares (result variable, result and error expression, retry
    /// backoff), naming the connector in the error; false when the header is not one of them.
    /// </summary>
    private bool CheckOutcomeHeader(XElement at, string id, string connector, string key, string value)
    {
        switch (key)
        {
            case HttpJsonConnector.ResultVariableHeader:
                if (value.Length > 0 && !IsVariableName(value))
                {
                    Error(at, id, $"The {connector} header 'resultVariable' is '{value}', which is not a variable name.");
                }

                return true;
            case HttpJsonConnector.ResultExpressionHeader or HttpJsonConnector.ErrorExpressionHeader:
                var source = value.StartsWith('=') ? value[1..] : value;
                foreach (var error in value.Length > 0 ? feel.ParseExpression(source).Errors : [])
                {
                    Error(at, id, $"FEEL syntax error in the {connector} header '{key}' at position {error.Column}: {error.Message}");
                }

                return true;
            case HttpJsonConnector.RetryBackoffHeader:
                if (value.Length > 0 && ConnectorDuration(value) is null)
                {
                    Error(at, id, $"The {connector} header 'retryBackoff' is '{value}'; expected an ISO-8601 duration such as PT30S.");
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>A days-and-time duration of zero or more; months and years have no fixed length to wait.</summary>
    private static TimeSpan? ConnectorDuration(string text) =>
        IsoDuration.TryParse(text, out var value) && value.TryGetDuration(out var duration) && duration >= TimeSpan.Zero ? duration : null;
}
