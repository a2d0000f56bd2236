using System.Xml;
using System.Xml.Linq;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Ids of BPMN elements must be what the BPMN schema declares them to be (xsd:ID, an XML NCName: a letter or '_' first,
/// then letters, digits, '.', '-' and '_', no spaces or colons), as Camunda 8 and the Modeler require, and at most
/// <see cref="MaxIdLength"/> characters, as the Web Modeler allows. They end up in URLs, database columns, journal
/// entries and problem messages; an id with spaces, angle brackets or line breaks would be trouble in each. Names are
/// free text but are stored and shown, so they are bounded by <see cref="MaxNameLength"/>.
/// </summary>
internal static class IdCheck
{
    public const int MaxIdLength = 255;
    public const int MaxNameLength = 500;

    public static void Check(XElement root, List<BpmnDiagnostic> diagnostics)
    {
        foreach (var element in root.DescendantsAndSelf().Where(e => e.Name.Namespace == Namespaces.Bpmn))
        {
            if (element.Attribute("id") is { } id && Problem(id.Value) is { } problem)
            {
                diagnostics.Add(BpmnParser.At(element, Shorten(id.Value), $"The id of the {element.Name.LocalName} {problem}"));
            }

            if (element.Attribute("name") is { Value.Length: > MaxNameLength } name)
            {
                diagnostics.Add(BpmnParser.At(element, (string?)element.Attribute("id") is { } owner ? Shorten(owner) : null,
                    $"The name of the {element.Name.LocalName} is {name.Value.Length:N0} characters long, more than the limit of {MaxNameLength}."));
            }
        }
    }

    /// <summary>What is wrong with an id (the end of a sentence), or null.</summary>
    private static string? Problem(string id)
    {
        if (id.Length == 0)
        {
            return "is empty.";
        }

        if (id.Length > MaxIdLength)
        {
            return $"is {id.Length:N0} characters long, more than the limit of {MaxIdLength}.";
        }

        try
        {
            XmlConvert.VerifyNCName(id);
            return null;
        }
        catch (XmlException)
        {
            return "is not a valid BPMN id: it must start with a letter or '_' and contain only letters, digits, '.', '-' and '_' "
                + "(no spaces, colons or other signs).";
        }
    }

    /// <summary>The id as a problem may repeat it: cut to a readable length, control characters shown as '?'.</summary>
    private static string Shorten(string id)
    {
        var text = new string([.. id.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return id.Length > 80 ? text + "…" : text;
    }
}
