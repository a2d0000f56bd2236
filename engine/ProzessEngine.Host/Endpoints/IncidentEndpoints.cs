using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

public sealed record IncidentFilter(long? ProcessInstanceKey, string? State);

public sealed record IncidentSearchRequest(IncidentFilter? Filter, PageRequest? Page);

public static class IncidentEndpoints
{
    public static IEndpointRouteBuilder MapIncidentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/incidents").WithTags("Incidents");

        group.MapPost("/search", async Task<Ok<SearchResponse<IncidentView>>> (IncidentSearchRequest? request, HttpContext context,
                [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var result = await queries.SearchIncidentsAsync(context.Caller().TenantId, request?.Filter?.ProcessInstanceKey,
                    request?.Filter?.State?.ToUpperInvariant(), PageRequest.Resolve(request?.Page), cancellationToken);
                return TypedResults.Ok(SearchResponse.From(result));
            })
            .WithName("SearchIncidents")
            .RequireAuthorization(Policies.ReadInstances);

        group.MapPost("/{key:long}/resolution", async Task<NoContent> (long key, HttpContext context, [FromServices] InstanceCommands commands,
                CancellationToken cancellationToken) =>
            {
                await commands.ResolveIncidentAsync(key, context.Caller().Actor, cancellationToken);
                return TypedResults.NoContent();
            })
            .WithName("ResolveIncident")
            .WithSummary("Resolves the incident and repeats the step it stopped.")
            .RequireAuthorization(Policies.OperateInstances);

        return app;
    }
}
