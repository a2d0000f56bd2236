using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Documents;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// The documents (letters, Bescheide) document tasks rendered for an instance: listed and downloaded like the instance is
/// read (the cockpit), and through a user task of the instance like the task is read (the task list), so that a clerk
/// who may work on the task sees the case's letters without rights on the instance.
/// </summary>
public static class DocumentEndpoints
{
    public static IEndpointRouteBuilder MapDocumentEndpoints(this IEndpointRouteBuilder app)
    {
        // Mapped without a group: a group's "" route would be listed with a trailing slash.
        app.MapGet("/v2/process-instances/{key:long}/documents", async Task<Results<Ok<IReadOnlyList<DocumentView>>, NotFound>> (
                long key, HttpContext context, [FromServices] DocumentStore store, CancellationToken cancellationToken) =>
                await store.ListAsync(key, context.Caller().TenantIds, cancellationToken) is { } documents
                    ? TypedResults.Ok(documents)
                    : TypedResults.NotFound())
            .WithTags("Documents")
            .WithName("GetProcessInstanceDocuments")
            .WithSummary("The documents the instance's document tasks rendered (letters, Bescheide), oldest first.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ReadInstances);

        app.MapGet("/v2/process-instances/{key:long}/documents/{documentKey:long}", async Task<Results<FileContentHttpResult, NotFound>> (
                long key, long documentKey, HttpContext context, [FromServices] DocumentStore store, [FromServices] IServiceProvider services,
                CancellationToken cancellationToken) => await DownloadAsync(key, documentKey, context, store, services, cancellationToken))
            .WithTags("Documents")
            .WithName("GetProcessInstanceDocument")
            .WithSummary("Downloads one document of the instance (HTML or PDF) as an attachment.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ReadInstances);

        // The task decides who may read: whoever sees it (candidate, assignee, deputy, operator of its tenant); a task
        // the caller does not see is not found, like every other task endpoint answers.
        app.MapGet("/v2/user-tasks/{key:long}/documents", async Task<Ok<IReadOnlyList<DocumentView>>> (long key, HttpContext context,
                [FromServices] EngineQueries queries, [FromServices] DocumentStore store, CancellationToken cancellationToken) =>
            {
                var task = await UserTaskEndpoints.VisibleTaskAsync(key, context, queries, cancellationToken);
                return TypedResults.Ok(await store.ListAsync(task.ProcessInstanceKey, [task.TenantId], cancellationToken) ?? []);
            })
            .WithTags("Documents")
            .WithName("GetUserTaskDocuments")
            .WithSummary("The documents of the task's process instance (letters, Bescheide), oldest first, for whoever may see the task.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.WorkOnTasks);

        app.MapGet("/v2/user-tasks/{key:long}/documents/{documentKey:long}", async Task<Results<FileContentHttpResult, NotFound>> (
                long key, long documentKey, HttpContext context, [FromServices] EngineQueries queries, [FromServices] DocumentStore store,
                [FromServices] IServiceProvider services, CancellationToken cancellationToken) =>
            {
                var task = await UserTaskEndpoints.VisibleTaskAsync(key, context, queries, cancellationToken);
                // Only a document of the task's own instance: seeing one task opens no other case's letters.
                return await DownloadAsync(task.ProcessInstanceKey, documentKey, context, store, services, cancellationToken, [task.TenantId]);
            })
            .WithTags("Documents")
            .WithName("GetUserTaskDocument")
            .WithSummary("Downloads one document of the task's process instance (HTML or PDF) as an attachment, for whoever may see the task.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.WorkOnTasks);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> DownloadAsync(long processInstanceKey, long documentKey, HttpContext context,
        DocumentStore store, IServiceProvider services, CancellationToken cancellationToken, IReadOnlyCollection<string>? tenantIds = null)
    {
        if (await store.GetAsync(processInstanceKey, documentKey, tenantIds ?? context.Caller().TenantIds, cancellationToken) is not { } stored)
        {
            return TypedResults.NotFound();
        }

        var content = stored.Content;
        if (content is null && stored.StoragePath is { } path)
        {
            var files = services.GetService<DocumentFiles>()
                ?? throw new InvalidOperationException($"The document {documentKey} is kept in the documents folder, but {DocumentOptions.Section}:Storage is not Folder.");
            content = await files.ReadAsync(path, cancellationToken);
        }

        // A rendered letter holds what citizens wrote: it is never shown as a page of the engine's origin, where its
        // HTML could act as the signed-in clerk. A sandboxed attachment can be saved and opened, not run here.
        context.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content ?? [], stored.Document.ContentType, stored.Document.FileName);
    }
}
