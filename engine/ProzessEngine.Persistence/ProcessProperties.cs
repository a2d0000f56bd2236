using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace ProzessEngine.Persistence;

/// <summary>
/// Reads the process-level <c>zeebe:properties</c> of a stored model (name/value pairs the designer's "Extension
/// properties" write), for settings the engine takes from the model beside its execution semantics, such as
/// <see cref="RetentionDaysName"/>.
/// </summary>
public static class ProcessProperties
{
    /// <summary>Days after its end that an instance of the process is deleted (a non-negative whole number).</summary>
    public const string RetentionDaysName = ProzessEngine.Bpmn.EngineProperties.RetentionDays;

    private static readonly XNamespace Bpmn = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static readonly XNamespace Zeebe = "http://camunda.org/schema/zeebe/1.0";

    /// <summary>The properties of the process <paramref name="processId"/> in <paramref name="xml"/>; the first of a repeated name wins.</summary>
    public static IReadOnlyDictionary<string, string> Read(string xml, string processId)
    {
        ArgumentNullException.ThrowIfNull(xml);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = true };
        using var reader = XmlReader.Create(new StringReader(xml), settings);
        var document = XDocument.Load(reader);
        var process = document.Root?.Elements(Bpmn + "process").FirstOrDefault(p => (string?)p.Attribute("id") == processId);
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in process?.Elements(Bpmn + "extensionElements").Elements(Zeebe + "properties").Elements(Zeebe + "property") ?? [])
        {
            if ((string?)property.Attribute("name") is { Length: > 0 } name)
            {
                properties.TryAdd(name, (string?)property.Attribute("value") ?? "");
            }
        }

        return properties;
    }

    /// <summary>The process's retention in days; null when it sets none.</summary>
    /// <exception cref="FormatException">The value is not a non-negative whole number.</exception>
    public static int? RetentionDays(IReadOnlyDictionary<string, string> properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (!properties.TryGetValue(RetentionDaysName, out var text))
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var days)
            ? days
            : throw new FormatException($"The process property '{RetentionDaysName}' must be a whole number of days (0 or more), not '{text}'.");
    }
}
