using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ProzessEngine.Core;
using ProzessEngine.Feel;
using ProzessEngine.Host.Http;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

public sealed record MessagePublicationRequest(string? Name, string? CorrelationKey, long? TimeToLive, string? MessageId, JsonElement? Variables,
    string? TenantId = null);

public sealed record MessagePublicationResponse(long MessageKey, string TenantId);

public sealed record MessageCorrelationRequest(string? Name, string? CorrelationKey, JsonElement? Variables, string? TenantId = null);

public sealed record MessageCorrelationResponse(long MessageKey, long ProcessInstanceKey, string TenantId);

public sealed record SignalBroadcastRequest(string? SignalName, JsonElement? Variables, string? TenantId = null);

public sealed record SignalBroadcastResponse(long SignalKey, string TenantId);

/// <summary>processDefinitionId is the engine's; Camunda 8 names the process by processDefinitionKey (its latest version only here).</summary>
public sealed record ConditionalEvaluationRequest(string? ProcessDefinitionId, JsonElement? Variables, string? TenantId = null,
    long? ProcessDefinitionKey = null);

public sealed record ConditionalEvaluationResponse(IReadOnlyList<CreateProcessInstanceResponse> ProcessInstances);

/// <summary>Other systems (online portals, the e-invoice inbox, specialist software) talk to waiting processes: messages and signals.</summary>
public static class MessageEndpoints
{
    /// <summary>Seven days: a message that long unanswered is a matter for a person, not for the buffer.</summary>
    private static readonly TimeSpan MaxTimeToLive = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapMessageEndpoints(this IEndpointRouteBuilder app)
    {
        var messages = app.MapGroup("/v2/messages").WithTags("Messages").RequireAuthorization(Policies.StartInstances);

        messages.MapPost("/publication", async Task<Ok<MessagePublicationResponse>> (MessagePublicationRequest request, HttpContext context,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var name = RequireName(request.Name, "name");
                var timeToLive = request.TimeToLive is { } milliseconds ? TimeSpan.FromMilliseconds(milliseconds) : InstanceCommands.DefaultMessageTimeToLive;
                if (timeToLive < TimeSpan.Zero || timeToLive > MaxTimeToLive)
                {
                    throw RequestValidationException.For("timeToLive", "must be between 0 and 604800000 milliseconds (seven days).");
                }

                if (request.MessageId is { Length: > 255 })
                {
                    throw RequestValidationException.For("messageId", "must not be longer than 255 characters.");
                }

                var tenantId = context.Caller().Tenant(request.TenantId);
                var key = await commands.PublishMessageAsync(name, CorrelationKey(request.CorrelationKey), timeToLive, request.MessageId,
                    WithinLimits(context, Variables.Read(context, request.Variables)), tenantId, cancellationToken);
                return TypedResults.Ok(new MessagePublicationResponse(key, tenantId));
            })
            .WithName("PublishMessage")
            .WithSummary("Publishes a message: correlated to waiting instances or message start events, else buffered for timeToLive (ms).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        messages.MapPost("/correlation", async Task<Ok<MessageCorrelationResponse>> (MessageCorrelationRequest request, HttpContext context,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var name = RequireName(request.Name, "name");
                var tenantId = context.Caller().Tenant(request.TenantId);
                var correlated = await commands.CorrelateMessageAsync(name, CorrelationKey(request.CorrelationKey), WithinLimits(context, Variables.Read(context, request.Variables)),
                    tenantId, cancellationToken);
                return TypedResults.Ok(new MessageCorrelationResponse(correlated.MessageKey, correlated.ProcessInstanceKey, tenantId));
            })
            .WithName("CorrelateMessage")
            .WithSummary("Correlates a message now (no buffering) and returns the instance that received it; 404 when nothing waits for it.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        app.MapPost("/v2/signals/broadcast", async Task<Ok<SignalBroadcastResponse>> (SignalBroadcastRequest request, HttpContext context,
                [FromServices] InstanceCommands commands, CancellationToken cancellationToken) =>
            {
                var name = RequireName(request.SignalName, "signalName");
                var tenantId = context.Caller().Tenant(request.TenantId);
                var key = await commands.BroadcastSignalAsync(name, WithinLimits(context, Variables.Read(context, request.Variables)), tenantId, cancellationToken);
                return TypedResults.Ok(new SignalBroadcastResponse(key, tenantId));
            })
            .WithTags("Signals")
            .WithName("BroadcastSignal")
            .WithSummary("Triggers every waiting signal catch event and starts every process with a matching signal start event.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(Policies.StartInstances);

        app.MapPost("/v2/conditionals/evaluation", async Task<Ok<ConditionalEvaluationResponse>> (ConditionalEvaluationRequest request,
                HttpContext context, [FromServices] InstanceCommands commands, [FromServices] EngineQueries queries, CancellationToken cancellationToken) =>
            {
                var variables = WithinLimits(context, Variables.Read(context, request.Variables));
                if (variables.Count == 0)
                {
                    throw RequestValidationException.For("variables", "must hold the variables the start conditions are evaluated with.");
                }

                var caller = context.Caller();
                var tenantId = caller.Tenant(request.TenantId);
                var processId = request.ProcessDefinitionId;
                if (request.ProcessDefinitionKey is { } definitionKey)
                {
                    (processId, tenantId) = await LatestVersionAsync(definitionKey, request, caller, queries, cancellationToken);
                }

                var started = await commands.EvaluateConditionalStartsAsync(variables, processId, tenantId, caller.Actor, cancellationToken);
                return TypedResults.Ok(new ConditionalEvaluationResponse([.. started.Select(s => new CreateProcessInstanceResponse(s.ProcessInstanceKey,
                    s.DefinitionKey, s.ProcessId, s.Version, s.TenantId, Persistence.Stores.InstanceStatuses.From(s.Status)))]));
            })
            .WithTags("Conditionals")
            .WithName("EvaluateConditionals")
            .WithSummary("Starts an instance at every conditional start event whose condition holds for the variables.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(Policies.StartInstances);

        return app;
    }

    /// <summary>
    /// Message and signal variables travel on through the outbox to instances that have not read them yet: one larger
    /// than Engine:Limits:MaxVariablesBytes is refused here, before anything is written.
    /// </summary>
    private static IReadOnlyList<KeyValuePair<string, FeelValue>> WithinLimits(HttpContext context, IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        context.RequestServices.GetRequiredService<ProcessRuntime>().RequireWithinLimits(variables);
        return variables;
    }

    /// <summary>
    /// The process of a definition key, whose latest version's conditional start events are evaluated; an older version's
    /// key is refused rather than answered with the latest version's events.
    /// </summary>
    private static async Task<(string ProcessId, string TenantId)> LatestVersionAsync(long definitionKey, ConditionalEvaluationRequest request,
        Auth.Caller caller, EngineQueries queries, CancellationToken cancellationToken)
    {
        if (request.ProcessDefinitionId is not null)
        {
            throw RequestValidationException.For("processDefinitionKey", "Give processDefinitionId or processDefinitionKey, not both.");
        }

        var definition = await queries.GetDefinitionAsync(definitionKey, request.TenantId is null ? caller.TenantIds : [caller.Tenant(request.TenantId)],
            cancellationToken) ?? throw new Core.EngineNotFoundException($"Process definition {definitionKey} does not exist.");
        var latest = await queries.SearchDefinitionsAsync([definition.TenantId], new SearchQuery(
            [
                new FieldCondition("processDefinitionId", FilterOperator.Equal, definition.ProcessDefinitionId),
                new FieldCondition("isLatestVersion", FilterOperator.Equal, true),
            ], [], new Page(0, 1)), cancellationToken);
        if (latest.Items is not [{ } newest] || newest.ProcessDefinitionKey != definitionKey)
        {
            throw RequestValidationException.For("processDefinitionKey",
                $"is version {definition.Version} of '{definition.ProcessDefinitionId}'; only the latest version's conditional start events are evaluated.");
        }

        return (definition.ProcessDefinitionId, definition.TenantId);
    }

    private static string RequireName(string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw RequestValidationException.For(field, "is required.");
        }

        return name.Length <= 255 ? name : throw RequestValidationException.For(field, "must not be longer than 255 characters.");
    }

    private static string CorrelationKey(string? correlationKey) =>
        correlationKey is { Length: > 1000 }
            ? throw RequestValidationException.For("correlationKey", "must not be longer than 1000 characters.")
            : correlationKey ?? "";
}
