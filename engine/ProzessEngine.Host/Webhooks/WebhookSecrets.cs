using System.Text.RegularExpressions;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// The secrets a webhook's properties name as <c>{{secrets.NAME}}</c>: settings Engine:Secrets:NAME (an environment
/// variable Engine__Secrets__NAME, a mounted secret file, ...), read when a request needs them. A secret's value is never
/// a variable, never written to the journal and never logged; only its name appears in messages.
/// </summary>
internal sealed partial class WebhookSecrets(IConfiguration configuration)
{
    public bool IsConfigured(string name) => !string.IsNullOrEmpty(configuration[$"{WebhookOptions.SecretsSection}:{name}"]);

    /// <summary>The text with its secrets filled in.</summary>
    /// <exception cref="WebhookModelException">A secret is not configured (any more).</exception>
    public string Resolve(WebhookText text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.HasSecrets)
        {
            return text.Text;
        }

        return Placeholder().Replace(text.Text, match =>
        {
            var name = match.Groups[1].Value;
            return configuration[$"{WebhookOptions.SecretsSection}:{name}"] is { Length: > 0 } value
                ? value
                : throw new WebhookModelException($"{text.Property} names the secret '{name}', which is not configured ({WebhookOptions.SecretsSection}:{name}).");
        });
    }

    [GeneratedRegex(@"\{\{\s*secrets\.([A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
