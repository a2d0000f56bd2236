using System.Xml;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Hands the XML to <c>XDocument.Load</c> node by node and stops at the first node beyond a bound: deeper nesting than
/// <see cref="BpmnParserOptions.MaxXmlDepth"/>, more elements than <see cref="BpmnParserOptions.MaxXmlElements"/>, an
/// element with too many or too long attributes, or a read that takes longer than the parse may.
/// </summary>
/// <remarks>
/// The depth check is what keeps deep nesting cheap: LINQ to XML walks up to the root each time it adds a child (it
/// guards against making a node its own ancestor), so building a document that nests n levels costs n²/2 steps, and
/// 100,000 levels took minutes. Stopping while reading, before the deep element is built, bounds that work by the limit.
/// </remarks>
internal sealed class BoundedXmlReader(XmlReader inner, BpmnParserOptions options, ParseBudget budget) : XmlReader, IXmlLineInfo
{
    /// <summary>Asking the clock for every node would cost more than reading it.</summary>
    private const int NodesPerTimeCheck = 4096;

    private readonly IXmlLineInfo? _lines = inner as IXmlLineInfo;
    private int _elements;
    private int _nodes;

    public override bool Read()
    {
        if (!inner.Read())
        {
            return false;
        }

        if (++_nodes % NodesPerTimeCheck == 0)
        {
            budget.Check(this);
        }

        if (inner.NodeType == XmlNodeType.Element)
        {
            CheckElement();
        }

        return true;
    }

    private void CheckElement()
    {
        // Depth counts from 0 at the root element, so the root is level 1.
        if (inner.Depth + 1 > options.MaxXmlDepth)
        {
            throw Exceeded($"The XML nests deeper than the limit of {options.MaxXmlDepth} levels (Engine:Limits:MaxXmlDepth) at the element '{inner.Name}'; "
                + "a BPMN model needs a few levels per embedded sub-process.");
        }

        if (++_elements > options.MaxXmlElements)
        {
            throw Exceeded($"The XML has more than the limit of {options.MaxXmlElements:N0} elements (Engine:Limits:MaxXmlElements).");
        }

        if (inner.AttributeCount > options.MaxXmlAttributes)
        {
            throw Exceeded($"The element '{inner.Name}' has {inner.AttributeCount} attributes, more than the limit of {options.MaxXmlAttributes} "
                + "(Engine:Limits:MaxXmlAttributes).");
        }

        for (var i = 0; i < inner.AttributeCount; i++)
        {
            inner.MoveToAttribute(i);
            if (inner.Value.Length > options.MaxXmlAttributeCharacters)
            {
                var name = inner.Name;
                inner.MoveToElement();
                throw Exceeded($"The attribute '{name}' of the element '{inner.Name}' is longer than the limit of {options.MaxXmlAttributeCharacters:N0} "
                    + "characters (Engine:Limits:MaxXmlAttributeCharacters).");
            }
        }

        inner.MoveToElement();
    }

    private ModelLimitException Exceeded(string message) => new(message, this);

    public bool HasLineInfo() => _lines?.HasLineInfo() ?? false;

    public int LineNumber => _lines?.LineNumber ?? 0;

    public int LinePosition => _lines?.LinePosition ?? 0;

    public override int AttributeCount => inner.AttributeCount;

    public override string BaseURI => inner.BaseURI;

    public override int Depth => inner.Depth;

    public override bool EOF => inner.EOF;

    public override bool IsEmptyElement => inner.IsEmptyElement;

    public override bool IsDefault => inner.IsDefault;

    public override bool HasValue => inner.HasValue;

    public override string LocalName => inner.LocalName;

    public override string Name => inner.Name;

    public override string NamespaceURI => inner.NamespaceURI;

    public override XmlNameTable NameTable => inner.NameTable;

    public override XmlNodeType NodeType => inner.NodeType;

    public override string Prefix => inner.Prefix;

    public override ReadState ReadState => inner.ReadState;

    public override string Value => inner.Value;

    public override char QuoteChar => inner.QuoteChar;

    public override XmlSpace XmlSpace => inner.XmlSpace;

    public override string XmlLang => inner.XmlLang;

    public override XmlReaderSettings? Settings => inner.Settings;

    public override string GetAttribute(int i) => inner.GetAttribute(i);

    public override string? GetAttribute(string name) => inner.GetAttribute(name);

    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);

    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

    public override bool MoveToElement() => inner.MoveToElement();

    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();

    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();

    public override bool ReadAttributeValue() => inner.ReadAttributeValue();

    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
