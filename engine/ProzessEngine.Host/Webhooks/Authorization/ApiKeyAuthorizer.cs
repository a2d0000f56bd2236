using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Webhooks.Authorization;

/// <summary>
/// APIKEY: inbound.auth.apiKeyLocator finds the key in the request (headers with credentials included, body, params),
/// compared in constant time with inbound.auth.apiKey.
/// </summary>
internal sealed class ApiKeyAuthorizer(Secrets secrets) : IWebhookAuthorizer
{
    public Type Handles => typeof(WebhookApiKeyAuthorization);

    public Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken)
    {
        var apiKey = (WebhookApiKeyAuthorization)authorization;
        var located = apiKey.Locator.Expression!.Evaluate(new FeelVariables([new("request", request.Request(withCredentials: true))]));
        if (!located.TryGetString(out var presented) || presented.Length == 0)
        {
            throw WebhookRequestException.Unauthenticated("The webhook needs an API key, and none was found where it is looked for.");
        }

        var expected = Encoding.UTF8.GetBytes(secrets.Resolve(apiKey.ApiKey));
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(expected)))
        {
            throw WebhookRequestException.Unauthenticated("The API key is wrong.");
        }

        return Task.CompletedTask;
    }
}
