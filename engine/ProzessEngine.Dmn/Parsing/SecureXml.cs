using System.Xml;
using System.Xml.Linq;

namespace ProzessEngine.Dmn.Parsing;

/// <summary>
/// Loads DMN XML without a DTD, external entities or resolver, within a size and nesting limit, so that a hostile
/// file costs neither memory nor a network request.
/// </summary>
internal static class SecureXml
{
    public const int MaxCharacters = 20_000_000;
    public const int MaxDepth = 200;

    public static XDocument? Load(string xml, List<DmnDiagnostic> diagnostics)
    {
        if (xml.Length > MaxCharacters)
        {
            diagnostics.Add(new DmnDiagnostic(string.Empty, 0, 0, $"The DMN file is larger than the limit of {MaxCharacters:N0} characters."));
            return null;
        }

        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxCharacters,
            MaxCharactersFromEntities = 0,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };

        try
        {
            using var text = new StringReader(xml);
            using var reader = XmlReader.Create(text, settings);
            using var bounded = new DepthLimit(reader);
            return XDocument.Load(bounded, LoadOptions.SetLineInfo);
        }
        catch (XmlException exception)
        {
            diagnostics.Add(new DmnDiagnostic(string.Empty, exception.LineNumber, exception.LinePosition, $"The DMN file is not well-formed XML: {exception.Message}"));
            return null;
        }
    }

    /// <summary>Stops reading at a nesting depth no DMN model needs.</summary>
    private sealed class DepthLimit(XmlReader inner) : XmlReader, IXmlLineInfo
    {
        public override XmlNodeType NodeType => inner.NodeType;

        public override string LocalName => inner.LocalName;

        public override string NamespaceURI => inner.NamespaceURI;

        public override string Prefix => inner.Prefix;

        public override string Value => inner.Value;

        public override int Depth => inner.Depth;

        public override string BaseURI => inner.BaseURI;

        public override bool IsEmptyElement => inner.IsEmptyElement;

        public override int AttributeCount => inner.AttributeCount;

        public override bool EOF => inner.EOF;

        public override ReadState ReadState => inner.ReadState;

        public override XmlNameTable NameTable => inner.NameTable;

        public int LineNumber => (inner as IXmlLineInfo)?.LineNumber ?? 0;

        public int LinePosition => (inner as IXmlLineInfo)?.LinePosition ?? 0;

        public bool HasLineInfo() => inner is IXmlLineInfo info && info.HasLineInfo();

        public override bool Read()
        {
            var read = inner.Read();
            if (read && inner.Depth > MaxDepth)
            {
                throw new XmlException($"elements are nested deeper than {MaxDepth} levels", null, LineNumber, LinePosition);
            }

            return read;
        }

        public override string GetAttribute(int i) => inner.GetAttribute(i);

        public override string? GetAttribute(string name) => inner.GetAttribute(name);

        public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);

        public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);

        public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);

        public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);

        public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);

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
}
