using System.Text.Json.Nodes;

namespace ProzessEngine.Host.Connectors;

/// <summary>Why a REST call did not give an answer the task can use.</summary>
internal enum FailureKind
{
    /// <summary>The task's configuration cannot be run (a property, a secret): the same every time.</summary>
    Configuration,

    /// <summary>The outbound policy refused the request before it left.</summary>
    Refused,

    /// <summary>No answer: no connection, a broken one, a timeout.</summary>
    Transport,

    /// <summary>An answer with a status other than 2xx.</summary>
    Status,

    /// <summary>An answer the engine cannot take (too large, in an unknown encoding).</summary>
    Response,
}

/// <summary>
/// A failed REST call. Its message is what the incident and the job show: it names the request by method and URL
/// without query, and holds no secret (the caller scrubs it once more).
/// </summary>
internal sealed class ConnectorFailure(FailureKind kind, string message, bool retryable, string? code = null, JsonObject? errorVariables = null)
    : Exception(message)
{
    public FailureKind Kind { get; } = kind;

    /// <summary>Whether another attempt can give another result: transport failures, 5xx, 408 and 429.</summary>
    public bool Retryable { get; } = retryable;

    /// <summary>The code the error expression sees as <c>error.code</c> (the status, as Camunda's connector gives it).</summary>
    public string? Code { get; } = code;

    /// <summary>What the error expression sees as <c>error.message</c>: an answer's reason phrase (as in Camunda), else the message.</summary>
    public string ErrorMessage { get; init; } = message;

    /// <summary>What the error expression sees as <c>error.variables</c>: the response's headers and body.</summary>
    public JsonObject? ErrorVariables { get; } = errorVariables;

    /// <summary>A server's Retry-After, when it asked for a pause longer than the task's back-off.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Whether the task's error expression may turn the failure into a BPMN error: for answers and transport failures
    /// (as Camunda's), not for a refused request or a configuration the engine cannot run, which stay incidents.
    /// </summary>
    public bool ReachesErrorExpression => Kind is FailureKind.Status or FailureKind.Transport;

    public static ConnectorFailure Configuration(string property, string problem) =>
        new(FailureKind.Configuration, $"The REST connector property '{property}' {problem}", retryable: false);
}
