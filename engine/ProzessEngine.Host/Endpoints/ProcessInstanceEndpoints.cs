using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Forms;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Host.Endpoints;

/// <summary>Camunda 8's request; the fields after tenantId are Camunda's that the engine refuses when they ask for something.</summary>
public sealed record CreateProcessInstanceRequest(
    string? ProcessDefinitionId,
    int? ProcessDefinitionVersion,
    long? ProcessDefinitionKey,
    JsonElement? Variables,
    string? TenantId = null,
    JsonElement? StartInstructions = null,
    JsonElement? RuntimeInstructions = null,
    JsonElement? AwaitCompletion = null,
    JsonElement? FetchVariables = null,
    JsonElement? RequestTimeout = null,
    JsonElement? OperationReference = null,
    JsonElement? Tags = null,
    JsonElement? BusinessId = null);

public sealed record CreateProcessInstanceResponse(long ProcessInstanceKey, long ProcessDefinitionKey, string ProcessDefinitionId,
    int ProcessDefinitionVersion, string TenantId, string State);

public sealed record AdHocActivationElement(string? ElementId, JsonElement? Variables = null);

public sealed record AdHocActivationRequest(IReadOnlyList<AdHocActivationElement>? Elements, JsonElement? CancelRemainingInstances = null);

public sealed record SetVariablesRequest(JsonElement? Variables, bool? Local, JsonElement? OperationReference = null);

public static class ProcessInstanceEndpoints
{
    public static IEndpointRouteBuilder MapProcessInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/process-instances").WithTags("Process instances");

        group.MapPost("/", Create)
            .WithName("CreateProcessInstance")
            .WithSummary("Starts an instance of the latest (or the given) version of a process, with variables (checked against its start form); " +
                "with an Idempotency-Key, once per key.")
            .Produces<CreateProcessInstanceResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithMetadata(HonoursIdempotencyKey.Instance)
            .RequireAuthorization(Policies.StartInstances);

        group.MapGet("/{key:long}", async Task<Results<Ok<ProcessInstanceView>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
                await queries.GetInstanceAsync(key, context.Caller().TenantIds, cancellationToken) is { } instance
                    ? TypedResults.Ok(instance)
                    : TypedResults.NotFound())
            .WithName("GetProcessInstance")
            .WithSummary("State, variables, active elements and open incidents of an instance.")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/search", async Task<Ok<SearchResponse<ProcessInstanceView>>> (
                SearchRequest? request, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.ProcessInstances, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await queries.SearchInstancesAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchProcessInstances")
            .WithSummary("Instances by filter (processDefinitionId, state, hasIncident, startDate, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/cancellation", async Task<NoContent> (
                long key, HttpContext context, [FromServices] EngineQueries queries, [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var caller = context.Caller();
                _ = await queries.GetInstanceAsync(key, caller.TenantIds, cancellationToken)
                    ?? throw new Core.EngineNotFoundException($"Process instance {key} does not exist.");
                await commands.CancelAsync(key, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("CancelProcessInstance")
            .RequireAuthorization(Policies.OperateInstances);

        group.MapGet("/{key:long}/journal", async Task<Results<Ok<IReadOnlyList<JournalEntryView>>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                if (await queries.GetInstanceAsync(key, context.Caller().TenantIds, cancellationToken) is null)
                {
                    return TypedResults.NotFound();
                }

                return TypedResults.Ok(await queries.GetJournalAsync(key, cancellationToken));
            })
            .WithName("GetProcessInstanceJournal")
            .WithSummary("Every command applied to the instance: who, when, what changed.")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/journal/verification", async Task<Results<Ok<JournalVerification>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                if (await queries.GetInstanceAsync(key, context.Caller().TenantIds, cancellationToken) is null)
                {
                    return TypedResults.NotFound();
                }

                return await queries.VerifyJournalAsync(key, cancellationToken) is { } verification
                    ? TypedResults.Ok(verification)
                    : TypedResults.NotFound();
            })
            .WithName("VerifyProcessInstanceJournal")
            .WithSummary("Recomputes the journal's hash chain: valid, or the first entry that was changed or removed.")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/ad-hoc-activities/{adHocSubProcessInstanceKey:long}/activation", async Task<NoContent> (
                long key, long adHocSubProcessInstanceKey, AdHocActivationRequest request, HttpContext context, [FromServices] EngineQueries queries,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var elements = request.Elements ?? [];
                var errors = new RequestErrors();
                if (elements.Count == 0)
                {
                    errors.Add("elements", "must name at least one element to activate.");
                }

                for (var i = 0; i < elements.Count; i++)
                {
                    if (string.IsNullOrWhiteSpace(elements[i]?.ElementId))
                    {
                        errors.Add($"elements[{i}].elementId", "is required.");
                    }

                    errors.NotSupported(elements[i]?.Variables, $"elements[{i}].variables",
                        "variables for the activated element; set them afterwards with PUT /v2/element-instances/{key}/variables.");
                }

                errors.NotSupported(request.CancelRemainingInstances, "cancelRemainingInstances", "the other elements keep running.");
                errors.ThrowIfAny();
                var elementIds = elements.Select(e => e.ElementId!).ToList();
                var caller = context.Caller();
                _ = await queries.GetInstanceAsync(key, caller.TenantIds, cancellationToken)
                    ?? throw new Core.EngineNotFoundException($"Process instance {key} does not exist.");
                await commands.ActivateAdHocElementsAsync(key, adHocSubProcessInstanceKey, elementIds, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ActivateAdHocSubProcessActivities")
            .WithSummary("Activates elements of a waiting ad-hoc sub-process by id.")
            .RequireAuthorization(Policies.OperateInstances);

        app.MapPut("/v2/element-instances/{key:long}/variables", async Task<NoContent> (
                long key, SetVariablesRequest request, HttpContext context, [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var errors = new RequestErrors();
                errors.NotSupported(request.OperationReference, "operationReference", "batch operations do not exist in this engine.");
                errors.ThrowIfAny();
                var variables = Variables.Read(context, request.Variables);
                if (variables.Count == 0)
                {
                    throw RequestValidationException.For("variables", "must hold at least one variable.");
                }

                // The key does not say its tenant: each of the caller's tenants is tried, their own first, so that a key of
                // another tenant stays "not found".
                var caller = context.Caller();
                for (var i = 0; ; i++)
                {
                    try
                    {
                        await commands.SetVariablesAsync(key, variables, request.Local ?? false, caller.TenantIds[i], caller.Actor, cancellationToken);
                        return TypedResults.NoContent();
                    }
                    catch (Core.EngineNotFoundException) when (i + 1 < caller.TenantIds.Count)
                    {
                    }
                }
            })
            .WithTags("Element instances")
            .WithName("SetElementInstanceVariables")
            .WithSummary("Sets variables in a process instance (its key) or in a waiting element instance, locally or propagated.")
            .RequireAuthorization(Policies.OperateInstances);

        return app;
    }

    /// <param name="idempotencyKey">Read by <see cref="IdempotencyKeyHeader"/>; named here for the API's description.</param>
    private static async Task<IResult> Create(CreateProcessInstanceRequest request, HttpContext context,
        [FromHeader(Name = IdempotencyKeyHeader.Name)] string? idempotencyKey,
        [FromServices] InstanceCommands commands, [FromServices] EngineQueries queries, [FromServices] IOptions<EngineOptions> options,
        [FromServices] FormSubmissions forms,
        CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        if (string.IsNullOrWhiteSpace(request.ProcessDefinitionId) && request.ProcessDefinitionKey is null)
        {
            errors.Add("processDefinitionId", "is required (or give processDefinitionKey).");
        }

        // -1 is how Camunda's clients ask for the latest version.
        if (request.ProcessDefinitionVersion is < 1 and not -1)
        {
            errors.Add("processDefinitionVersion", "must be 1 or more (or -1 for the latest).");
        }

        errors.NotSupported(request.StartInstructions, "startInstructions", "an instance starts at its none start event.");
        errors.NotSupported(request.RuntimeInstructions, "runtimeInstructions", "an instance runs until its end.");
        errors.NotSupported(request.AwaitCompletion, "awaitCompletion", "the answer comes when the instance has started; ask for its state with GET.");
        errors.NotSupported(request.FetchVariables, "fetchVariables", "it belongs to awaitCompletion.");
        errors.NotSupported(request.RequestTimeout, "requestTimeout", "it belongs to awaitCompletion.");
        errors.NotSupported(request.OperationReference, "operationReference", "batch operations do not exist in this engine.");
        errors.NotSupported(request.Tags, "tags", "tags do not exist in this engine.");
        errors.NotSupported(request.BusinessId, "businessId", "business ids do not exist in this engine.");
        errors.ThrowIfAny();

        var variables = Variables.Read(context, request.Variables);
        var caller = context.Caller();
        var tenantId = caller.Tenant(request.TenantId);
        if (request.TenantId is null && request.ProcessDefinitionKey is { } definitionKey
            && await queries.GetDefinitionAsync(definitionKey, caller.TenantIds, cancellationToken) is { } definition)
        {
            // A key names its tenant; one the caller is allowed in needs no tenantId.
            tenantId = definition.TenantId;
        }

        // A process with a start form starts only with what the form accepts (checked against the version started).
        var version = request.ProcessDefinitionVersion is -1 ? null : request.ProcessDefinitionVersion;
        if (IdempotencyKeyHeader.Read(context.Request) is not { } key)
        {
            return TypedResults.Ok(Response(await commands.StartAsync(request.ProcessDefinitionId, version, request.ProcessDefinitionKey, tenantId, variables,
                caller.Actor, forms.CheckStartAsync, cancellationToken)));
        }

        // The answer is made as the API writes it and kept with the instance: a repeat gets the same bytes.
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var claim = new IdempotencyClaim(tenantId, "process-instances", key,
            Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, json))), options.Value.Idempotency.Window);
        var answered = await commands.StartAnsweredAsync(request.ProcessDefinitionId, version, request.ProcessDefinitionKey, tenantId, variables, caller.Actor,
            claim, started => new IdempotentAnswer(StatusCodes.Status200OK, [new("Content-Type", "application/json; charset=utf-8")],
                JsonSerializer.Serialize(Response(started), json)),
            forms.CheckStartAsync, cancellationToken);
        return new AnsweredResult(answered);
    }

    private static CreateProcessInstanceResponse Response(StartedInstance started) => new(started.ProcessInstanceKey, started.DefinitionKey, started.ProcessId,
        started.Version, started.TenantId, InstanceStatuses.From(started.Status));
}
