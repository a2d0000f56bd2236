namespace ProzessEngine.Persistence.Tests.Conformance;

/// <summary>The models listed in KnownDifferences.txt, with the reason each differs on the persistent path.</summary>
internal static class KnownDifferences
{
    public static IReadOnlyDictionary<string, string> All { get; } = Load();

    private static Dictionary<string, string> Load()
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Conformance", "KnownDifferences.txt")))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new InvalidDataException($"KnownDifferences.txt: '{trimmed}' is not '<model>: <reason>'.");
            }

            entries.Add(trimmed[..colon].Trim(), trimmed[(colon + 1)..].Trim());
        }

        return entries;
    }
}
