using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// A webhook's properties with their <c>{{secrets.NAME}}</c> filled in from the engine's one <see cref="Secrets"/>; a
/// secret's value is never a variable, never written to the journal and never logged, only its name appears in messages.
/// </summary>
internal static class WebhookSecrets
{
    /// <summary>The text with its secrets filled in.</summary>
    /// <exception cref="WebhookModelException">A secret is not configured (any more).</exception>
    public static string Resolve(this Secrets secrets, WebhookText text)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(text);
        if (!text.HasSecrets)
        {
            return text.Text;
        }

        try
        {
            return secrets.Resolve(text.Text);
        }
        catch (SecretNotConfiguredException ex)
        {
            throw new WebhookModelException($"{text.Property} names the secret '{ex.Name}', which is not configured ({Secrets.Section}:{ex.Name}).");
        }
    }
}
