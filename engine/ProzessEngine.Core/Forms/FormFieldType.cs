using System.Collections.Frozen;
using System.Text.Json.Nodes;

namespace ProzessEngine.Core.Forms;

/// <summary>How a form-js field type takes part in the data (form-js's field configs: keyed, pathed, repeatable).</summary>
public enum FormFieldKind
{
    /// <summary>The form itself ("default").</summary>
    Form,

    /// <summary>A field with a value under its key.</summary>
    Keyed,

    /// <summary>A group: its optional path goes in front of its fields' keys.</summary>
    Group,

    /// <summary>A dynamic list: its path holds a list of rows, each with the list's fields.</summary>
    List,

    /// <summary>Shows something (text, image, table, ...) and holds no value.</summary>
    Display,
}

/// <summary>The field types of form-js 1.x, with what each holds when a form opens without a value for it.</summary>
internal sealed record FormFieldType(string Name, FormFieldKind Kind, Func<JsonNode?>? EmptyValue = null)
{
    public static readonly FrozenDictionary<string, FormFieldType> All = new FormFieldType[]
    {
        new("default", FormFieldKind.Form),
        new("textfield", FormFieldKind.Keyed, () => JsonValue.Create("")),
        new("textarea", FormFieldKind.Keyed, () => JsonValue.Create("")),
        new("number", FormFieldKind.Keyed, () => null),
        new("datetime", FormFieldKind.Keyed, () => null),
        new("expression", FormFieldKind.Keyed, () => null),
        new("filepicker", FormFieldKind.Keyed, () => null),
        new("checkbox", FormFieldKind.Keyed, () => JsonValue.Create(false)),
        new("checklist", FormFieldKind.Keyed, () => new JsonArray()),
        new("radio", FormFieldKind.Keyed, () => null),
        new("select", FormFieldKind.Keyed, () => null),
        new("taglist", FormFieldKind.Keyed, () => new JsonArray()),
        new("group", FormFieldKind.Group),
        new("dynamiclist", FormFieldKind.List),
        new("text", FormFieldKind.Display),
        new("html", FormFieldKind.Display),
        new("image", FormFieldKind.Display),
        new("table", FormFieldKind.Display),
        new("iframe", FormFieldKind.Display),
        new("documentPreview", FormFieldKind.Display),
        new("button", FormFieldKind.Display),
        new("separator", FormFieldKind.Display),
        new("spacer", FormFieldKind.Display),
    }.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    public bool IsOptions => Name is "select" or "radio" or "checklist" or "taglist";

    public bool IsMultiple => Name is "checklist" or "taglist";
}
