using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

public static class FormEndpoints
{
    public static IEndpointRouteBuilder MapFormEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/forms").WithTags("Forms").RequireAuthorization(Policies.ReadDefinitions);

        group.MapPost("/search", async Task<Ok<SearchResponse<FormSummaryView>>> (SearchRequest? request, HttpContext context,
                [FromServices] FormQueries forms, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.Forms, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await forms.SearchAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchForms")
            .WithSummary("Deployed form versions by filter (formId, version, isLatestVersion, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/{key:long}", async Task<Results<Ok<FormView>, NotFound>> (long key, HttpContext context, [FromServices] FormQueries forms,
                CancellationToken cancellationToken) =>
                await forms.GetAsync(key, context.Caller().TenantIds, cancellationToken) is { } form ? TypedResults.Ok(form) : TypedResults.NotFound())
            .WithName("GetForm")
            .WithSummary("One deployed form version with its form-js schema (as a JSON string).");

        return app;
    }
}
