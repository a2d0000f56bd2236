using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Documents;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

/// <summary>The documents (letters, Bescheide) document tasks rendered for an instance: listed and downloaded like the instance is read.</summary>
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

        app.MapGet("/v2/process-instances/{key:long}/documents/{documentKey:long}", Download)
            .WithTags("Documents")
            .WithName("GetProcessInstanceDocument")
            .WithSummary("Downloads one document of the instance (HTML or PDF) as an attachment.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.ReadInstances);
        return app;
    }

    private static async Task<Results<FileContentHttpResult, NotFound>> Download(long key, long documentKey, HttpContext context,
        [FromServices] DocumentStore store, [FromServices] IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(key, documentKey, context.Caller().TenantIds, cancellationToken) is not { } stored)
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
