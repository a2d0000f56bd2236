using System.Text.RegularExpressions;

namespace ProzessEngine.Testing.Conformance;

/// <summary>
/// One conformance model: the BPMN file and the script in its leading comment. Script lines are commands
/// (<c>start {json}</c>, <c>complete-task id {json}</c>, ...) and expectations (<c>expect journal: +a -a</c>,
/// <c>expect variables: {json}</c>, <c>expect status: completed</c>, ...); an indented line continues the previous one.
/// </summary>
public sealed partial class ConformanceCase
{
    private ConformanceCase(string name, string xml, IReadOnlyList<string> lines, string? decisions)
    {
        Name = name;
        Xml = xml;
        Lines = lines;
        Decisions = decisions;
    }

    public string Name { get; }
    public string Xml { get; }

    /// <summary>The DMN file beside the model (same name, <c>.dmn</c>), deployed before it; null when there is none.</summary>
    public string? Decisions { get; }

    /// <summary>Commands and expectations in script order; an expectation is checked where it stands.</summary>
    public IReadOnlyList<string> Lines { get; }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Conformance", "Models");

    public static IEnumerable<string> Names() =>
        System.IO.Directory.GetFiles(Directory, "*.bpmn").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    public static ConformanceCase Load(string name)
    {
        var xml = File.ReadAllText(Path.Combine(Directory, name + ".bpmn"));
        var match = ScriptPattern().Match(xml);
        if (!match.Success)
        {
            throw new InvalidDataException($"{name}.bpmn has no <!-- conformance ... --> script.");
        }

        var lines = new List<string>();
        foreach (var raw in match.Groups[1].Value.Split('\n'))
        {
            if (raw.Trim().Length == 0 || raw.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (char.IsWhiteSpace(raw[0]) && raw.StartsWith("    ", StringComparison.Ordinal) && lines.Count > 0)
            {
                lines[^1] += " " + raw.Trim();
            }
            else
            {
                lines.Add(raw.Trim());
            }
        }

        if (!lines.Exists(l => l.StartsWith("expect journal:", StringComparison.Ordinal)))
        {
            throw new InvalidDataException($"{name}.bpmn expects no journal.");
        }

        var dmn = Path.Combine(Directory, name + ".dmn");
        return new ConformanceCase(name, xml, lines, File.Exists(dmn) ? File.ReadAllText(dmn) : null);
    }

    [GeneratedRegex(@"<!--\s*conformance\s*\n(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex ScriptPattern();
}
