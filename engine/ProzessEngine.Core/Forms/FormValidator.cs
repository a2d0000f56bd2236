using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Forms;

/// <summary>The outcome: every field's errors, and, when there are none, the variables the form submits.</summary>
public sealed record FormValidationResult(IReadOnlyList<FormFieldError> Errors, IReadOnlyList<KeyValuePair<string, FeelValue>> Variables)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Checks submitted variables against a form-js form as the form in the browser checks them, so that the server
/// refuses exactly what the browser would (and what the browser cannot even produce).
/// <list type="number">
/// <item>The form opens as form-js opens it: with the current variables (the task's, none for a start form), every
/// field given its value, default or empty value.</item>
/// <item>The submitted values go on top, as if someone had typed them. A value where the form has no field, or that
/// changes a read-only or disabled field, is an error.</item>
/// <item>Which fields are shown is decided by their <c>conditional.hide</c> conditions, read as form-js reads them;
/// a hidden field is neither checked nor submitted, so its value is dropped.</item>
/// <item>Each shown field is checked with form-js's rules (required, min/max, min/max length, pattern, e-mail, phone,
/// decimal digits, increment; FEEL limits evaluated in the field's scope) and with what form-js's input elements
/// ensure: text in text fields, numbers in number fields, one of the options in selections, a date in date
/// fields (and none in the past where the field forbids it).</item>
/// <item>What passes becomes what the form submits: the values of the shown fields, as form-js's submit gives them.</item>
/// </list>
/// </summary>
public sealed class FormValidator(FeelEngine feel)
{
    /// <param name="current">The variables the form opens with: those visible at the task, none for a start form.</param>
    /// <param name="submitted">The variables of the request.</param>
    /// <param name="today">Today's date where the engine is (for <c>disallowPassedDates</c>).</param>
    /// <param name="zone">The engine's time zone, for date-times that carry an offset.</param>
    public FormValidationResult Validate(FormSchema schema, IEnumerable<KeyValuePair<string, FeelValue>> current,
        IReadOnlyList<KeyValuePair<string, FeelValue>> submitted, DateOnly today, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(submitted);
        ArgumentNullException.ThrowIfNull(zone);
        if (schema.Problems.Count > 0)
        {
            throw new InvalidOperationException($"The form '{schema.FormId}' cannot be checked: {string.Join(" ", schema.Problems)}");
        }

        return new Run(feel, schema.Root, ToJson(current), ToJson(submitted), today, zone).Execute();
    }

    private static JsonObject ToJson(IEnumerable<KeyValuePair<string, FeelValue>> variables)
    {
        var result = new JsonObject();
        foreach (var (name, value) in variables)
        {
            result[name] = JsonNode.Parse(FeelJson.ToJsonString(value));
        }

        return result;
    }

    /// <summary>A shown field with a value: where its value is, its row indexes and the scope its expressions see.</summary>
    private sealed record Instance(FormComponent Field, ImmutableArray<PathSegment> Path, ImmutableArray<int> Indexes, FormScope Scope, bool InList);

    private sealed class Run(FeelEngine feel, FormComponent form, JsonObject current, JsonObject submitted, DateOnly today, TimeZoneInfo zone)
    {
        private readonly List<FormFieldError> _errors = [];
        private readonly List<Instance> _instances = [];
        private JsonObject _initial = null!;
        private JsonObject _data = null!;

        public FormValidationResult Execute()
        {
            _initial = FormData.Initialize(current, form, clean: true);
            CheckShape(form, submitted, [], []);
            var misshapen = _errors.Select(e => e.Path).ToList();

            var typed = (JsonObject)_initial.DeepClone();
            foreach (var (name, value) in submitted)
            {
                typed[name] = Merge(typed[name], value);
            }

            _data = FormData.Initialize(typed, form, clean: false);
            var filtered = FormData.WithoutHidden(_data, form, (scope, condition) => scope.Holds(feel, condition));
            var shown = (JsonObject)_initial.DeepClone();
            foreach (var (name, value) in filtered)
            {
                shown[name] = JsValues.Copy(value);
            }

            Render(form, FormScope.Root(shown), [], [], inList: false);
            // Below a value of the wrong shape, the fields only repeat that error.
            foreach (var instance in _instances.Where(i => !misshapen.Any(path => Below(FormDataPath.Describe(i.Path), path))))
            {
                Check(instance);
            }

            if (_errors.Count > 0)
            {
                return new FormValidationResult(_errors, []);
            }

            var output = new JsonObject();
            foreach (var instance in _instances.Where(i => !i.Field.Disabled))
            {
                if (FormDataPath.TryGet(_data, instance.Path, out var value))
                {
                    FormDataPath.Set(output, instance.Path, value);
                }
            }

            return new FormValidationResult([], [.. output.Select(entry => new KeyValuePair<string, FeelValue>(entry.Key, ToFeel(entry.Value)))]);
        }

        private static bool Below(string path, string ancestor) =>
            path.StartsWith(ancestor, StringComparison.Ordinal) && (path.Length == ancestor.Length || path[ancestor.Length] is '.' or '[');

        private static FeelValue ToFeel(JsonNode? node) => node is null ? FeelValue.Null : FeelJson.FromJson(node.ToJsonString());

        /// <summary>A submitted object goes onto the form's object entry by entry; anything else replaces what was there.</summary>
        private static JsonNode? Merge(JsonNode? under, JsonNode? over)
        {
            if (under is JsonObject target && over is JsonObject source)
            {
                var merged = (JsonObject)target.DeepClone();
                foreach (var (name, value) in source)
                {
                    merged[name] = Merge(merged[name], value);
                }

                return merged;
            }

            return JsValues.Copy(over);
        }

        /// <summary>Every submitted value must be one the form has a field for, in the shape its groups and lists give.</summary>
        private void CheckShape(FormComponent container, JsonObject values, ImmutableArray<PathSegment> path, ImmutableArray<int> indexes)
        {
            var bindings = new Dictionary<string, List<(FormComponent Field, ImmutableArray<PathSegment> Tail)>>(StringComparer.Ordinal);
            foreach (var (field, rest) in Bindings(container))
            {
                if (!bindings.TryGetValue(rest[0].Key!, out var list))
                {
                    bindings[rest[0].Key!] = list = [];
                }

                list.Add((field, rest));
            }

            CheckShape(values, bindings, path, indexes);
        }

        private void CheckShape(JsonObject values, Dictionary<string, List<(FormComponent Field, ImmutableArray<PathSegment> Tail)>> bindings,
            ImmutableArray<PathSegment> path, ImmutableArray<int> indexes)
        {
            foreach (var (name, value) in values)
            {
                var at = path.Add(PathSegment.Property(name));
                if (!bindings.TryGetValue(name, out var candidates))
                {
                    Error(null, null, at, indexes, FormErrorCode.Unknown);
                    continue;
                }

                // A key or list path ends here; paths claimed by form-js never also continue below a key or a list.
                if (candidates.FirstOrDefault(c => c.Tail.Length == 1) is { Field: { } end })
                {
                    if (end.Kind == FormFieldKind.List)
                    {
                        if (value is not JsonArray rows || rows.Any(row => row is not JsonObject))
                        {
                            Error(end, end.Label, at, indexes, FormErrorCode.NotRows);
                            continue;
                        }

                        for (var i = 0; i < rows.Count; i++)
                        {
                            CheckShape(end, (JsonObject)rows[i]!, at.Add(PathSegment.Row(i)), indexes.Add(i));
                        }
                    }

                    continue;
                }

                if (value is not JsonObject inner)
                {
                    Error(candidates[0].Field, null, at, indexes, FormErrorCode.NotAnObject);
                    continue;
                }

                var next = new Dictionary<string, List<(FormComponent Field, ImmutableArray<PathSegment> Tail)>>(StringComparer.Ordinal);
                foreach (var (field, rest) in candidates)
                {
                    var tail = rest.RemoveAt(0);
                    if (!next.TryGetValue(tail[0].Key!, out var list))
                    {
                        next[tail[0].Key!] = list = [];
                    }

                    list.Add((field, tail));
                }

                CheckShape(inner, next, at, indexes);
            }
        }

        /// <summary>The keyed fields and dynamic lists directly in a container (through groups), with their paths relative to it.</summary>
        private static IEnumerable<(FormComponent Field, ImmutableArray<PathSegment> Path)> Bindings(FormComponent container)
        {
            foreach (var child in container.Components)
            {
                switch (child.Kind)
                {
                    case FormFieldKind.Keyed:
                        yield return (child, child.OwnPath);
                        break;
                    case FormFieldKind.List when child.IsRepeating:
                        yield return (child, child.OwnPath);
                        break;
                    case FormFieldKind.Group or FormFieldKind.List:
                        foreach (var (field, path) in Bindings(child))
                        {
                            yield return (field, child.OwnPath.AddRange(path));
                        }

                        break;
                }
            }
        }

        /// <summary>form-js's rendering: which fields are shown, in which rows, with which scope.</summary>
        private void Render(FormComponent field, FormScope scope, ImmutableArray<PathSegment> basePath, ImmutableArray<int> indexes, bool inList)
        {
            if (field.Hide is { } hide && scope.Holds(feel, hide))
            {
                return;
            }

            var path = basePath.AddRange(field.OwnPath);
            switch (field.Kind)
            {
                case FormFieldKind.Keyed:
                    _instances.Add(new Instance(field, path, indexes, scope, inList));
                    return;
                case FormFieldKind.List when field.IsRepeating:
                    var rows = FormDataPath.Get(_data, path) as JsonArray ?? [];
                    if (!field.AllowAddRemove && !inList && FormDataPath.Get(_initial, path) is JsonArray before && before.Count != rows.Count
                        && FormDataPath.TryGet(submitted, path, out _))
                    {
                        Error(field, field.Label, path, indexes, FormErrorCode.RowCount);
                    }

                    for (var i = 0; i < rows.Count; i++)
                    {
                        var rowScope = scope.Row(rows[i], i);
                        foreach (var child in field.Components)
                        {
                            Render(child, rowScope, path.Add(PathSegment.Row(i)), indexes.Add(i), inList: true);
                        }
                    }

                    return;
                case FormFieldKind.Display:
                    return;
                default:
                    foreach (var child in field.Components)
                    {
                        Render(child, scope, path, indexes, inList);
                    }

                    return;
            }
        }

        private void Check(Instance instance)
        {
            var field = instance.Field;
            var wasSubmitted = FormDataPath.TryGet(submitted, instance.Path, out var sent);
            if (wasSubmitted && !instance.InList && (field.Disabled || IsReadOnly(instance))
                && !JsValues.DeepEquals(sent, FormDataPath.Get(_initial, instance.Path)))
            {
                Error(instance, field.Disabled ? FormErrorCode.Disabled : FormErrorCode.ReadOnly);
                return;
            }

            if (field.Disabled)
            {
                return;
            }

            // What the client did not send is the task's own value (or the form's default): the form-js rules below
            // apply to it, the type checks only to what was sent, as form-js cleans what it opens with.
            var value = FormDataPath.Get(_data, instance.Path);
            if (wasSubmitted && !CheckType(instance, value))
            {
                return;
            }

            if (field.Type == "number")
            {
                CheckNumber(instance, value);
            }

            if (!ReferenceEquals(field.Checks, FormChecks.None))
            {
                CheckPreset(instance, value);
            }

            if (field.Type == "datetime" && field.DisallowPassedDates && JsValues.IsString(value, out var text)
                && FormDates.TryRead(field.Subtype, text, out var day, zone) && day < today)
            {
                Error(instance, FormErrorCode.PastDate);
            }
        }

        private bool IsReadOnly(Instance instance) => instance.Field.Readonly switch
        {
            { } node when JsValues.IsString(node, out var text) && text.StartsWith('=') => instance.Scope.Holds(feel, text),
            var node => JsValues.Truthy(node),
        };

        /// <summary>What form-js's inputs guarantee, and the browser therefore never sends; a wrong type stops the other checks.</summary>
        private bool CheckType(Instance instance, JsonNode? value)
        {
            var field = instance.Field;
            if (value is null)
            {
                return true;
            }

            var options = field.FieldType.IsOptions ? Options(instance) : [];
            bool IsOption(JsonNode? item) => options.Any(option => JsValues.DeepEquals(option, item));

            FormErrorCode? problem = field.Type switch
            {
                "textfield" or "textarea" when !JsValues.IsString(value, out _) => FormErrorCode.NotText,
                "number" when field.SerializeToString && JsValues.IsNumber(value) => FormErrorCode.NotText,
                "number" when field.SerializeToString && !(JsValues.IsString(value, out var text) && BigNumber.TryParse(text, out _)) => FormErrorCode.NotANumber,
                "number" when !field.SerializeToString && !JsValues.IsNumber(value) => FormErrorCode.NotANumber,
                "checkbox" when !JsValues.IsBoolean(value, out _) => FormErrorCode.NotBoolean,
                "checklist" or "taglist" when value is not JsonArray => FormErrorCode.NotList,
                "checklist" or "taglist" when !((JsonArray)value).All(IsOption) => FormErrorCode.NotAnOption,
                "select" or "radio" when !IsOption(value) => FormErrorCode.NotAnOption,
                "datetime" when !(JsValues.IsString(value, out var date) && FormDates.TryRead(field.Subtype, date, out _)) => FormErrorCode.NotADate,
                _ => null,
            };
            if (problem is { } code)
            {
                Error(instance, code, code == FormErrorCode.NotADate ? [field.Subtype] : []);
                return false;
            }

            return true;
        }

        private IReadOnlyList<JsonNode?> Options(Instance instance) =>
            FormOptions.Of(instance.Field, _initial, expression => instance.Scope.Evaluate(feel, expression));

        /// <summary>form-js's number checks: decimal digits and increment, for a value that is set.</summary>
        private void CheckNumber(Instance instance, JsonNode? value)
        {
            if (JsValues.IsString(value, out var text) && text == "NaN")
            {
                Error(instance, FormErrorCode.NotANumber);
                return;
            }

            if (!JsValues.Truthy(value) || !JsValues.TryBig(value, out var number))
            {
                return;
            }

            var field = instance.Field;
            if (field.DecimalDigits is { } digits && JsValues.IsNumber(digits) && number.DecimalPlaces > JsValues.ToNumber(digits))
            {
                Error(instance, FormErrorCode.DecimalDigits, [JsValues.ToText(digits)]);
            }

            if (JsValues.Truthy(field.Increment) && JsValues.TryBig(field.Increment, out var increment) && !increment.IsZero)
            {
                var offset = number.Mod(increment);
                if (!offset.IsZero)
                {
                    var previous = number.Minus(offset);
                    Error(instance, FormErrorCode.Increment, [previous.ToString(), previous.Plus(increment).ToString()]);
                }
            }
        }

        /// <summary>form-js's checks of <c>validate</c>, in its order, with FEEL limits evaluated in the field's scope.</summary>
        private void CheckPreset(Instance instance, JsonNode? value)
        {
            var checks = instance.Field.Checks;
            var min = Limit(instance, checks.Min);
            var max = Limit(instance, checks.Max);
            var minLength = Limit(instance, checks.MinLength);
            var maxLength = Limit(instance, checks.MaxLength);
            var set = JsValues.Truthy(value);
            var text = JsValues.ToText(value);

            if (checks.PatternRegex is { } pattern && set && !JsRegex.Test(pattern, text))
            {
                Error(instance, FormErrorCode.Pattern, [checks.Pattern!, checks.PatternErrorMessage ?? ""]);
            }

            if (checks.Required && (value is null || (JsValues.IsString(value, out var s) && s.Length == 0)
                                    || (instance.Field.Type == "checkbox" && JsValues.Kind(value) == JsonValueKind.False)
                                    || value is JsonArray { Count: 0 }))
            {
                Error(instance, FormErrorCode.Required);
            }

            var zero = JsValues.IsNumber(value) && JsValues.Number(value!).IsZero;
            if (min.Present && (set || zero))
            {
                if (!JsValues.TryBig(value, out var number) || !JsValues.TryBig(min.Value, out var limit))
                {
                    Error(instance, FormErrorCode.MinInvalid);
                }
                else if (number < limit)
                {
                    Error(instance, FormErrorCode.Min, [JsValues.ToText(min.Value)]);
                }
            }

            if (max.Present && (set || zero))
            {
                if (!JsValues.TryBig(value, out var number) || !JsValues.TryBig(max.Value, out var limit))
                {
                    Error(instance, FormErrorCode.MaxInvalid);
                }
                else if (number > limit)
                {
                    Error(instance, FormErrorCode.Max, [JsValues.ToText(max.Value)]);
                }
            }

            // form-js trims text to count its length; on anything but text it would fail, so only text is counted.
            if (minLength.Present && set && JsValues.IsString(value, out var shortText) && JsValues.Trim(shortText).Length < JsValues.ToNumber(minLength.Value))
            {
                Error(instance, FormErrorCode.MinLength, [JsValues.ToText(minLength.Value)]);
            }

            if (maxLength.Present && set && JsValues.IsString(value, out var longText) && JsValues.Trim(longText).Length > JsValues.ToNumber(maxLength.Value))
            {
                Error(instance, FormErrorCode.MaxLength, [JsValues.ToText(maxLength.Value)]);
            }

            if (set && checks.ValidationType == "phone" && !JsRegex.Test(ContactPatterns.Phone, text))
            {
                Error(instance, FormErrorCode.Phone);
            }

            if (set && checks.ValidationType == "email" && !JsRegex.Test(ContactPatterns.Email, text))
            {
                Error(instance, FormErrorCode.Email);
            }
        }

        /// <summary>A limit as form-js evaluates it: an expression ("=...") in the field's scope; null removes the limit.</summary>
        private (bool Present, JsonNode? Value) Limit(Instance instance, JsonNode? node)
        {
            if (node is null)
            {
                return (false, null);
            }

            if (JsValues.IsString(node, out var text) && text.StartsWith('='))
            {
                var value = instance.Scope.Evaluate(feel, text);
                return (value is not null, value);
            }

            return (true, node);
        }

        private void Error(Instance instance, FormErrorCode code, ImmutableArray<string> arguments = default) =>
            Error(instance.Field, instance.Field.Label, instance.Path, instance.Indexes, code, arguments);

        private void Error(FormComponent? field, string? label, ImmutableArray<PathSegment> path, ImmutableArray<int> indexes, FormErrorCode code,
            ImmutableArray<string> arguments = default) =>
            _errors.Add(new FormFieldError(field?.Id ?? "", label ?? field?.Label, FormDataPath.Describe(path), indexes, code,
                arguments.IsDefault ? [] : arguments));
    }
}
