namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// A webhook request that is refused: the status (401, 403, 405, 422, 429, ...), a short German title and a detail
/// that tells the caller what to change without telling an attacker more than that (a signature is "missing, wrong or
/// outside the window", never which).
/// </summary>
internal sealed class WebhookRequestException(int status, string title, string detail, IReadOnlyDictionary<string, string>? headers = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, string> Headers { get; } = headers ?? new Dictionary<string, string>();

    public static WebhookRequestException Unauthenticated(string detail, string? challenge = null) => new(StatusCodes.Status401Unauthorized,
        "Nicht angemeldet", detail, challenge is null ? null : new Dictionary<string, string> { ["WWW-Authenticate"] = challenge });

    public static WebhookRequestException Forbidden(string detail) => new(StatusCodes.Status403Forbidden, "Nicht erlaubt", detail);

    public static WebhookRequestException Unprocessable(string detail) => new(StatusCodes.Status422UnprocessableEntity, "Nicht verarbeitet", detail);

    public bool IsAuthenticationFailure => Status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;
}

/// <summary>
/// A webhook that cannot answer as its model says (a secret that is not configured, a response expression of the wrong
/// shape): the model's or the operator's mistake, logged with the element and property, and a 500 for the caller.
/// </summary>
internal sealed class WebhookModelException(string message) : Exception(message);
