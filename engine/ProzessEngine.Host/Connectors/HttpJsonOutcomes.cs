using System.Text.Json.Nodes;
using ProzessEngine.Bpmn;
using ProzessEngine.Feel;

namespace ProzessEngine.Host.Connectors;

/// <summary>What a REST task's job ends with.</summary>
internal abstract record ConnectorOutcome;

/// <summary>The job completes with the result variables.</summary>
internal sealed record CompleteOutcome(IReadOnlyList<KeyValuePair<string, FeelValue>> Variables) : ConnectorOutcome;

/// <summary>The job ends with a BPMN error, caught by an error boundary event or event sub-process (else an incident).</summary>
internal sealed record BpmnErrorOutcome(string Code, string? Message, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables) : ConnectorOutcome;

/// <summary>
/// The job fails: <see cref="Retries"/> null means the engine's rule (one retry less when another attempt can help,
/// none otherwise); a jobError() from the error expression gives its own retries and back-off.
/// </summary>
internal sealed record FailOutcome(string Message, bool Retryable, int? Retries = null, TimeSpan? BackOff = null,
    IReadOnlyList<KeyValuePair<string, FeelValue>>? Variables = null) : ConnectorOutcome;

/// <summary>
/// The task headers that map an answer: <c>resultVariable</c> (the whole <c>{ status, headers, body }</c>),
/// <c>resultExpression</c> (FEEL over <c>response</c>, giving a context of variables) and <c>errorExpression</c> (FEEL
/// over the response and result, or over <c>error</c> when the call failed, giving <c>bpmnError(code, message[,
/// variables])</c>, <c>jobError(message[, variables, retries, retryBackoff])</c> or null), as Camunda's connectors
/// read them.
/// </summary>
internal sealed class HttpJsonOutcomes
{
    private readonly FeelEngine _feel;
    private readonly FeelValue _bpmnError;
    private readonly FeelValue _jobError;

    public HttpJsonOutcomes(FeelEngine feel)
    {
        _feel = feel;
        // Camunda's connector functions, defined in FEEL itself: they only build the context the error expression returns.
        _bpmnError = Function("""function(errorCode, errorMessage, variables) { errorType: "bpmnError", code: errorCode, message: errorMessage, variables: variables }""");
        _jobError = Function("""function(errorMessage, variables, retries, retryBackoff) { errorType: "jobError", message: errorMessage, variables: variables, retries: retries, retryBackoff: retryBackoff }""");
    }

    /// <summary>The outcome of a 2xx answer.</summary>
    public ConnectorOutcome Answered(HttpJsonResponse response, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(headers);
        var value = FeelJson.FromJson(response.ToJson().ToJsonString());
        var scope = new FeelVariables
        {
            ["response"] = value,
            ["status"] = FeelValue.FromNumber(response.Status),
            ["headers"] = FeelJson.FromJson(response.Headers.ToJsonString()),
            ["body"] = response.Body is null ? FeelValue.Null : FeelJson.FromJson(response.Body.ToJsonString()),
        };
        return Mapped(value, scope, headers);
    }

    /// <summary>
    /// The outcome of another connector's result (the e-mail connector's <c>{ sent, messageId }</c>): the same headers
    /// map it, with the result as <c>response</c>.
    /// </summary>
    public ConnectorOutcome Answered(FeelValue response, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var scope = new FeelVariables { ["response"] = response };
        if (response.Kind == FeelValueKind.Context)
        {
            foreach (var (name, entry) in response.AsContext())
            {
                scope[name] = entry;
            }
        }

        return Mapped(response, scope, headers);
    }

    private ConnectorOutcome Mapped(FeelValue value, FeelVariables scope, IReadOnlyDictionary<string, string> headers)
    {
        var result = new List<KeyValuePair<string, FeelValue>>();
        if (Header(headers, HttpJsonConnector.ResultVariableHeader) is { } name)
        {
            result.Add(new(name, value));
        }

        if (Header(headers, HttpJsonConnector.ResultExpressionHeader) is { } expression)
        {
            var mapped = Evaluate(HttpJsonConnector.ResultExpressionHeader, expression, scope);
            if (mapped.Kind == FeelValueKind.Context)
            {
                result.AddRange(mapped.AsContext());
            }
            else if (!mapped.IsNull)
            {
                return Broken(HttpJsonConnector.ResultExpressionHeader, $"gave {mapped}, not a context of variables (e.g. {{ betrag: response.body.betrag }}).");
            }
        }

        if (Header(headers, HttpJsonConnector.ErrorExpressionHeader) is { } errorExpression)
        {
            foreach (var (variable, variableValue) in result)
            {
                scope[variable] = variableValue;
            }

            if (ErrorFrom(errorExpression, scope) is { } raised)
            {
                return raised;
            }
        }

        return new CompleteOutcome(result);
    }

    /// <summary>The outcome of a failed call: the error expression may turn it into a BPMN error or a job error of its own.</summary>
    public ConnectorOutcome Failed(ConnectorFailure failure, IReadOnlyDictionary<string, string> headers)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(headers);
        if (failure.ReachesErrorExpression && Header(headers, HttpJsonConnector.ErrorExpressionHeader) is { } errorExpression)
        {
            var error = new JsonObject { ["code"] = failure.Code, ["message"] = failure.ErrorMessage, ["variables"] = failure.ErrorVariables?.DeepClone() };
            var scope = new FeelVariables { ["error"] = FeelJson.FromJson(error.ToJsonString()) };
            if (ErrorFrom(errorExpression, scope) is { } raised)
            {
                return raised;
            }
        }

        return new FailOutcome(failure.Message, failure.Retryable, BackOff: failure.RetryAfter);
    }

    private ConnectorOutcome? ErrorFrom(string expression, FeelVariables scope)
    {
        scope["bpmnError"] = _bpmnError;
        scope["jobError"] = _jobError;
        const string Name = HttpJsonConnector.ErrorExpressionHeader;
        var value = Evaluate(Name, expression, scope);
        if (value.IsNull || (value.Kind == FeelValueKind.Context && value.AsContext().Count == 0))
        {
            return null;
        }

        if (value.Kind != FeelValueKind.Context)
        {
            return Broken(Name, $"gave {value}; expected bpmnError(...), jobError(...) or null.");
        }

        var type = Text(value, "errorType");
        var variables = value.TryGetContextEntry("variables", out var given) ? given : FeelValue.Null;
        if (!variables.IsNull && variables.Kind != FeelValueKind.Context)
        {
            return Broken(Name, $"gave variables {variables}, which is not a context.");
        }

        var entries = variables.IsNull ? [] : variables.AsContext();
        if (type == "jobError")
        {
            var retries = value.TryGetContextEntry("retries", out var r) && r.TryGetInt64(out var n) && n is >= 0 and <= int.MaxValue ? (int)n : 0;
            var backOff = value.TryGetContextEntry("retryBackoff", out var b) && (b.TryGetDuration(out var d)
                || (b.TryGetString(out var iso) && IsoDuration.TryParse(iso, out var parsed) && parsed.TryGetDuration(out d))) && d > TimeSpan.Zero
                ? d
                : TimeSpan.Zero;
            return new FailOutcome(Text(value, "message") ?? "The error expression raised a job error.", Retryable: true, retries, backOff, entries);
        }

        // A context with a code is a BPMN error whether or not bpmnError() built it; without one it is none (as in Camunda).
        return Text(value, "code") is { Length: > 0 } code ? new BpmnErrorOutcome(code, Text(value, "message"), entries) : null;
    }

    private FeelValue Evaluate(string header, string expression, IFeelVariables scope)
    {
        var source = expression.Trim();
        source = source.StartsWith('=') ? source[1..] : source;
        var parsed = _feel.ParseExpression(source);
        if (parsed.Expression is null)
        {
            throw new ConnectorFailure(FailureKind.Configuration,
                $"FEEL syntax error in the REST connector header '{header}': {string.Join("; ", parsed.Errors.Select(e => e.Message))}", retryable: false);
        }

        var warnings = new FeelWarningList();
        var value = parsed.Expression.Evaluate(scope, warnings);
        if (value.IsNull && warnings.Count > 0 && header == HttpJsonConnector.ResultExpressionHeader)
        {
            throw new ConnectorFailure(FailureKind.Configuration,
                $"The REST connector header '{header}' failed: {string.Join("; ", warnings.Select(w => w.Message))}", retryable: false);
        }

        return value;
    }

    private static FailOutcome Broken(string header, string problem) => new($"The REST connector header '{header}' {problem}", Retryable: false);

    private static string? Header(IReadOnlyDictionary<string, string> headers, string key) =>
        headers.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string? Text(FeelValue context, string key) =>
        context.TryGetContextEntry(key, out var value) && value.TryGetString(out var text) ? text : null;

    private FeelValue Function(string definition) => _feel.ParseExpression(definition).Expression!.Evaluate(FeelVariables.Empty);
}
