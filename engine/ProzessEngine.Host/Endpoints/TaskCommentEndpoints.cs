using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>A comment to add to a task.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TaskCommentRequest(string? Text);

/// <summary>
/// Comments on user tasks: whoever may see a task may read and add its comments (a deputy in the absent colleague's
/// name); the cockpit reads all comments of an instance. Each comment is journaled with the instance.
/// </summary>
public static class TaskCommentEndpoints
{
    public static IEndpointRouteBuilder MapTaskCommentEndpoints(this IEndpointRouteBuilder app)
    {
        var tasks = app.MapGroup("/v2/user-tasks").WithTags("User tasks").RequireAuthorization(Policies.WorkOnTasks);

        tasks.MapPost("/{key:long}/comments", async Task<Created<TaskCommentView>> (long key, TaskCommentRequest? request, HttpContext context,
                [FromServices] EngineQueries queries, [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var text = ReadText(request?.Text);
                var task = await UserTaskEndpoints.VisibleTaskAsync(key, context, queries, cancellationToken);
                var actor = await UserTaskEndpoints.TaskActorAsync(context, cancellationToken);
                var comment = await commands.CommentUserTaskAsync(key, text, actor.ActorFor(task), cancellationToken);
                return TypedResults.Created((string?)null, comment);
            })
            .WithName("CommentUserTask")
            .WithSummary($"Adds a comment (1 to {TaskComments.MaxLength} characters) to a task you can see; journaled with the instance.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        tasks.MapGet("/{key:long}/comments", async Task<Ok<SearchResponse<TaskCommentView>>> (long key, int? from, int? limit, HttpContext context,
                [FromServices] EngineQueries queries, [FromServices] TaskComments comments, CancellationToken cancellationToken) =>
            {
                var page = ReadPage(from, limit);
                _ = await UserTaskEndpoints.VisibleTaskAsync(key, context, queries, cancellationToken);
                return TypedResults.Ok(SearchResponse.From(await comments.OfTaskAsync(key, page, cancellationToken)));
            })
            .WithName("SearchUserTaskComments")
            .WithSummary("The task's comments, oldest first, paged with from and limit.")
            .ProducesProblem(StatusCodes.Status400BadRequest);

        app.MapGet("/v2/process-instances/{key:long}/comments", async Task<Ok<SearchResponse<TaskCommentView>>> (long key, int? from, int? limit,
                HttpContext context, [FromServices] EngineQueries queries, [FromServices] TaskComments comments, CancellationToken cancellationToken) =>
            {
                var page = ReadPage(from, limit);
                _ = await queries.GetInstanceAsync(key, context.Caller().TenantIds, cancellationToken)
                    ?? throw new Core.EngineNotFoundException($"Process instance {key} does not exist.");
                return TypedResults.Ok(SearchResponse.From(await comments.OfInstanceAsync(key, page, cancellationToken)));
            })
            .WithTags("Process instances")
            .WithName("SearchProcessInstanceComments")
            .WithSummary("The comments on every task of the instance, oldest first, paged with from and limit.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(Policies.ReadInstances);

        return app;
    }

    private static string ReadText(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        var problem = trimmed.Length == 0 ? "is required: write what the comment says."
            : trimmed.Length > TaskComments.MaxLength ? $"has {trimmed.Length} characters; a comment has at most {TaskComments.MaxLength}."
            : trimmed.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? "contains control characters; write plain text."
            : null;
        return problem is null ? trimmed : throw RequestValidationException.For("text", problem);
    }

    private static Page ReadPage(int? from, int? limit)
    {
        var errors = new RequestErrors();
        if (from is < 0)
        {
            errors.Add("from", "must be 0 or more.");
        }

        if (limit is < 1 or > Page.MaxLimit)
        {
            errors.Add("limit", $"must be between 1 and {Page.MaxLimit}.");
        }

        errors.ThrowIfAny();
        return new Page(from ?? 0, limit ?? 100);
    }
}
