using System.Collections.Frozen;
using System.Xml.Linq;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Rejects attributes in the zeebe dialect that the engine would not read: a zeebe:* attribute on a BPMN element, an
/// attribute of a zeebe extension element that the engine does not run, and a child a zeebe container does not take.
/// Which zeebe elements an element may carry is checked where the element is read.
/// </summary>
internal static class ZeebeAttributeCheck
{
    /// <summary>Camunda Modeler's element-template bookkeeping: meaningful to the modeller only, never to an engine.</summary>
    private static readonly FrozenSet<string> ModelerAttributes = new[]
    {
        "modelerTemplate", "modelerTemplateVersion", "modelerTemplateIcon", "modelerConfigurationTemplate", "modelerConfigurationName",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The attributes the engine reads, per zeebe extension element it runs.</summary>
    private static readonly FrozenDictionary<string, string[]> Attributes = new Dictionary<string, string[]>
    {
        ["taskDefinition"] = ["type", "retries"],
        ["taskHeaders"] = [],
        ["header"] = ["key", "value", "id"],
        ["ioMapping"] = [],
        ["input"] = ["source", "target"],
        ["output"] = ["source", "target"],
        ["subscription"] = ["correlationKey"],
        ["loopCharacteristics"] = ["inputCollection", "inputElement", "outputCollection", "outputElement"],
        ["calledElement"] = ["processId", "propagateAllChildVariables", "propagateAllParentVariables", "bindingType", "versionTag"],
        ["userTaskForm"] = ["id"],
        ["formDefinition"] = ["formId", "formKey", "externalReference", "bindingType", "versionTag"],
        ["linkedResources"] = [],
        ["linkedResource"] = ["resourceId", "resourceType", "linkName", "bindingType", "versionTag"],
        ["userTask"] = [],
        ["assignmentDefinition"] = ["assignee", "candidateGroups", "candidateUsers"],
        ["priorityDefinition"] = ["priority"],
        ["taskSchedule"] = ["dueDate", "followUpDate"],
        ["properties"] = [],
        ["property"] = ["name", "value"],
        ["script"] = ["expression", "resultVariable"],
        ["versionTag"] = ["value"],
        ["publishMessage"] = ["correlationKey", "messageId", "timeToLive"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The children a zeebe container takes; other containers take none.</summary>
    private static readonly FrozenDictionary<string, string> Children = new Dictionary<string, string>
    {
        ["taskHeaders"] = "header",
        ["properties"] = "property",
        ["linkedResources"] = "linkedResource",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static void Check(XElement scope, List<BpmnDiagnostic> diagnostics)
    {
        foreach (var element in scope.DescendantsAndSelf())
        {
            foreach (var attribute in element.Attributes().Where(a => a.Name.Namespace == Namespaces.Zeebe))
            {
                if (!ModelerAttributes.Contains(attribute.Name.LocalName))
                {
                    diagnostics.Add(BpmnParser.At(element, OwnerId(element),
                        $"The attribute zeebe:{attribute.Name.LocalName} on {Describe(element)} is unknown to the engine."));
                }
            }

            if (element.Name.Namespace != Namespaces.Zeebe || !Attributes.TryGetValue(element.Name.LocalName, out var known))
            {
                continue;
            }

            foreach (var attribute in element.Attributes().Where(a => a.Name.Namespace == XNamespace.None && !a.IsNamespaceDeclaration))
            {
                var name = attribute.Name.LocalName;
                if (!known.Contains(name) && !ModelerAttributes.Contains(name))
                {
                    diagnostics.Add(BpmnParser.At(element, OwnerId(element), known.Length == 0
                        ? $"zeebe:{element.Name.LocalName} has the attribute '{name}', which the engine does not run; it takes no attributes."
                        : $"zeebe:{element.Name.LocalName} has the attribute '{name}', which the engine does not run; it reads {string.Join(", ", known)}."));
                }
            }

            if (element.Name.LocalName == "ioMapping")
            {
                foreach (var child in element.Elements().Where(c => c.Name != Namespaces.Zeebe + "input" && c.Name != Namespaces.Zeebe + "output"))
                {
                    diagnostics.Add(BpmnParser.At(child, OwnerId(element), $"zeebe:ioMapping takes zeebe:input and zeebe:output, not {child.Name.LocalName}."));
                }
            }
            else if (Children.TryGetValue(element.Name.LocalName, out var childName))
            {
                foreach (var child in element.Elements().Where(c => c.Name != Namespaces.Zeebe + childName))
                {
                    diagnostics.Add(BpmnParser.At(child, OwnerId(element), $"zeebe:{element.Name.LocalName} takes zeebe:{childName} entries, not {child.Name.LocalName}."));
                }
            }
        }
    }

    /// <summary>
    /// The zeebe extensions a message, signal, error or escalation may carry: a message its subscription, the others
    /// none. Flow elements are checked where they are read.
    /// </summary>
    public static void CheckRootExtensions(XElement rootElement, List<BpmnDiagnostic> diagnostics)
    {
        var allowed = rootElement.Name.LocalName == "message" ? "subscription" : null;
        foreach (var extension in rootElement.Elements(Namespaces.Bpmn + "extensionElements").Elements()
                     .Where(e => e.Name.Namespace == Namespaces.Zeebe && e.Name.LocalName != allowed))
        {
            diagnostics.Add(BpmnParser.At(extension, OwnerId(rootElement),
                $"zeebe:{extension.Name.LocalName} is not supported on a {rootElement.Name.LocalName}."));
        }
    }

    private static string Describe(XElement element) =>
        element.Name.Namespace == Namespaces.Zeebe ? $"zeebe:{element.Name.LocalName}" : $"a {element.Name.LocalName}";

    /// <summary>The id of the nearest enclosing BPMN element, the one a modeller can find.</summary>
    private static string? OwnerId(XElement element) =>
        element.AncestorsAndSelf().FirstOrDefault(e => e.Name.Namespace == Namespaces.Bpmn && e.Attribute("id") is not null)?.Attribute("id")?.Value;
}
