using System.Text.Json;
using System.Text.Json.Nodes;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// The options of a select, radio group, checkbox group or tag list, as form-js finds them: from the variable named
/// by <c>valuesKey</c> (a top-level variable of the data the form opened with), from the static <c>values</c>, or
/// from the FEEL <c>valuesExpression</c>; each entry a value, or an object with a value and a label.
/// </summary>
internal static class FormOptions
{
    /// <summary>form-js's option for a select that names no source.</summary>
    private static JsonArray DefaultOptions() => [new JsonObject { ["label"] = "Value", ["value"] = "value" }];

    /// <summary>The option values as the field shows them: from <paramref name="initialData"/>, the static list or the expression.</summary>
    public static IReadOnlyList<JsonNode?> Of(FormComponent field, JsonObject initialData, Func<string, JsonNode?> evaluate)
    {
        JsonNode? options;
        if (field.ValuesKey is { } key)
        {
            options = initialData[key] is JsonArray fromVariable ? fromVariable : null;
        }
        else if (StaticOptions(field) is { } values)
        {
            options = values;
        }
        else
        {
            options = field.ValuesExpression is { } expression ? evaluate(expression) : null;
        }

        return options is JsonArray list ? Normalize(list) : [];
    }

    /// <summary>
    /// The options a field can know without evaluating anything (form-js's getSimpleOptionsData), to clean a value it
    /// opens with; null where they are not a list (form-js then keeps no value).
    /// </summary>
    public static IReadOnlyList<JsonNode?>? Simple(FormComponent field, JsonObject data)
    {
        var options = field.ValuesKey is { } key ? data[key] : StaticOptions(field);
        return options is JsonArray list ? Normalize(list) : null;
    }

    private static JsonNode? StaticOptions(FormComponent field) =>
        field.Values ?? (field.ValuesKey is null && field.ValuesExpression is null ? DefaultOptions() : null);

    /// <summary>
    /// Each entry's value (form-js's normalizeOptionsData): a plain value is its own option; an object is one with a
    /// label and a value, or a value alone; empty text, null, NaN and empty objects are no options.
    /// </summary>
    private static List<JsonNode?> Normalize(JsonArray list)
    {
        var values = new List<JsonNode?>();
        foreach (var option in list)
        {
            if (IsAllowedPrimitive(option))
            {
                values.Add(option);
            }
            else if (option is JsonObject entry && entry.Count > 0)
            {
                var value = entry["value"];
                var hasLabel = JsValues.IsString(entry["label"], out var label) && label.Length > 0;
                if ((hasLabel && IsAllowedValue(value)) || (!hasLabel && IsAllowedPrimitive(value)))
                {
                    values.Add(value);
                }
            }
        }

        return values;
    }

    private static bool IsAllowedValue(JsonNode? value) => value is JsonObject obj ? obj.Count > 0 : IsAllowedPrimitive(value);

    private static bool IsAllowedPrimitive(JsonNode? value) => JsValues.Kind(value) switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => true,
        JsonValueKind.String => value!.GetValue<string>().Length > 0,
        _ => false,
    };
}
