using System.Xml.Linq;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>The definitions-level elements events refer to: messages, signals, errors and escalations, by id.</summary>
internal sealed class RootElements
{
    private readonly Dictionary<string, XElement> _byId = new(StringComparer.Ordinal);

    public RootElements(XElement definitions)
    {
        foreach (var element in definitions.Elements())
        {
            if (element.Name.Namespace == Namespaces.Bpmn
                && element.Name.LocalName is "message" or "signal" or "error" or "escalation"
                && (string?)element.Attribute("id") is { Length: > 0 } id)
            {
                _byId.TryAdd(id, element);
            }
        }
    }

    /// <summary>The root element of the given kind (message, signal, error, escalation) with this id, or null.</summary>
    public XElement? Find(string kind, string? id) =>
        id is not null && _byId.TryGetValue(id, out var element) && element.Name.LocalName == kind ? element : null;
}
