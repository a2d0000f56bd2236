using System.Collections.Frozen;

namespace ProzessEngine.Bpmn;

/// <summary>
/// Camunda's REST connector (<c>io.camunda:http-json:1</c>) as its element template writes it: the request in
/// zeebe:input mappings, the handling of the answer in zeebe:taskHeaders. The engine runs it itself; these are the
/// names both the deployment check and the host's connector read.
/// </summary>
public static class HttpJsonConnector
{
    public const string JobType = "io.camunda:http-json:1";

    public const string Method = "method";
    public const string Url = "url";
    public const string Headers = "headers";
    public const string QueryParameters = "queryParameters";
    public const string Body = "body";
    public const string Authentication = "authentication";
    public const string ConnectionTimeout = "connectionTimeoutInSeconds";
    public const string ReadTimeout = "readTimeoutInSeconds";
    public const string WriteTimeout = "writeTimeoutInSeconds";
    public const string FollowRedirects = "followRedirects";
    public const string SkipEncoding = "skipEncoding";
    public const string IgnoreNullValues = "ignoreNullValues";
    public const string StoreResponse = "storeResponse";
    public const string ReturnFormat = "documentReturnFormat";

    public const string ResultVariableHeader = "resultVariable";
    public const string ResultExpressionHeader = "resultExpression";
    public const string ErrorExpressionHeader = "errorExpression";
    public const string RetryBackoffHeader = "retryBackoff";
    public const string JobTimeoutHeader = "jobTimeout";

    /// <summary>The methods Camunda's connector knows.</summary>
    public static FrozenSet<string> Methods { get; } = new[] { "GET", "POST", "PUT", "PATCH", "DELETE" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The methods that send a body; Camunda's connector sends none with GET and DELETE.</summary>
    public static FrozenSet<string> MethodsWithBody { get; } = new[] { "POST", "PUT", "PATCH" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The values of <c>authentication.type</c> the engine runs (every one of the template's).</summary>
    public static FrozenSet<string> AuthenticationTypes { get; } = new[]
    {
        "noAuth", "basic", "bearer", "apiKey", "oauth-client-credentials-flow", "oauth-refresh-token",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Inputs of newer templates the engine does not run, with the reason: refused at deployment rather than silently
    /// dropped, so a request never leaves without the client certificate or credential its model asked for.
    /// </summary>
    public static FrozenDictionary<string, string> Unsupported { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["clientTls"] = "client certificates (mTLS) are not supported by this engine yet",
        ["authenticationConfiguration"] = "reusable credentials of Camunda's web modeler do not exist in this engine; "
            + "write authentication.* with {{secrets.NAME}} instead",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
