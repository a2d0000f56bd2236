using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Core;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Host.Endpoints;

public sealed record AssignmentRequest(string? Assignee, bool? AllowOverride, string? Action = null);

public sealed record CompletionRequest(JsonElement? Variables, string? Action);

public sealed record UserTaskFormResponse(long? FormKey, string FormId, int Version, string Schema, string TenantId);

public static class UserTaskEndpoints
{
    public static IEndpointRouteBuilder MapUserTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/user-tasks").WithTags("User tasks").RequireAuthorization(Policies.WorkOnTasks);

        group.MapPost("/search", Search)
            .WithName("SearchUserTasks")
            .WithSummary("Tasks by filter (candidateGroup, assignee, state, dueDate, ...), sorted and paged; a clerk sees only tasks of their groups or assigned to them.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

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

        group.MapPost("/{key:long}/variables/search", async Task<Ok<SearchResponse<VariableView>>> (long key, SearchRequest? request,
                HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                // Read first, so that a wrong request is a 400 whether or not the task is visible.
                var search = SearchRequestReader.Read(request, SearchSchemas.UserTaskVariables, context.Caller());
                var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
                return TypedResults.Ok(SearchResponse.From(await queries.SearchUserTaskVariablesAsync(task, search.Query, cancellationToken)));
            })
            .WithName("SearchUserTaskVariables")
            .WithSummary("The variables visible at the task (its own over its scopes' and the process's), by name, sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        return app;
    }

    private static async Task<Ok<SearchResponse<UserTaskView>>> Search(SearchRequest? request, HttpContext context,
        [FromServices] EngineQueries queries, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var search = SearchRequestReader.Read(request, SearchSchemas.UserTasks, caller);
        var result = await queries.SearchUserTasksAsync(search.Tenants, search.Query, caller.TaskVisibility, cancellationToken);
        return TypedResults.Ok(SearchResponse.From(result));
    }

    /// <summary>Camunda's custom action names go to its task listeners and audit log; the engine records only the default one.</summary>
    private static void CheckAction(string? action, string field, params string[] defaults)
    {
        if (action is not null && !defaults.Contains(action, StringComparer.Ordinal))
        {
            throw RequestValidationException.For(field, $"Custom actions are not supported; leave it out or send {string.Join(" or ", defaults)}.");
        }
    }

    private static async Task<NoContent> Assign(long key, AssignmentRequest request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        CheckAction(request.Action, "action", "assign", "claim");
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

        await commands.AssignUserTaskAsync(key, assignee, request.AllowOverride ?? false, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Complete(long key, CompletionRequest? request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        CheckAction(request?.Action, "action", "complete");
        var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
        if (task.State != UserTaskStates.Created)
        {
            throw new EngineConflictException($"User task {key} is {task.State.ToLowerInvariant()}, not open.");
        }

        if (task.Assignee is not null && task.Assignee != caller.Id && !caller.Has(Roles.Operator))
        {
            throw new EngineConflictException($"User task {key} is assigned to '{task.Assignee}'.");
        }

        var variables = Variables.Read(context, request?.Variables);
        await commands.CompleteUserTaskAsync(key, variables, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The task, if the caller may see it; otherwise "not found", so task keys reveal nothing.</summary>
    private static async Task<UserTaskView> VisibleTaskAsync(long key, HttpContext context, EngineQueries queries, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var task = await queries.GetUserTaskAsync(key, caller.TenantIds, cancellationToken);
        return task is not null && EngineQueries.CanSee(task, caller.TaskVisibility)
            ? task
            : throw new EngineNotFoundException($"User task {key} does not exist or is not visible to you.");
    }
}
