using System.Collections.Immutable;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// One component of a form-js schema, with what the server needs to check a value as form-js does. Values that
/// form-js reads with JavaScript's rules (limits, default values, options) are kept as the JSON they were written
/// as; they are never changed after parsing.
/// </summary>
public sealed record FormComponent
{
    public required string Id { get; init; }

    public required string Type { get; init; }

    public required FormFieldKind Kind { get; init; }

    /// <summary>The key of a keyed field ("antrag.plz"), the path of a group or dynamic list, null otherwise.</summary>
    public string? Binding { get; init; }

    /// <summary>The label a person sees (a date-time field's date or time label), for messages.</summary>
    public string? Label { get; init; }

    /// <summary><c>conditional.hide</c>: a FEEL condition with its leading '='; when it holds, the field is not shown.</summary>
    public string? Hide { get; init; }

    public bool Disabled { get; init; }

    public ImmutableArray<FormComponent> Components { get; init; } = [];

    /// <summary>The component's own steps of the value path: its key or path split at the dots.</summary>
    internal ImmutableArray<PathSegment> OwnPath { get; init; } = [];

    /// <summary><c>readonly</c>: true, false or a FEEL condition.</summary>
    internal JsonNode? Readonly { get; init; }

    internal bool HasDefaultValue { get; init; }

    internal JsonNode? DefaultValue { get; init; }

    internal FormChecks Checks { get; init; } = FormChecks.None;

    internal JsonNode? DecimalDigits { get; init; }

    internal JsonNode? Increment { get; init; }

    internal bool SerializeToString { get; init; }

    /// <summary>Static options (<c>values</c>); form-js gives a select without any source one option "value".</summary>
    internal JsonNode? Values { get; init; }

    internal string? ValuesKey { get; init; }

    internal string? ValuesExpression { get; init; }

    /// <summary>date, time or datetime.</summary>
    internal string Subtype { get; init; } = "date";

    internal bool DisallowPassedDates { get; init; }

    internal bool IsRepeating { get; init; }

    internal bool AllowAddRemove { get; init; } = true;

    internal JsonNode? DefaultRepetitions { get; init; }

    internal FormFieldType FieldType => FormFieldType.All[Type];
}

/// <summary>A field's <c>validate</c> settings; min, max, minLength and maxLength may be FEEL expressions.</summary>
internal sealed record FormChecks
{
    public static readonly FormChecks None = new();

    public bool Required { get; init; }

    public JsonNode? Min { get; init; }

    public JsonNode? Max { get; init; }

    public JsonNode? MinLength { get; init; }

    public JsonNode? MaxLength { get; init; }

    public string? Pattern { get; init; }

    public Regex? PatternRegex { get; init; }

    public string? PatternErrorMessage { get; init; }

    public string? ValidationType { get; init; }
}
