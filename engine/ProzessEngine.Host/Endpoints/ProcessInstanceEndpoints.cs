using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Host.Endpoints;

public sealed record CreateProcessInstanceRequest(
    string? ProcessDefinitionId,
    int? ProcessDefinitionVersion,
    long? ProcessDefinitionKey,
    JsonElement? Variables);

public sealed record CreateProcessInstanceResponse(long ProcessInstanceKey, long ProcessDefinitionKey, string ProcessDefinitionId,
    int ProcessDefinitionVersion, string TenantId, string State);

public sealed record ProcessInstanceFilter(string? ProcessDefinitionId, string? State);

public sealed record ProcessInstanceSearchRequest(ProcessInstanceFilter? Filter, PageRequest? Page);

public sealed record AdHocActivationElement(string? ElementId);

public sealed record AdHocActivationRequest(IReadOnlyList<AdHocActivationElement>? Elements);

public sealed record SetVariablesRequest(JsonElement? Variables, bool? Local);

public static class ProcessInstanceEndpoints
{
    public static IEndpointRouteBuilder MapProcessInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/process-instances").WithTags("Process instances");

        group.MapPost("/", Create)
            .WithName("CreateProcessInstance")
            .WithSummary("Starts an instance of the latest (or the given) version of a process, with variables.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.StartInstances);

        group.MapGet("/{key:long}", async Task<Results<Ok<ProcessInstanceView>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
                await queries.GetInstanceAsync(key, context.Caller().TenantId, cancellationToken) is { } instance
                    ? TypedResults.Ok(instance)
                    : TypedResults.NotFound())
            .WithName("GetProcessInstance")
            .WithSummary("State, variables, active elements and open incidents of an instance.")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/search", async Task<Ok<SearchResponse<ProcessInstanceView>>> (
                ProcessInstanceSearchRequest? request, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var state = request?.Filter?.State?.ToUpperInvariant();
                if (state is not (null or InstanceStatuses.Active or InstanceStatuses.Completed or InstanceStatuses.Terminated))
                {
                    throw RequestValidationException.For("filter.state", "must be ACTIVE, COMPLETED or TERMINATED.");
                }

                var result = await queries.SearchInstancesAsync(context.Caller().TenantId, request?.Filter?.ProcessDefinitionId, state,
                    PageRequest.Resolve(request?.Page), cancellationToken);
                return TypedResults.Ok(SearchResponse.From(result));
            })
            .WithName("SearchProcessInstances")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/cancellation", async Task<NoContent> (
                long key, HttpContext context, [FromServices] EngineQueries queries, [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var caller = context.Caller();
                _ = await queries.GetInstanceAsync(key, caller.TenantId, cancellationToken)
                    ?? throw new Core.EngineNotFoundException($"Process instance {key} does not exist.");
                await commands.CancelAsync(key, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("CancelProcessInstance")
            .RequireAuthorization(Policies.OperateInstances);

        group.MapGet("/{key:long}/journal", async Task<Results<Ok<IReadOnlyList<JournalEntryView>>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                if (await queries.GetInstanceAsync(key, context.Caller().TenantId, cancellationToken) is null)
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
                if (await queries.GetInstanceAsync(key, context.Caller().TenantId, cancellationToken) is null)
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
                var elementIds = request.Elements?.Select(e => e.ElementId).ToList() ?? [];
                if (elementIds.Count == 0)
                {
                    throw RequestValidationException.For("elements", "must name at least one element to activate.");
                }

                if (elementIds.FindIndex(string.IsNullOrWhiteSpace) is var blank and >= 0)
                {
                    throw RequestValidationException.For($"elements[{blank}].elementId", "is required.");
                }

                var caller = context.Caller();
                _ = await queries.GetInstanceAsync(key, caller.TenantId, cancellationToken)
                    ?? throw new Core.EngineNotFoundException($"Process instance {key} does not exist.");
                await commands.ActivateAdHocElementsAsync(key, adHocSubProcessInstanceKey, [.. elementIds.Select(id => id!)], caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ActivateAdHocSubProcessActivities")
            .WithSummary("Activates elements of a waiting ad-hoc sub-process by id.")
            .RequireAuthorization(Policies.OperateInstances);

        app.MapPut("/v2/element-instances/{key:long}/variables", async Task<NoContent> (
                long key, SetVariablesRequest request, HttpContext context, [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var variables = Variables.Read(request.Variables);
                if (variables.Count == 0)
                {
                    throw RequestValidationException.For("variables", "must hold at least one variable.");
                }

                var caller = context.Caller();
                await commands.SetVariablesAsync(key, variables, request.Local ?? false, caller.TenantId, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithTags("Element instances")
            .WithName("SetElementInstanceVariables")
            .WithSummary("Sets variables in a process instance (its key) or in a waiting element instance, locally or propagated.")
            .RequireAuthorization(Policies.OperateInstances);

        return app;
    }

    private static async Task<Ok<CreateProcessInstanceResponse>> Create(CreateProcessInstanceRequest request, HttpContext context,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.ProcessDefinitionId) && request.ProcessDefinitionKey is null)
        {
            throw RequestValidationException.For("processDefinitionId", "is required (or give processDefinitionKey).");
        }

        if (request.ProcessDefinitionVersion is < 1)
        {
            throw RequestValidationException.For("processDefinitionVersion", "must be 1 or more.");
        }

        var variables = Variables.Read(request.Variables);
        var caller = context.Caller();
        var started = await commands.StartAsync(request.ProcessDefinitionId, request.ProcessDefinitionVersion, request.ProcessDefinitionKey,
            caller.TenantId, variables, caller.Actor, cancellationToken);
        return TypedResults.Ok(new CreateProcessInstanceResponse(started.ProcessInstanceKey, started.DefinitionKey, started.ProcessId, started.Version,
            started.TenantId, InstanceStatuses.From(started.Status)));
    }
}
