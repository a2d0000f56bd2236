using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// Camunda 8's activation. tenantIds: the tenants to take jobs from (the caller's own when absent). requestTimeout (ms):
/// long polling, the answer comes when a job is activated or the time has passed; 0 or absent waits the configured
/// default (Engine:Jobs:DefaultRequestTimeout), a negative value answers at once.
/// </summary>
public sealed record JobActivationRequest(string? Type, string? Worker, long? Timeout, int? MaxJobsToActivate, IReadOnlyList<string>? TenantIds = null,
    IReadOnlyList<string>? FetchVariable = null, long? RequestTimeout = null, JsonElement? Tags = null);

public sealed record JobActivationResponse(IReadOnlyList<ActivatedJob> Jobs);

/// <summary>Variables and, for task listener and ad-hoc sub-process jobs, the worker's result (Camunda 8's shape).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JobCompletionRequest(JsonElement? Variables, JsonElement? Result);

public sealed record JobFailureRequest(int? Retries, string? ErrorMessage, JsonElement? RetryBackOff = null, JsonElement? Variables = null);

public sealed record JobErrorRequest(string? ErrorCode, string? ErrorMessage, JsonElement? Variables);

public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/jobs").WithTags("Jobs").RequireAuthorization(Policies.WorkOnJobs);

        group.MapPost("/activation", async Task<Ok<JobActivationResponse>> (JobActivationRequest request, HttpContext context,
                [FromServices] JobLongPolling polling, [FromServices] IOptions<EngineOptions> options, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(request.Type))
                {
                    throw RequestValidationException.For("type", "is required.");
                }

                var timeout = TimeSpan.FromMilliseconds(request.Timeout ?? 300_000);
                if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromDays(1))
                {
                    throw RequestValidationException.For("timeout", "must be between 1 ms and one day (in milliseconds).");
                }

                var max = request.MaxJobsToActivate ?? 10;
                if (max is < 1 or > 1000)
                {
                    throw RequestValidationException.For("maxJobsToActivate", "must be between 1 and 1000.");
                }

                var jobOptions = options.Value.Jobs;
                var requestTimeout = request.RequestTimeout switch
                {
                    null or 0 => jobOptions.DefaultRequestTimeout,
                    < 0 => TimeSpan.Zero,
                    var ms => TimeSpan.FromMilliseconds(ms.Value),
                };
                var errors = new RequestErrors();
                errors.NotSupported(request.Tags, "tags", "tags do not exist in this engine.");
                if (requestTimeout > jobOptions.MaxRequestTimeout)
                {
                    errors.Add("requestTimeout", $"must be at most {(long)jobOptions.MaxRequestTimeout.TotalMilliseconds} ms (Engine:Jobs:MaxRequestTimeout).");
                }

                errors.ThrowIfAny();
                var caller = context.Caller();
                IReadOnlyList<string> tenants = request.TenantIds is { Count: > 0 } named
                    ? [.. named.Select((t, i) => caller.Tenant(t, $"tenantIds[{i}]")).Distinct(StringComparer.Ordinal)]
                    : [caller.TenantId];
                var jobs = await polling.ActivateAsync(request.Type, request.Worker ?? caller.Id, timeout, max, tenants, requestTimeout, cancellationToken);
                return TypedResults.Ok(new JobActivationResponse(request.FetchVariable is { Count: > 0 } names ? [.. jobs.Select(j => Only(j, names))] : jobs));
            })
            .WithName("ActivateJobs")
            .WithSummary("Locks up to maxJobsToActivate jobs of a type for a worker until the timeout; waits up to requestTimeout for jobs (long polling).");

        group.MapPost("/{key:long}/completion", async Task<NoContent> (long key, JobCompletionRequest? request, HttpContext context,
                [FromServices] InstanceCommands commands, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                await EnsureVisibleAsync(key, context, queries, cancellationToken);
                await commands.CompleteJobAsync(key, Variables.Read(context, request?.Variables), JobResultReader.Read(context, request?.Result), context.Caller().Actor,
                    cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("CompleteJob")
            .WithSummary("Completes the job; a task listener or ad-hoc sub-process job takes the worker's result (400 when the result does not fit the job).");

        group.MapPost("/{key:long}/failure", async Task<NoContent> (long key, JobFailureRequest request, HttpContext context,
                [FromServices] InstanceCommands commands, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var errors = new RequestErrors();
                if (request.Retries is null or < 0)
                {
                    errors.Add("retries", "is required: the retries left (0 raises an incident).");
                }

                var retryBackOff = RetryBackOff(request.RetryBackOff, errors);
                errors.NotSupported(request.Variables, "variables", "a failure sets no variables.");
                errors.ThrowIfAny();
                await EnsureVisibleAsync(key, context, queries, cancellationToken);
                await commands.FailJobAsync(key, request.Retries!.Value, request.ErrorMessage ?? "", retryBackOff, context.Caller().Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("FailJob")
            .WithSummary("Reports a failure: with retries left the job can be activated again after retryBackOff (ms), with none the task gets an incident.");

        group.MapPost("/{key:long}/error", async Task<NoContent> (long key, JobErrorRequest request, HttpContext context,
                [FromServices] InstanceCommands commands, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(request.ErrorCode))
                {
                    throw RequestValidationException.For("errorCode", "is required: the code an error boundary event or event sub-process catches.");
                }

                await EnsureVisibleAsync(key, context, queries, cancellationToken);
                await commands.ThrowJobErrorAsync(key, request.ErrorCode, request.ErrorMessage, Variables.Read(context, request.Variables), context.Caller().Actor,
                    cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ThrowJobError")
            .WithSummary("Ends the job with a BPMN error; uncaught, it becomes an incident on the task.");

        return app;
    }

    /// <summary>retryBackOff: milliseconds as Camunda 8 sends them, at most a day.</summary>
    private static TimeSpan RetryBackOff(JsonElement? value, RequestErrors errors)
    {
        if (value is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return TimeSpan.Zero;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var ms) || ms < 0 || ms > (long)TimeSpan.FromDays(1).TotalMilliseconds)
        {
            errors.Add("retryBackOff", "must be a whole number of milliseconds between 0 and 86400000 (one day).");
            return TimeSpan.Zero;
        }

        return TimeSpan.FromMilliseconds(ms);
    }

    /// <summary>A job of a tenant the caller is not in is "not found", as if its key did not exist.</summary>
    private static async Task EnsureVisibleAsync(long key, HttpContext context, EngineQueries queries, CancellationToken cancellationToken)
    {
        if (!await queries.JobExistsAsync(key, context.Caller().TenantIds, cancellationToken))
        {
            throw new Core.EngineNotFoundException($"Job {key} does not exist or is no longer active.");
        }
    }

    /// <summary>fetchVariable: only the named variables, as Camunda 8 hands them out.</summary>
    private static ActivatedJob Only(ActivatedJob job, IReadOnlyList<string> names)
    {
        var variables = new System.Text.Json.Nodes.JsonObject();
        foreach (var name in names.Distinct(StringComparer.Ordinal).Where(job.Variables.ContainsKey))
        {
            variables[name] = job.Variables[name]?.DeepClone();
        }

        return job with { Variables = variables };
    }
}
