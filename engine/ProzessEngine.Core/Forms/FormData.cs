using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// The data a form works on, prepared as form-js prepares it: every field gets a value when the form opens (the
/// variable's, cleaned of what the field cannot show; else the field's default; else its empty value), every dynamic
/// list becomes a list of rows, and the values of hidden fields are taken out before conditions are read.
/// </summary>
internal static class FormData
{
    /// <summary>
    /// form-js's data on opening: a copy of <paramref name="source"/> with every field's value set. With
    /// <paramref name="clean"/> a value the field cannot show is replaced as form-js's sanitizers do (an option that
    /// is not offered becomes null, a number in text becomes a number); without, values are kept and only the missing
    /// ones are filled in (rows a client added).
    /// </summary>
    public static JsonObject Initialize(JsonObject source, FormComponent form, bool clean)
    {
        var working = (JsonObject)source.DeepClone();
        Initialize(source, working, form, [], clean);
        return working;
    }

    private static void Initialize(JsonObject source, JsonObject working, FormComponent field, ImmutableArray<PathSegment> basePath, bool clean)
    {
        var path = basePath.AddRange(field.OwnPath);
        var found = FormDataPath.TryGet(source, path, out var value);
        if (field.Kind == FormFieldKind.Keyed)
        {
            if (found && clean)
            {
                value = Sanitize(field, source, value);
            }

            FormDataPath.Set(working, path, found ? value : field.HasDefaultValue ? field.DefaultValue : field.FieldType.EmptyValue!());
            return;
        }

        if (field.Kind == FormFieldKind.List && field.IsRepeating)
        {
            JsonArray rows;
            if (value is JsonArray existing && found)
            {
                rows = [.. existing.Select(item => item is JsonObject ? item.DeepClone() : new JsonObject())];
            }
            else
            {
                rows = [];
                for (var i = 0; i < Repetitions(field); i++)
                {
                    rows.Add(new JsonObject());
                }
            }

            var count = rows.Count;
            FormDataPath.Set(working, path, rows);
            for (var i = 0; i < count; i++)
            {
                foreach (var child in field.Components)
                {
                    Initialize(source, working, child, path.Add(PathSegment.Row(i)), clean);
                }
            }

            return;
        }

        foreach (var child in field.Components)
        {
            Initialize(source, working, child, path, clean);
        }
    }

    /// <summary>How many rows a dynamic list without data opens with (defaultRepetitions, else 1).</summary>
    public static int Repetitions(FormComponent list) =>
        list.DefaultRepetitions is { } given && JsValues.TryBig(given, out var number) && number.DecimalPlaces == 0
            ? (int)Math.Clamp(JsValues.ToNumber(given), 0, 1000)
            : 1;

    /// <summary>What a field makes of a value it opens with (form-js's sanitizeValue of each field type).</summary>
    private static JsonNode? Sanitize(FormComponent field, JsonObject source, JsonNode? value)
    {
        var kind = JsValues.Kind(value);
        switch (field.Type)
        {
            case "textfield":
                if (kind is System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Null)
                {
                    return JsonValue.Create("");
                }

                return JsonValue.Create(JsValues.IsString(value, out var line)
                    ? line.Replace('\r', ' ').Replace('\n', ' ').Replace('\t', ' ')
                    : JsValues.ToText(value));
            case "textarea":
                return kind is System.Text.Json.JsonValueKind.Array or System.Text.Json.JsonValueKind.Object or System.Text.Json.JsonValueKind.Null
                    ? JsonValue.Create("")
                    : JsonValue.Create(JsValues.ToText(value));
            case "number":
                if (!IsNumberLike(value, out var number))
                {
                    return null;
                }

                return field.SerializeToString
                    ? JsonValue.Create(JsValues.IsString(value, out var text) ? text : number.ToString())
                    : JsonNode.Parse(number.ToString());
            case "datetime":
                return JsValues.IsString(value, out var date) && FormDates.TryRead(field.Subtype, date, out _) ? value : null;
            case "checkbox":
                return JsonValue.Create(kind == System.Text.Json.JsonValueKind.True);
            case "select" or "radio":
                if (field.ValuesExpression is not null)
                {
                    return value;
                }

                return FormOptions.Simple(field, source) is { } single && single.Any(option => JsValues.DeepEquals(option, value)) ? value : null;
            case "checklist" or "taglist":
                if (field.ValuesExpression is not null)
                {
                    return value;
                }

                if (value is not JsonArray chosen || FormOptions.Simple(field, source) is not { } options)
                {
                    return new JsonArray();
                }

                return new JsonArray([.. chosen.Where(item => options.Any(option => JsValues.DeepEquals(option, item))).Select(JsValues.Copy)]);
            default:
                return value;
        }
    }

    /// <summary>form-js's isValidNumber: a number, or text that reads as one.</summary>
    private static bool IsNumberLike(JsonNode? value, out BigNumber number)
    {
        number = default;
        if (JsValues.IsNumber(value))
        {
            number = JsValues.Number(value!);
            return true;
        }

        if (!JsValues.IsString(value, out var text))
        {
            return false;
        }

        var trimmed = JsValues.Trim(text);
        if (trimmed.StartsWith('+'))
        {
            trimmed = trimmed[1..];
        }

        if (trimmed.Length == 0)
        {
            // Number("  ") is 0 in JavaScript, but "" is not a number to form-js.
            number = BigNumber.FromInteger(0);
            return text.Length > 0;
        }

        return BigNumber.TryParse(trimmed, out number);
    }

    /// <summary>
    /// form-js's condition checker: the data without the values of fields that are hidden, each condition read
    /// against the unfiltered data (a row's conditions with the row as <c>this</c>); emptied objects and lists on the
    /// way are removed too.
    /// </summary>
    public static JsonObject WithoutHidden(JsonObject data, FormComponent form, Func<FormScope, string, bool> holds)
    {
        var working = (JsonObject)data.DeepClone();
        Filter(form, data, working, FormScope.Of(data, data, null, []), [], false, holds);
        return working;
    }

    private static void Filter(FormComponent field, JsonObject data, JsonObject working, FormScope scope, ImmutableArray<PathSegment> basePath,
        bool hidden, Func<FormScope, string, bool> holds)
    {
        var path = basePath.AddRange(field.OwnPath);
        if (field.Kind != FormFieldKind.Form && field.Kind != FormFieldKind.Display)
        {
            hidden = hidden || (field.Hide is { } condition && holds(scope, condition));
        }

        switch (field.Kind)
        {
            case FormFieldKind.Keyed:
                if (hidden)
                {
                    Clear(working, path);
                }

                return;
            case FormFieldKind.List when field.IsRepeating:
                if (hidden)
                {
                    Clear(working, path);
                    return;
                }

                if (FormDataPath.Get(data, path) is JsonArray rows)
                {
                    for (var i = 0; i < rows.Count; i++)
                    {
                        var rowScope = FormScope.Of(data, rows[i], scope.This, Append(scope.Rows, i + 1));
                        foreach (var child in field.Components)
                        {
                            Filter(child, data, working, rowScope, path.Add(PathSegment.Row(i)), false, holds);
                        }
                    }
                }

                return;
            case FormFieldKind.Display:
                return;
            default:
                foreach (var child in field.Components)
                {
                    Filter(child, data, working, scope, path, hidden, holds);
                }

                return;
        }
    }

    private static JsonArray Append(JsonArray rows, int number)
    {
        var copy = (JsonArray)rows.DeepClone();
        copy.Add(number);
        return copy;
    }

    /// <summary>Removes the value and then every object or list it leaves empty (form-js's _cleanlyClearDataAtPath).</summary>
    private static void Clear(JsonObject working, ImmutableArray<PathSegment> path)
    {
        var current = path;
        while (current.Length > 0)
        {
            FormDataPath.Remove(working, current);
            current = current.RemoveAt(current.Length - 1);
            if (current.Length == 0)
            {
                return;
            }

            var parent = FormDataPath.Get(working, current);
            var empty = parent switch
            {
                JsonObject obj => obj.Count == 0,
                JsonArray list => list.All(item => item is null),
                _ => false,
            };
            if (!empty)
            {
                return;
            }
        }
    }
}
