using System.Xml.Linq;
using ProzessEngine.Dmn.Types;

namespace ProzessEngine.Dmn.Parsing;

internal sealed partial class ModelReader
{
    private readonly Dictionary<ItemDefinitionType, XElement> _itemElements = [];

    /// <summary>Item definitions in two passes: names first, so that definitions may refer to each other in any order.</summary>
    private void ReadItemDefinitions(XElement root)
    {
        foreach (var element in root.Elements(_ns + "itemDefinition"))
        {
            var name = Attr(element, "name");
            if (string.IsNullOrWhiteSpace(name))
            {
                Error(element, Attr(element, "id"), "an itemDefinition has no name");
                continue;
            }

            var type = new ItemDefinitionType(name, IsCollection(element));
            _itemElements[type] = element;
            _definitions.Types[name] = type;
        }

        foreach (var (type, element) in _itemElements.ToList())
        {
            Fill(type, element);
        }
    }

    private static bool IsCollection(XElement element) => string.Equals(Attr(element, "isCollection"), "true", StringComparison.Ordinal);

    private void Fill(ItemDefinitionType type, XElement element)
    {
        var id = Attr(element, "id") ?? type.Name;
        var components = element.Elements(_ns + "itemComponent").ToList();
        if (components.Count > 0)
        {
            var list = new List<(string, DmnType)>();
            foreach (var component in components)
            {
                var name = Attr(component, "name") ?? string.Empty;
                var componentType = new ItemDefinitionType($"{type.Name}.{name}", IsCollection(component));
                Fill(componentType, component);
                list.Add((name, componentType));
            }

            type.Components = list;
        }

        var typeRef = element.Element(_ns + "typeRef")?.Value.Trim() ?? Attr(element, "typeRef");
        if (!string.IsNullOrEmpty(typeRef))
        {
            type.BaseType = Resolve(typeRef, element, id);
        }
        else if (element.Element(_ns + "functionItem") is not null)
        {
            type.BaseType = BuiltinType.Find("function");
        }

        if (element.Element(_ns + "allowedValues")?.Element(_ns + "text")?.Value is { } allowed)
        {
            type.AllowedValues = UnaryTests(allowed, element, id, $"item definition '{type.Name}', allowed values");
        }

        if (element.Element(_ns + "typeConstraint")?.Element(_ns + "text")?.Value is { } constraint)
        {
            type.TypeConstraint = UnaryTests(constraint, element, id, $"item definition '{type.Name}', type constraint");
        }
    }

    /// <summary>The type an element's typeRef attribute names, or null when it names none.</summary>
    private DmnType? TypeOf(XElement element, string id)
    {
        var typeRef = Attr(element, "typeRef");
        return string.IsNullOrWhiteSpace(typeRef) ? null : Resolve(typeRef.Trim(), element, id);
    }

    private DmnType? Resolve(string typeRef, XElement element, string id)
    {
        if (_definitions.Types.TryGetValue(typeRef, out var defined))
        {
            return defined;
        }

        if (BuiltinType.Find(typeRef) is { } builtin)
        {
            return builtin;
        }

        // FEEL type syntax (DMN 1.3+): list<T>, context<...>, function<...> -> T, range<T>.
        var open = typeRef.IndexOf('<', StringComparison.Ordinal);
        if (open > 0 && typeRef.EndsWith('>'))
        {
            var outer = typeRef[..open].Trim();
            if (outer == "list")
            {
                return Resolve(typeRef[(open + 1)..^1].Trim(), element, id) is { } item ? new ListOfType(item) : null;
            }

            if (BuiltinType.Find(outer) is { } generic)
            {
                return generic;
            }
        }
        else if (typeRef.StartsWith("function", StringComparison.Ordinal))
        {
            return BuiltinType.Find("function");
        }

        Error(element, id, $"element '{id}': unknown typeRef '{typeRef}' (neither a FEEL type nor an item definition of the model)");
        return null;
    }
}
