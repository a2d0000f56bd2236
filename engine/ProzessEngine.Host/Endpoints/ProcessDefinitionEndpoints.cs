using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

public sealed record ProcessDefinitionFilter(string? ProcessDefinitionId, bool? IsLatestVersion);

public sealed record ProcessDefinitionSearchRequest(ProcessDefinitionFilter? Filter, PageRequest? Page);

public static class ProcessDefinitionEndpoints
{
    public static IEndpointRouteBuilder MapProcessDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/process-definitions").WithTags("Process definitions").RequireAuthorization(Policies.ReadDefinitions);

        group.MapPost("/search", async Task<Ok<SearchResponse<ProcessDefinitionView>>> (
                ProcessDefinitionSearchRequest? request, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var result = await queries.SearchDefinitionsAsync(context.Caller().TenantId, request?.Filter?.ProcessDefinitionId,
                    request?.Filter?.IsLatestVersion ?? false, PageRequest.Resolve(request?.Page), cancellationToken);
                return TypedResults.Ok(SearchResponse.From(result));
            })
            .WithName("SearchProcessDefinitions")
            .WithSummary("Lists deployed process versions, optionally only the latest of each.");

        group.MapGet("/{key:long}", async Task<Results<Ok<ProcessDefinitionView>, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
                await queries.GetDefinitionAsync(key, context.Caller().TenantId, cancellationToken) is { } definition
                    ? TypedResults.Ok(definition)
                    : TypedResults.NotFound())
            .WithName("GetProcessDefinition");

        group.MapGet("/{key:long}/xml", async Task<Results<ContentHttpResult, NotFound>> (
                long key, HttpContext context, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
                await queries.GetDefinitionXmlAsync(key, context.Caller().TenantId, cancellationToken) is { } xml
                    ? TypedResults.Text(xml, "text/xml; charset=utf-8")
                    : TypedResults.NotFound())
            .WithName("GetProcessDefinitionXml")
            .WithSummary("The BPMN XML of a deployed version.");

        return app;
    }
}
