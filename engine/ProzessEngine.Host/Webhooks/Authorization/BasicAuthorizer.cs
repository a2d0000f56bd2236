using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Webhooks.Authorization;

/// <summary>BASIC: the Authorization header "Basic base64(user:password)", compared in constant time.</summary>
internal sealed class BasicAuthorizer(Secrets secrets) : IWebhookAuthorizer
{
    private const string Challenge = "Basic realm=\"webhook\", charset=\"UTF-8\"";

    public Type Handles => typeof(WebhookBasicAuthorization);

    public Task CheckAsync(WebhookRequest request, WebhookAuthorization authorization, CancellationToken cancellationToken)
    {
        var basic = (WebhookBasicAuthorization)authorization;
        var header = request.Header("authorization");
        if (header is null || !header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            throw WebhookRequestException.Unauthenticated("The webhook needs HTTP basic authentication (Authorization: Basic …).", Challenge);
        }

        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(header["Basic ".Length..].Trim());
        }
        catch (FormatException)
        {
            throw WebhookRequestException.Unauthenticated("The user name or password is wrong.", Challenge);
        }

        var expected = Encoding.UTF8.GetBytes($"{secrets.Resolve(basic.Username)}:{secrets.Resolve(basic.Password)}");
        if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(presented), SHA256.HashData(expected)))
        {
            throw WebhookRequestException.Unauthenticated("The user name or password is wrong.", Challenge);
        }

        return Task.CompletedTask;
    }
}
