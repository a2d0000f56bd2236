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
    public static DmnParseResult Parse(string xml, FeelEngine feel, IReadOnlyList<DmnModel> imports) => Parse(xml, feel, imports, lenient: false);

    private static DmnParseResult Parse(string xml, FeelEngine feel, IReadOnlyList<DmnModel> imports, bool lenient)
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
        return definitions is null || (diagnostics.Count > 0 && !lenient)
            ? new DmnParseResult(null, diagnostics)
            : new DmnParseResult(new DmnModel(definitions), diagnostics);
    }

    /// <summary>
    /// As the DMN TCK expects: the model is kept despite diagnostics, and a decision whose logic does not compile
    /// fails when it is evaluated (the others still work). Never for deployment, where a broken model is refused.
    /// </summary>
    internal static DmnParseResult ParseLenient(string xml, FeelEngine feel, IReadOnlyList<DmnModel> imports) => Parse(xml, feel, imports, lenient: true);
}
