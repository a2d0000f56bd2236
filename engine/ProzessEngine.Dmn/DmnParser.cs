using ProzessEngine.Dmn.Parsing;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn;

/// <summary>
/// Reads DMN 1.3, 1.4 and 1.5 XML (as Camunda Modeler and other tools write it) into an evaluable model.
/// Bad input never throws: every problem is a diagnostic naming the element, line and column.
/// </summary>
public static class DmnParser
{
    private static readonly FeelEngine DefaultFeel = new();

    public static DmnParseResult Parse(string xml) => Parse(xml, DefaultFeel, []);

    /// <summary>
    /// Parses with a FEEL engine of the host's (its clock, time zone, limits and functions) and the models this one
    /// may import (matched by their namespace).
    /// </summary>
    public static DmnParseResult Parse(string xml, FeelEngine feel, IReadOnlyList<DmnModel> imports)
    {
        ArgumentNullException.ThrowIfNull(xml);
        ArgumentNullException.ThrowIfNull(feel);
        ArgumentNullException.ThrowIfNull(imports);
        var diagnostics = new List<DmnDiagnostic>();
        var document = SecureXml.Load(xml, diagnostics);
        if (document is null)
        {
            return new DmnParseResult(null, diagnostics);
        }

        var definitions = new ModelReader(feel, diagnostics, imports).Read(document);
        return definitions is null || diagnostics.Count > 0
            ? new DmnParseResult(null, diagnostics)
            : new DmnParseResult(new DmnModel(definitions), diagnostics);
    }
}
