using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Core;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Host.Endpoints;

public sealed record UserTaskSearchFilter(string? CandidateGroup, string? Assignee, string? State, long? ProcessInstanceKey, string? ProcessDefinitionId);

public sealed record UserTaskSearchRequest(UserTaskSearchFilter? Filter, PageRequest? Page);

public sealed record AssignmentRequest(string? Assignee, bool? AllowOverride, string? Action = null);

/// <summary>What an update changes (dueDate, followUpDate, candidateGroups, candidateUsers, priority) and the action handed to updating listeners.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UserTaskUpdateRequest(JsonElement? Changeset, string? Action);

public sealed record CompletionRequest(JsonElement? Variables, string? Action);

public sealed record UserTaskFormResponse(long? FormKey, string FormId, int Version, string Schema, string TenantId);

public sealed record VariableItem(string Name, string Value);

public sealed record VariableSearchResponse(IReadOnlyList<VariableItem> Items);

public static class UserTaskEndpoints
{
    public static IEndpointRouteBuilder MapUserTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/user-tasks").WithTags("User tasks").RequireAuthorization(Policies.WorkOnTasks);

        group.MapPost("/search", Search)
            .WithName("SearchUserTasks")
            .WithSummary("Tasks by candidate group, assignee and state; a clerk sees only tasks of their groups or assigned to them.");

        group.MapGet("/{key:long}", async Task<Ok<UserTaskView>> (long key, HttpContext context, [FromServices] EngineQueries queries,
                CancellationToken cancellationToken) => TypedResults.Ok(await VisibleTaskAsync(key, context, queries, cancellationToken)))
            .WithName("GetUserTask");

        group.MapPost("/{key:long}/assignment", Assign)
            .WithName("AssignUserTask")
            .WithSummary("Claims the task for a user; 409 when someone else holds it and allowOverride is not set.");

        group.MapDelete("/{key:long}/assignee", async Task<NoContent> (long key, HttpContext context, [FromServices] EngineQueries queries,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var caller = context.Caller();
                var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
                if (task.Assignee is not null && task.Assignee != caller.Id && !caller.Has(Roles.Operator))
                {
                    throw new EngineConflictException($"User task {key} is assigned to '{task.Assignee}'; only they or an operator can return it.");
                }

                await commands.UnassignUserTaskAsync(key, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("UnassignUserTask");

        group.MapPatch("/{key:long}", Update)
            .WithName("UpdateUserTask")
            .WithSummary("Changes due and follow-up date, candidate groups and users or priority (operator); 409 while task listeners run.");

        group.MapPost("/{key:long}/completion", Complete)
            .WithName("CompleteUserTask")
            .WithSummary("Completes the task with variables; 409 when it is no longer open.");

        group.MapGet("/{key:long}/form", async Task<Results<Ok<UserTaskFormResponse>, NoContent>> (long key, HttpContext context,
                [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
                var embedded = await queries.GetEmbeddedFormKeyAsync(key, cancellationToken);
                var form = await queries.GetUserTaskFormAsync(task, embedded, cancellationToken);
                return form is null
                    ? TypedResults.NoContent()
                    : TypedResults.Ok(new UserTaskFormResponse(form.FormKey, form.FormId, form.Version, form.Schema, form.TenantId));
            })
            .WithName("GetUserTaskForm");

        group.MapPost("/{key:long}/variables/search", async Task<Ok<VariableSearchResponse>> (long key, HttpContext context,
                [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
                var variables = await queries.GetUserTaskVariablesAsync(task, cancellationToken);
                return TypedResults.Ok(new VariableSearchResponse([.. variables.Select(v => new VariableItem(v.Key, v.Value?.ToJsonString() ?? "null"))]));
            })
            .WithName("SearchUserTaskVariables");

        return app;
    }

    private static async Task<Ok<SearchResponse<UserTaskView>>> Search(UserTaskSearchRequest? request, HttpContext context,
        [FromServices] EngineQueries queries, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var state = request?.Filter?.State?.ToUpperInvariant();
        if (state is not (null or UserTaskStates.Created or UserTaskStates.Completed or UserTaskStates.Canceled))
        {
            throw RequestValidationException.For("filter.state", "must be CREATED, COMPLETED or CANCELED.");
        }

        var filter = new UserTaskFilter(request?.Filter?.CandidateGroup, request?.Filter?.Assignee, state, request?.Filter?.ProcessInstanceKey,
            request?.Filter?.ProcessDefinitionId);
        var result = await queries.SearchUserTasksAsync(caller.TenantId, filter, caller.TaskVisibility, PageRequest.Resolve(request?.Page), cancellationToken);
        return TypedResults.Ok(SearchResponse.From(result));
    }

    private static async Task<NoContent> Assign(long key, AssignmentRequest request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var assignee = request.Assignee?.Trim();
        if (string.IsNullOrEmpty(assignee))
        {
            throw RequestValidationException.For("assignee", "is required.");
        }

        _ = await VisibleTaskAsync(key, context, queries, cancellationToken);
        if (assignee != caller.Id && !caller.Has(Roles.Operator))
        {
            throw new ForbiddenException($"Only an operator can assign a task to someone else ('{assignee}').");
        }

        await commands.AssignUserTaskAsync(key, assignee, request.AllowOverride ?? false, request.Action, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Complete(long key, CompletionRequest? request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
        if (task.State != UserTaskStates.Created)
        {
            throw new EngineConflictException($"User task {key} is {task.State.ToLowerInvariant()}, not open.");
        }

        if (task.Assignee is not null && task.Assignee != caller.Id && !caller.Has(Roles.Operator))
        {
            throw new EngineConflictException($"User task {key} is assigned to '{task.Assignee}'.");
        }

        var variables = Variables.Read(request?.Variables);
        await commands.CompleteUserTaskAsync(key, variables, request?.Action, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Update(long key, UserTaskUpdateRequest? request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var changes = JobResultReader.ReadAttributes(request?.Changeset, "changeset", allowAssignee: false);
        if (changes.Count == 0 && string.IsNullOrWhiteSpace(request?.Action))
        {
            throw RequestValidationException.For("changeset", "must change at least one of dueDate, followUpDate, candidateGroups, candidateUsers and priority (or give an action).");
        }

        _ = await VisibleTaskAsync(key, context, queries, cancellationToken);
        if (!caller.Has(Roles.Operator))
        {
            throw new ForbiddenException("Only an operator can change a task's dates, candidates or priority.");
        }

        await commands.UpdateUserTaskAsync(key, changes, request?.Action, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The task, if the caller may see it; otherwise "not found", so task keys reveal nothing.</summary>
    private static async Task<UserTaskView> VisibleTaskAsync(long key, HttpContext context, EngineQueries queries, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var task = await queries.GetUserTaskAsync(key, caller.TenantId, cancellationToken);
        return task is not null && EngineQueries.CanSee(task, caller.TaskVisibility)
            ? task
            : throw new EngineNotFoundException($"User task {key} does not exist or is not visible to you.");
    }
}
