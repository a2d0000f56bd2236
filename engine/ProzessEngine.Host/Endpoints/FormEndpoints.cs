using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Endpoints;

public sealed record FormFilter(string? FormId, bool? IsLatestVersion);

public sealed record FormSearchRequest(FormFilter? Filter, PageRequest? Page);

public static class FormEndpoints
{
    public static IEndpointRouteBuilder MapFormEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v2/forms").WithTags("Forms").RequireAuthorization(Policies.ReadDefinitions);

        group.MapPost("/search", async Task<Ok<SearchResponse<FormSummaryView>>> (FormSearchRequest? request, HttpContext context,
                [FromServices] FormQueries forms, CancellationToken cancellationToken) =>
                TypedResults.Ok(SearchResponse.From(await forms.SearchAsync(context.Caller().TenantId, request?.Filter?.FormId,
                    request?.Filter?.IsLatestVersion ?? false, PageRequest.Resolve(request?.Page), cancellationToken))))
            .WithName("SearchForms")
            .WithSummary("Lists deployed form versions, optionally only the latest of each.");

        group.MapGet("/{key:long}", async Task<Results<Ok<FormView>, NotFound>> (long key, HttpContext context, [FromServices] FormQueries forms,
                CancellationToken cancellationToken) =>
                await forms.GetAsync(key, context.Caller().TenantId, cancellationToken) is { } form ? TypedResults.Ok(form) : TypedResults.NotFound())
            .WithName("GetForm")
            .WithSummary("One deployed form version with its form-js schema (as a JSON string).");

        return app;
    }
}
