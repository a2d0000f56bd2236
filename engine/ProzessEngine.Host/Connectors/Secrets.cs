using System.Text.RegularExpressions;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// The engine's one source of secrets, for webhooks, the REST connector and the e-mail connector: written in a model as
/// <c>{{secrets.NAME}}</c> (Camunda's placeholder) and configured as <c>Engine:Secrets:NAME</c> (environment:
/// <c>Engine__Secrets__NAME</c>, or a mounted secret file). A model names a secret, never holds it: the placeholder is
/// replaced only where the value is used (a request that leaves, a signature that is checked), so the journal,
/// incidents, logs and variables keep the name. Read from the configuration at each use, so a rotated secret needs no
/// restart where the configuration source reloads.
/// </summary>
public sealed partial class Secrets(IConfiguration configuration)
{
    public const string Section = "Engine:Secrets";

    /// <summary>
    /// Camunda's syntax: letters, digits, '_' and '-' in segments joined by '/' or '.', spaces inside the braces allowed
    /// (the names webhooks and connectors accepted before they shared this class).
    /// </summary>
    [GeneratedRegex(@"\{\{\s*secrets\.(?<name>[A-Za-z0-9_-]+(?:[/.][A-Za-z0-9_-]+)*)\s*\}\}", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Placeholder();

    public bool IsConfigured(string name) => !string.IsNullOrEmpty(configuration.GetSection(Section)[name]);

    public static bool HasPlaceholder(string text) => text.Contains("{{", StringComparison.Ordinal) && Placeholder().IsMatch(text);

    /// <summary>The names of the secrets <paramref name="text"/> refers to.</summary>
    public static IEnumerable<string> NamesIn(string text) =>
        text.Contains("{{", StringComparison.Ordinal) ? Placeholder().Matches(text).Select(m => m.Groups["name"].Value) : [];

    /// <summary>
    /// Replaces every placeholder by its secret and adds the secrets put in to <paramref name="used"/> (so that a
    /// caller can keep them out of what it records). A secret that is not configured throws
    /// <see cref="SecretNotConfiguredException"/>, which names the secret, never a value.
    /// </summary>
    public string Resolve(string text, ISet<string>? used = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Contains("{{", StringComparison.Ordinal))
        {
            return text;
        }

        return Placeholder().Replace(text, match =>
        {
            var name = match.Groups["name"].Value;
            var value = configuration.GetSection(Section)[name];
            if (string.IsNullOrEmpty(value))
            {
                throw new SecretNotConfiguredException(name);
            }

            used?.Add(value);
            return value;
        });
    }
}

/// <summary>A model names a secret that the configuration does not have.</summary>
public sealed class SecretNotConfiguredException(string name)
    : Exception($"The secret '{name}' is not configured: set {Secrets.Section}:{name} (environment variable Engine__Secrets__{name}).")
{
    public string Name { get; } = name;
}
