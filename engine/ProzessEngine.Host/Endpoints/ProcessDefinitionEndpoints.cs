using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Forms;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

public static class ProcessDefinitionEndpoints
{
    public static IEndpointRouteBuilder MapProcessDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/process-definitions").WithTags("Process definitions").RequireAuthorization(Policies.ReadDefinitions);

        group.MapPost("/search", async Task<Ok<SearchResponse<ProcessDefinitionView>>> (
                SearchRequest? request, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.ProcessDefinitions, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await queries.SearchDefinitionsAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchProcessDefinitions")
            .WithSummary("Deployed process versions by filter (processDefinitionId, name, version, isLatestVersion, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{key:long}", async Task<Results<Ok<ProcessDefinitionView>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
                await queries.GetDefinitionAsync(key, context.Caller().TenantIds, cancellationToken) is { } definition
                    ? TypedResults.Ok(definition)
                    : TypedResults.NotFound())
            .WithName("GetProcessDefinition");

        group.MapGet("/{key:long}/xml", async Task<Results<ContentHttpResult, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                if (await queries.GetDefinitionXmlAsync(key, context.Caller().TenantIds, cancellationToken) is not { } xml)
                {
                    return TypedResults.NotFound();
                }

                // A model may carry XHTML with scripts (a modeler wrote it, or anyone who can deploy): a browser must store
                // it as a file, never open it as a page of this site. nosniff and the API's CSP (SecurityHeaders) hold too.
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"process-definition-{key}.bpmn\"";
                return TypedResults.Text(xml, "text/xml; charset=utf-8");
            })
            .WithName("GetProcessDefinitionXml")
            .WithSummary("The BPMN XML of a deployed version, as a download (Content-Disposition: attachment).")
            .Produces<string>(StatusCodes.Status200OK, "text/xml");

        group.MapGet("/{key:long}/form", async Task<Results<Ok<UserTaskFormResponse>, NoContent, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, [FromServices] DefinitionCache definitions,
                [FromServices] FormSubmissions forms, CancellationToken cancellationToken) =>
            {
                if (await queries.GetDefinitionAsync(key, context.Caller().TenantIds, cancellationToken) is null)
                {
                    return TypedResults.NotFound();
                }

                var form = await forms.GetStartFormAsync(await definitions.GetAsync(key, cancellationToken), cancellationToken);
                return form is null
                    ? TypedResults.NoContent()
                    : TypedResults.Ok(new UserTaskFormResponse(form.FormKey, form.FormId, form.Version, form.Schema, form.TenantId));
            })
            .WithName("GetStartProcessForm")
            .WithSummary("The start form of the version's none start event (a start is checked against it); 204 when it has none the engine holds.");

        return app;
    }
}
