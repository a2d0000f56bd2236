using System.Xml.Linq;

namespace ProzessEngine.Bpmn.Parsing;

internal static class Namespaces
{
    public static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    public static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";
    public static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>Prefix of the zeebe:properties the engine reads itself.</summary>
    public const string EnginePropertyPrefix = "prozessengine:";
}
