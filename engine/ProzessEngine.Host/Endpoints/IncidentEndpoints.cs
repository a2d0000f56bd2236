using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/incidents").WithTags("Incidents");

        group.MapPost("/search", async Task<Ok<SearchResponse<IncidentView>>> (SearchRequest? request, HttpContext context,
                [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.Incidents, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await queries.SearchIncidentsAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchIncidents")
            .WithSummary("Incidents by filter (processInstanceKey, state, errorType, creationTime, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/resolution", async Task<NoContent> (long key, HttpContext context, [FromServices] InstanceCommands commands,
                [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var caller = context.Caller();
                if (!await queries.IncidentExistsAsync(key, caller.TenantIds, cancellationToken))
                {
                    // Another tenant's incident is as unknown as a key that does not exist.
                    throw new Core.EngineNotFoundException($"Incident {key} does not exist.");
                }

                await commands.ResolveIncidentAsync(key, caller.Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ResolveIncident")
            .WithSummary("Resolves the incident and repeats the step it stopped.")
            .RequireAuthorization(Policies.OperateInstances);

        return app;
    }
}
