using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ProzessEngine.Core;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Http;

/// <summary>Maps engine exceptions to RFC 7807 problem details; anything unexpected is logged and answered with 500.</summary>
internal sealed class EngineExceptionHandler(IProblemDetailsService problems, ILogger<EngineExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, extensions) = exception switch
        {
            EngineNotFoundException => (StatusCodes.Status404NotFound, "Nicht gefunden", null),
            ForbiddenException => (StatusCodes.Status403Forbidden, "Nicht erlaubt", null),
            EngineConflictException => (StatusCodes.Status409Conflict, "Konflikt mit dem aktuellen Zustand", null),
            EngineConcurrencyException => (StatusCodes.Status409Conflict, "Gleichzeitige Änderung", null),
            // A write that lost a race outside the retry policy is a conflict too, never an internal error.
            var conflict when ConflictRetry.IsConflict(conflict) => (StatusCodes.Status409Conflict, "Gleichzeitige Änderung", null),
            DeploymentRejectedException rejected => (StatusCodes.Status400BadRequest, "Deployment abgelehnt",
                new Dictionary<string, object?> { ["errors"] = rejected.Problems }),
            RequestValidationException invalid => (StatusCodes.Status400BadRequest, "Ungültige Anfrage",
                new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            VariableTooLargeException tooLarge => (StatusCodes.Status400BadRequest, "Variable zu groß",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"variables.{tooLarge.VariableName}"] = [tooLarge.Message] } }),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, "Anfrage zu groß", null),
            BadHttpRequestException bad => (bad.StatusCode, "Ungültige Anfrage", BadRequestDetails(bad)),
            _ => (StatusCodes.Status500InternalServerError, "Interner Fehler", null),
        };

        if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        httpContext.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = status == StatusCodes.Status500InternalServerError ? "Ein unerwarteter Fehler ist aufgetreten; er wurde protokolliert." : Describe(exception),
            Type = $"https://httpstatuses.io/{status}",
            Instance = httpContext.Request.Path,
        };
        foreach (var (key, value) in extensions ?? [])
        {
            details.Extensions[key] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    private static string Describe(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException { Path: { Length: > 1 } path } json } when IsUnknownProperty(json) =>
            $"The request has a property this endpoint does not know: '{Field(path)}'. Unknown properties are rejected, not ignored.",
        BadHttpRequestException { InnerException: JsonException json } => $"The request body is not valid: {JsonProblem(json)}",
        EngineConcurrencyException => exception.Message,
        _ when ConflictRetry.IsConflict(exception) => "The request lost against a concurrent change and was not applied; try again.",
        _ => exception.Message,
    };

    private static Dictionary<string, object?>? BadRequestDetails(BadHttpRequestException exception) =>
        exception.InnerException is JsonException { Path: { Length: > 1 } path } json
            ? new() { ["errors"] = new Dictionary<string, string[]> { [Field(path)] = [JsonProblem(json)] } }
            : null;

    /// <summary>"$.sort[0].field" → "sort[0].field", the way the API names fields in its problems.</summary>
    private static string Field(string path) => path.TrimStart('$', '.');

    private static bool IsUnknownProperty(JsonException json) => json.Message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal);

    /// <summary>The serializer's own messages name .NET types; the API names what is wrong with the field instead.</summary>
    private static string JsonProblem(JsonException json) =>
        IsUnknownProperty(json) ? "is not a property of this request; unknown properties are rejected, not ignored."
        : json.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal)
            ? "has a value of the wrong type for this field (see docs/api.md)."
        : json.Message.StartsWith("The maximum configured depth", StringComparison.Ordinal)
            ? "nests objects and lists far deeper than Engine:Limits:MaxVariablesDepth allows; reading stopped there."
            : json.Message;
}

/// <summary>A request whose fields are wrong: each field with what is wrong with it.</summary>
internal sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request is not valid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
