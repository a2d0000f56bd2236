using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using ProzessEngine.Core;
using ProzessEngine.Core.Forms;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Http;

/// <summary>Maps engine exceptions to RFC 7807 problem details; anything unexpected is logged and answered with 500.</summary>
internal sealed class EngineExceptionHandler(IProblemDetailsService problems, ILogger<EngineExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var language = FormErrors.Language(httpContext.Request);
        var (status, title, extensions) = exception switch
        {
            FormValidationException form => (StatusCodes.Status400BadRequest, FormErrors.Title(language),
                new Dictionary<string, object?> { ["errors"] = FormErrors.Entries(form, language) }),
            EngineNotFoundException => (StatusCodes.Status404NotFound, "Nicht gefunden", null),
            Webhooks.WebhookRequestException refused => (refused.Status, refused.Title, null),
            IdempotencyKeyReusedException => (StatusCodes.Status422UnprocessableEntity, "Idempotency-Key schon verwendet", null),
            Webhooks.WebhookModelException => (StatusCodes.Status500InternalServerError, "Webhook falsch eingerichtet", null),
            ForbiddenException => (StatusCodes.Status403Forbidden, "Nicht erlaubt", null),
            FourEyesViolationException fourEyes => (StatusCodes.Status403Forbidden,
                ProblemLanguage.PrefersEnglish(httpContext) ? "Four-eyes principle" : "Vier-Augen-Prinzip",
                // Nested, so that clients do not take the task's element for a model problem to show in a diagram.
                new Dictionary<string, object?>
                {
                    ["fourEyes"] = new Dictionary<string, string>
                    {
                        ["action"] = fourEyes.Action == FourEyesAction.Claim ? "claim" : "complete",
                        ["elementId"] = fourEyes.ElementId,
                        ["earlierElementId"] = fourEyes.EarlierElementId,
                        ["person"] = fourEyes.Person,
                    },
                }),
            EngineConflictException => (StatusCodes.Status409Conflict, "Konflikt mit dem aktuellen Zustand", null),
            EngineConcurrencyException => (StatusCodes.Status409Conflict, "Gleichzeitige Änderung", null),
            // A write that lost a race outside the retry policy is a conflict too, never an internal error.
            var conflict when ConflictRetry.IsConflict(conflict) => (StatusCodes.Status409Conflict, "Gleichzeitige Änderung", null),
            DeploymentRejectedException rejected => (StatusCodes.Status400BadRequest, "Deployment abgelehnt",
                new Dictionary<string, object?> { ["errors"] = rejected.Problems }),
            RequestValidationException invalid => (StatusCodes.Status400BadRequest, "Ungültige Anfrage",
                new Dictionary<string, object?> { ["errors"] = invalid.Errors }),
            JobResultRejectedException rejected => (StatusCodes.Status400BadRequest, "Ungültige Anfrage",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [rejected.Field] = [rejected.Message] } }),
            VariableTooLargeException tooLarge => (StatusCodes.Status400BadRequest, "Variable zu groß",
                new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [$"variables.{tooLarge.VariableName}"] = [tooLarge.Message] } }),
            BadHttpRequestException bad when bad.StatusCode == StatusCodes.Status413PayloadTooLarge =>
                (StatusCodes.Status413PayloadTooLarge, "Anfrage zu groß", null),
            BadHttpRequestException bad => (bad.StatusCode, "Ungültige Anfrage", BadRequestDetails(bad)),
            _ when IsInvalidText(exception) => (StatusCodes.Status400BadRequest, "Ungültige Anfrage", null),
            _ when IsDatabaseBusy(exception) => (StatusCodes.Status503ServiceUnavailable, "Vorübergehend überlastet", null),
            _ => (StatusCodes.Status500InternalServerError, "Interner Fehler", null),
        };

        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning("The database could not serve {Method} {Path} in time: {Reason}", httpContext.Request.Method, httpContext.Request.Path,
                exception.GetBaseException().Message);
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (exception is Webhooks.WebhookModelException model)
        {
            // The model's or the operator's mistake, with what to fix; no stack trace needed.
            logger.LogError("Webhook request {Method} {Path} failed: {Problem}", httpContext.Request.Method, httpContext.Request.Path, model.Message);
        }
        else if (status == StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled error on {Method} {Path}", httpContext.Request.Method, httpContext.Request.Path);
        }

        if (exception is Webhooks.WebhookRequestException { Headers: { Count: > 0 } headers })
        {
            foreach (var (name, value) in headers)
            {
                httpContext.Response.Headers[name] = value;
            }
        }

        httpContext.Response.StatusCode = status;
        var details = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = status,
            Title = title,
            Detail = exception is Webhooks.WebhookModelException
                ? "The webhook is not set up as its model needs; the reason is in the engine's log."
                : status == StatusCodes.Status500InternalServerError ? "Ein unerwarteter Fehler ist aufgetreten; er wurde protokolliert."
                : exception is FormValidationException invalidForm ? FormErrors.Detail(invalidForm, language)
                : exception is FourEyesViolationException violation && !ProblemLanguage.PrefersEnglish(httpContext) ? violation.GermanMessage
                : Describe(exception),
            Type = $"https://httpstatuses.io/{status}",
            Instance = httpContext.Request.Path,
        };
        foreach (var (key, value) in extensions ?? [])
        {
            details.Extensions[key] = value;
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    /// <summary>How long a client should wait after a 503 before it tries again.</summary>
    private const int RetryAfterSeconds = 5;

    /// <summary>
    /// Bytes that are not UTF-8 inside a JSON string: System.Text.Json finds out only when a value is read as text, which
    /// for the JsonElements of variables happens in our code, outside the model binding that would make it a 400.
    /// </summary>
    private static bool IsInvalidText(Exception exception) =>
        Chain(exception).Any(e => e is System.Text.DecoderFallbackException);

    /// <summary>
    /// No connection to be had in time (the pool is exhausted, the server does not answer, SQLite stays locked): the
    /// request may well succeed a moment later, so it is a 503 with Retry-After, not an error of ours.
    /// </summary>
    private static bool IsDatabaseBusy(Exception exception) =>
        Chain(exception).Any(e => e switch
        {
            // Out of connections or memory (53…), starting up or shutting down (57P03), connection lost (08…).
            Npgsql.PostgresException postgres => postgres.SqlState.StartsWith("53", StringComparison.Ordinal)
                || postgres.SqlState == "57P03" || postgres.SqlState.StartsWith("08", StringComparison.Ordinal),
            Npgsql.NpgsqlException npgsql => npgsql.IsTransient,
            System.Data.Common.DbException => SqliteProvider.ErrorCode(e) is 5 or 6,
            _ => false,
        });

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }
            }
        }
    }

    private static string Describe(Exception exception) => exception switch
    {
        _ when IsInvalidText(exception) => "The request body has text that is not valid UTF-8.",
        _ when IsDatabaseBusy(exception) => $"The engine cannot reach its database in time; try again in {RetryAfterSeconds} seconds.",
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
