using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;

namespace ProzessEngine.Persistence;

/// <summary>The element that serves a webhook context: of the latest version of the process that owns the context.</summary>
public sealed record WebhookOwner(DeployedProcess Process, FlowNode Element, InboundWebhook Webhook);

/// <summary>
/// Finds who serves <c>/inbound/{context}</c> in a tenant. Deployments write the owners (webhook_contexts); each request
/// reads its row by key, so a version deployed on any node serves from its commit on.
/// </summary>
public sealed class WebhookContexts(EngineDatabase database, DefinitionCache definitions)
{
    public async Task<WebhookOwner?> FindAsync(string tenantId, string context, CancellationToken cancellationToken = default)
    {
        long definitionKey;
        string elementId;
        await using (var connection = await database.OpenConnectionAsync(cancellationToken))
        {
            await using var query = database.Dialect.Command(connection,
                """SELECT "DefinitionKey", "ElementId" FROM webhook_contexts WHERE "TenantId" = $1 AND "Context" = $2""", tenantId, context);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            (definitionKey, elementId) = (reader.GetInt64(0), reader.GetString(1));
        }

        var process = await definitions.GetAsync(definitionKey, cancellationToken);
        return process.Model.Nodes.TryGetValue(elementId, out var element) && element.Webhook is { } webhook
            ? new WebhookOwner(process, element, webhook)
            : null;
    }
}
