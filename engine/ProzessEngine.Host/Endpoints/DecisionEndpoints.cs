using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Feel;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

/// <summary>Camunda 8's request: the decision by id (its latest version in the tenant) or by key, and the variables it sees.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record EvaluateDecisionRequest(string? DecisionDefinitionId, long? DecisionDefinitionKey, JsonElement? Variables, string? TenantId = null);

/// <summary>
/// Camunda 8's answer: <paramref name="Output"/> is the decision's result as JSON text; a failure (a violated hit
/// policy, a type error) is an answer too, naming the failed decision, with what was evaluated up to it.
/// </summary>
public sealed record EvaluateDecisionResponse(
    string DecisionDefinitionId,
    long DecisionDefinitionKey,
    string? DecisionDefinitionName,
    int DecisionDefinitionVersion,
    string DecisionRequirementsId,
    long DecisionRequirementsKey,
    string Output,
    string? FailedDecisionDefinitionId,
    string? FailureMessage,
    string TenantId,
    IReadOnlyList<EvaluatedDecisionItem> EvaluatedDecisions);

public sealed record EvaluatedDecisionItem(
    string DecisionDefinitionId,
    long DecisionDefinitionKey,
    string? DecisionDefinitionName,
    int DecisionDefinitionVersion,
    string DecisionDefinitionType,
    string Output,
    string TenantId,
    IReadOnlyList<MatchedDecisionRuleItem> MatchedRules,
    IReadOnlyList<EvaluatedDecisionInputItem> EvaluatedInputs);

/// <summary>A matched rule; ruleIndex counts from 1.</summary>
public sealed record MatchedDecisionRuleItem(string RuleId, int RuleIndex, IReadOnlyList<EvaluatedDecisionOutputItem> EvaluatedOutputs);

/// <summary>outputValue is JSON text, as in Camunda 8.</summary>
public sealed record EvaluatedDecisionOutputItem(string OutputId, string OutputName, string OutputValue);

/// <summary>inputValue is JSON text, as in Camunda 8.</summary>
public sealed record EvaluatedDecisionInputItem(string InputId, string InputName, string InputValue);

public static class DecisionEndpoints
{
    public static IEndpointRouteBuilder MapDecisionEndpoints(this IEndpointRouteBuilder app)
    {
        var definitions = app.MapGroup("/v2/decision-definitions").WithTags("Decision definitions");

        definitions.MapPost("/evaluation", Evaluate)
            .WithName("EvaluateDecision")
            .WithSummary("Evaluates a decision (by id: its latest version; or by key) with the given variables: the output, every decision evaluated "
                + "on the way with its inputs and matched rules, or the failure naming the decision.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(Policies.EvaluateDecisions);

        definitions.MapPost("/search", async Task<Ok<SearchResponse<DecisionDefinitionView>>> (
                SearchRequest? request, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.DecisionDefinitions, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await queries.SearchDefinitionsAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchDecisionDefinitions")
            .WithSummary("Deployed decision versions by filter (decisionDefinitionId, name, version, decisionRequirementsId, isLatestVersion, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .RequireAuthorization(Policies.ReadDefinitions);

        definitions.MapGet("/{key:long}", async Task<Results<Ok<DecisionDefinitionView>, NotFound>> (
                long key, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
                await queries.GetDefinitionAsync(key, context.Caller().TenantIds, cancellationToken) is { } definition
                    ? TypedResults.Ok(definition)
                    : TypedResults.NotFound())
            .WithName("GetDecisionDefinition")
            .RequireAuthorization(Policies.ReadDefinitions);

        definitions.MapGet("/{key:long}/xml", async Task<Results<ContentHttpResult, NotFound>> (
                long key, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
                Download(context, await queries.GetDefinitionXmlAsync(key, context.Caller().TenantIds, cancellationToken), $"decision-definition-{key}.dmn"))
            .WithName("GetDecisionDefinitionXml")
            .WithSummary("The DMN XML of the decision requirements graph the version belongs to, as a download (Content-Disposition: attachment).")
            .Produces<string>(StatusCodes.Status200OK, "text/xml")
            .RequireAuthorization(Policies.ReadDefinitions);

        var requirements = app.MapGroup("/v2/decision-requirements").WithTags("Decision requirements").RequireAuthorization(Policies.ReadDefinitions);

        requirements.MapPost("/search", async Task<Ok<SearchResponse<DecisionRequirementsView>>> (
                SearchRequest? request, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
            {
                var search = SearchRequestReader.Read(request, SearchSchemas.DecisionRequirements, context.Caller());
                return TypedResults.Ok(SearchResponse.From(await queries.SearchRequirementsAsync(search.Tenants, search.Query, cancellationToken)));
            })
            .WithName("SearchDecisionRequirements")
            .WithSummary("Deployed decision requirements graphs (.dmn files) by filter (decisionRequirementsId, decisionRequirementsName, version, ...), sorted and paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        requirements.MapGet("/{key:long}", async Task<Results<Ok<DecisionRequirementsView>, NotFound>> (
                long key, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
                await queries.GetRequirementsAsync(key, context.Caller().TenantIds, cancellationToken) is { } graph
                    ? TypedResults.Ok(graph)
                    : TypedResults.NotFound())
            .WithName("GetDecisionRequirements");

        requirements.MapGet("/{key:long}/xml", async Task<Results<ContentHttpResult, NotFound>> (
                long key, HttpContext context, [FromServices] DecisionQueries queries, CancellationToken cancellationToken) =>
                Download(context, await queries.GetRequirementsXmlAsync(key, context.Caller().TenantIds, cancellationToken), $"decision-requirements-{key}.dmn"))
            .WithName("GetDecisionRequirementsXml")
            .WithSummary("The DMN XML of a deployed graph version, as a download (Content-Disposition: attachment).")
            .Produces<string>(StatusCodes.Status200OK, "text/xml");

        return app;
    }

    /// <summary>
    /// A model may carry XHTML with scripts (in descriptions): a browser must store it as a file, never open it as a page
    /// of this site, as with BPMN models.
    /// </summary>
    private static Results<ContentHttpResult, NotFound> Download(HttpContext context, string? xml, string fileName)
    {
        if (xml is null)
        {
            return TypedResults.NotFound();
        }

        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        return TypedResults.Text(xml, "text/xml; charset=utf-8");
    }

    private static async Task<Ok<EvaluateDecisionResponse>> Evaluate(EvaluateDecisionRequest request, HttpContext context,
        [FromServices] DecisionQueries queries, [FromServices] DecisionCatalog catalog, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var byId = !string.IsNullOrWhiteSpace(request.DecisionDefinitionId);
        if (byId == request.DecisionDefinitionKey is not null)
        {
            errors.Add(byId ? "decisionDefinitionKey" : "decisionDefinitionId",
                byId ? "must not be given together with decisionDefinitionId; name the decision one way." : "is required (or give decisionDefinitionKey).");
        }

        if (request.DecisionDefinitionKey is not null && request.TenantId is not null)
        {
            errors.Add("tenantId", "is given by the decision's key; leave it out when evaluating by decisionDefinitionKey.");
        }

        errors.ThrowIfAny();
        var variables = Variables.Read(context, request.Variables);
        var caller = context.Caller();
        DecisionDefinitionView? decision;
        if (request.DecisionDefinitionKey is { } key)
        {
            decision = await queries.GetDefinitionAsync(key, caller.TenantIds, cancellationToken)
                ?? throw new Core.EngineNotFoundException($"Decision definition {key} does not exist.");
        }
        else
        {
            var tenantId = caller.Tenant(request.TenantId);
            decision = await queries.GetLatestDefinitionAsync(request.DecisionDefinitionId!.Trim(), tenantId, cancellationToken)
                ?? throw new Core.EngineNotFoundException($"The decision '{request.DecisionDefinitionId.Trim()}' is not deployed in the tenant '{tenantId}'.");
        }

        var model = catalog.ModelOf(decision.DecisionRequirementsKey);
        var result = model.Evaluate(decision.DecisionDefinitionId, new FeelVariables(variables), cancellationToken);

        // Required decisions were evaluated in the same graph version: their keys and versions are those stored with it.
        var graph = await queries.GetDefinitionsOfRequirementsAsync(decision.DecisionRequirementsKey, cancellationToken);
        var versions = graph.ToDictionary(d => d.DecisionDefinitionId, StringComparer.Ordinal);
        var evaluated = result.EvaluatedDecisions.Select(d =>
        {
            var stored = versions.GetValueOrDefault(d.DecisionId);
            return new EvaluatedDecisionItem(d.DecisionId, stored?.DecisionDefinitionKey ?? 0, stored?.Name ?? NullIfBlank(d.DecisionName), stored?.Version ?? decision.Version,
                d.DecisionType, FeelJson.ToJsonString(d.Output), decision.TenantId,
                [.. d.MatchedRules.Select(r => new MatchedDecisionRuleItem(r.RuleId, r.RuleIndex,
                    [.. r.Outputs.Select(o => new EvaluatedDecisionOutputItem(o.OutputId, o.OutputName, FeelJson.ToJsonString(o.Value)))]))],
                [.. d.Inputs.Select(i => new EvaluatedDecisionInputItem(i.InputId, i.InputName, FeelJson.ToJsonString(i.Value)))]);
        }).ToList();
        return TypedResults.Ok(new EvaluateDecisionResponse(decision.DecisionDefinitionId, decision.DecisionDefinitionKey, decision.Name, decision.Version,
            decision.DecisionRequirementsId, decision.DecisionRequirementsKey, FeelJson.ToJsonString(result.Output), result.Failure?.DecisionId,
            result.Failure?.Message, decision.TenantId, evaluated));
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
