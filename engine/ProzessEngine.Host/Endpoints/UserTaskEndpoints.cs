using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Core;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Forms;
using ProzessEngine.Persistence.Search;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Host.Endpoints;

public sealed record AssignmentRequest(string? Assignee, bool? AllowOverride, string? Action = null);

/// <summary>What an update changes (dueDate, followUpDate, candidateGroups, candidateUsers, priority) and the action handed to updating listeners.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record UserTaskUpdateRequest(JsonElement? Changeset, string? Action);

public sealed record CompletionRequest(JsonElement? Variables, string? Action);

public sealed record UserTaskFormResponse(long? FormKey, string FormId, int Version, string Schema, string TenantId);

public static class UserTaskEndpoints
{
    public static IEndpointRouteBuilder MapUserTaskEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/user-tasks").WithTags("User tasks").RequireAuthorization(Policies.WorkOnTasks);

        group.MapPost("/search", Search)
            .WithName("SearchUserTasks")
            .WithSummary("Tasks by filter (candidateGroup, assignee, state, dates, title, text, processInstanceVariables, followUpPending, ...), " +
                "sorted and paged by offset or cursor; a clerk sees only tasks of their groups or assigned to them.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{key:long}", async Task<Ok<UserTaskView>> (long key, HttpContext context, [FromServices] EngineQueries queries,
                CancellationToken cancellationToken) => TypedResults.Ok(await VisibleTaskAsync(key, context, queries, cancellationToken)))
            .WithName("GetUserTask");

        group.MapPost("/{key:long}/assignment", Assign)
            .WithName("AssignUserTask")
            .WithSummary("Claims the task for a user; 409 when someone else holds it and allowOverride is not set; 403 when a four-eyes rule "
                + "forbids it, or for allowOverride on a colleague's task without being operator, team lead or their deputy.");

        group.MapDelete("/{key:long}/assignee", async Task<NoContent> (long key, HttpContext context, [FromServices] EngineQueries queries,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
                var actor = await TaskActorAsync(context, cancellationToken);
                if (task.Assignee is not null && task.Assignee != actor.Caller.Id && !actor.Caller.MayReassign && !actor.StandsInFor(task.Assignee))
                {
                    throw new EngineConflictException(
                        $"User task {key} is assigned to '{task.Assignee}'; only they, their deputy, a team lead or an operator can return it.");
                }

                await commands.UnassignUserTaskAsync(key, actor.ActorFor(task), cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("UnassignUserTask");

        group.MapPatch("/{key:long}", Update)
            .WithName("UpdateUserTask")
            .WithSummary("Changes due and follow-up date, candidate groups and users or priority (operator; the assignee may set the follow-up date); " +
                "journaled with old and new values; 409 while task listeners run.");

        group.MapPost("/{key:long}/completion", Complete)
            .WithName("CompleteUserTask")
            .WithSummary("Completes the task with variables, checked against the task's form (400 naming every field); 409 when it is no longer open; " +
                "403 when a four-eyes rule forbids it.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

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
        var visibility = (await TaskActorAsync(context, cancellationToken)).Visibility;
        var result = await queries.SearchUserTasksAsync(search.Tenants, search.Query, visibility, cancellationToken);
        return TypedResults.Ok(SearchResponse.From(result));
    }

    /// <summary>
    /// Camunda's action names (custom ones included) go to the task's listeners (userTask.action of their jobs); without
    /// listeners the action changes nothing, as in Camunda 8, where it otherwise only reaches the audit log.
    /// </summary>
    private static void CheckAction(string? action, string field)
    {
        if (action is not null && (action.Trim().Length == 0 || action.Length > 100))
        {
            throw RequestValidationException.For(field, "must be a name of 1 to 100 characters (it is handed to the task's listeners), or left out.");
        }
    }

    private static async Task<NoContent> Assign(long key, AssignmentRequest request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        CheckAction(request.Action, "action");
        var assignee = request.Assignee?.Trim();
        if (string.IsNullOrEmpty(assignee))
        {
            throw RequestValidationException.For("assignee", "is required.");
        }

        var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
        var actor = await TaskActorAsync(context, cancellationToken);
        if (assignee != caller.Id && !caller.MayReassign)
        {
            throw new ForbiddenException($"Only an operator or a team lead can assign a task to someone else ('{assignee}').");
        }

        // A deputy takes over what the absent colleague holds; everybody else's claim only an operator or team lead overrides.
        var deputyTakeover = assignee == caller.Id && actor.StandsInFor(task.Assignee);
        if (request.AllowOverride == true && !caller.MayReassign && !deputyTakeover && task.Assignee is not null && task.Assignee != caller.Id)
        {
            throw new ForbiddenException(
                $"Only an operator, a team lead or a deputy of '{task.Assignee}' can take over a task that '{task.Assignee}' holds (allowOverride).");
        }

        // Without the right nobody overrides, also when someone claims the task between the check and the command.
        var mayOverride = (request.AllowOverride ?? false) && (caller.MayReassign || deputyTakeover);
        await commands.AssignUserTaskAsync(key, assignee, mayOverride, request.Action, actor.ActorFor(task), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Complete(long key, CompletionRequest? request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, [FromServices] FormSubmissions forms, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        CheckAction(request?.Action, "action");
        var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
        if (task.State != UserTaskStates.Created)
        {
            throw new EngineConflictException($"User task {key} is {task.State.ToLowerInvariant()}, not open.");
        }

        var actor = await TaskActorAsync(context, cancellationToken);
        if (task.Assignee is not null && task.Assignee != caller.Id && !caller.Has(Roles.Operator) && !actor.StandsInFor(task.Assignee))
        {
            throw new EngineConflictException($"User task {key} is assigned to '{task.Assignee}'.");
        }

        // Who may not complete hears so before anything about the data: a four-eyes rule is a 403 whatever was submitted.
        var commandActor = actor.ActorFor(task);
        await commands.RequireMayCompleteAsync(task, commandActor, cancellationToken);

        // The task's form decides what may be written: a 400 naming every field, or the variables as the form submits them.
        var variables = await forms.CheckCompletionAsync(task, Variables.Read(context, request?.Variables), cancellationToken);
        await commands.CompleteUserTaskAsync(key, variables, request?.Action, commandActor, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> Update(long key, UserTaskUpdateRequest? request, HttpContext context, [FromServices] EngineQueries queries,
        [FromServices] InstanceCommands commands, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        CheckAction(request?.Action, "action");
        var changes = JobResultReader.ReadAttributes(request?.Changeset, "changeset", allowAssignee: false);
        if (changes.Count == 0 && string.IsNullOrWhiteSpace(request?.Action))
        {
            throw RequestValidationException.For("changeset", "must change at least one of dueDate, followUpDate, candidateGroups, candidateUsers and priority (or give an action).");
        }

        var task = await VisibleTaskAsync(key, context, queries, cancellationToken);
        // A clerk puts a task they hold on follow-up (Wiedervorlage); everything else is an operator's decision.
        var ownFollowUp = task.Assignee == caller.Id && changes.All(c => c.Key == UserTaskAttributes.FollowUpDate);
        if (!caller.Has(Roles.Operator) && !ownFollowUp)
        {
            throw new ForbiddenException(task.Assignee == caller.Id
                ? "Only an operator can change a task's due date, candidates or priority; you may set the follow-up date (followUpDate) of a task you hold."
                : "Only an operator can change a task's dates, candidates or priority; claim the task to set its follow-up date (followUpDate).");
        }

        await commands.UpdateUserTaskAsync(key, changes, request?.Action, caller.Actor, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The task, if the caller may see it (also as a deputy); otherwise "not found", so task keys reveal nothing.</summary>
    internal static async Task<UserTaskView> VisibleTaskAsync(long key, HttpContext context, EngineQueries queries, CancellationToken cancellationToken)
    {
        var caller = context.Caller();
        var task = await queries.GetUserTaskAsync(key, caller.TenantIds, cancellationToken);
        return task is not null && EngineQueries.CanSee(task, (await TaskActorAsync(context, cancellationToken)).Visibility)
            ? task
            : throw new EngineNotFoundException($"User task {key} does not exist or is not visible to you.");
    }

    internal static Task<TaskActor> TaskActorAsync(HttpContext context, CancellationToken cancellationToken) =>
        context.RequestServices.GetRequiredService<TaskAccess>().ActorAsync(context, cancellationToken);
}
