using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Forms;

/// <summary>Something in a form that neither form-js nor the server could work with, with the field it concerns.</summary>
public sealed record FormSchemaProblem(string? FieldId, string Message)
{
    public override string ToString() => FieldId is null ? Message : $"Field '{FieldId}': {Message}";
}

/// <summary>
/// A form-js schema, read for checking submitted data on the server. Reading never throws: what form-js would refuse
/// to open (an unknown field type, two fields on one value path, a repeated id) and what the server could not check
/// as the browser does (FEEL it cannot parse, a pattern that is no JavaScript regular expression) are
/// <see cref="Problems"/>, each naming the field. A deployment refuses a form with problems.
/// </summary>
public sealed class FormSchema
{
    private FormSchema(string? formId, FormComponent root, IReadOnlyList<FormSchemaProblem> problems)
    {
        FormId = formId;
        Root = root;
        Problems = problems;
    }

    public string? FormId { get; }

    public FormComponent Root { get; }

    public IReadOnlyList<FormSchemaProblem> Problems { get; }

    public static FormSchema Parse(string json, FeelEngine feel)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(feel);
        var empty = new FormComponent { Id = "Form", Type = "default", Kind = FormFieldKind.Form };
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            return new FormSchema(null, empty, [new FormSchemaProblem(null, $"The form is not valid JSON: {ex.Message}")]);
        }

        if (document is not JsonObject root)
        {
            return new FormSchema(null, empty, [new FormSchemaProblem(null, "A form-js form is a JSON object.")]);
        }

        var reader = new Reader(feel);
        var form = reader.Read(root, null, []);
        var formId = JsValues.IsString(root["id"], out var id) ? id : null;
        return new FormSchema(formId, form ?? empty, reader.Problems);
    }

    private sealed class Reader(FeelEngine feel)
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly PathClaims _claims = new();
        private int _generated;

        public List<FormSchemaProblem> Problems { get; } = [];

        /// <param name="parentPath">The value path of the enclosing groups and lists.</param>
        /// <param name="lists">The ids of the enclosing dynamic lists.</param>
        public FormComponent? Read(JsonObject node, IReadOnlyList<PathSegment>? parentPath, ImmutableArray<string> lists)
        {
            var isRoot = parentPath is null;
            var type = JsValues.IsString(node["type"], out var t) ? t : isRoot ? "default" : "";
            var id = JsValues.IsString(node["id"], out var given) && given.Length > 0 ? given : (isRoot ? "Form_" : "Field_") + ++_generated;
            if (!_ids.Add(id))
            {
                Problem(id, $"The id '{id}' is used by more than one field; form-js cannot open the form.");
            }

            if (!FormFieldType.All.TryGetValue(type, out var fieldType))
            {
                // A custom component (a form-js extension) or a type of a newer form-js: the server cannot know what
                // it holds or how the browser checks it, and passing its values unchecked would break the form's promise.
                Problem(id, type.Length == 0
                    ? "The field has no type."
                    : $"The field type '{type}' is not one of form-js's own field types (a custom component?): the server cannot check "
                      + "what it holds, so the form is refused rather than letting its values through unchecked.");
                return null;
            }

            if (isRoot != (fieldType.Kind == FormFieldKind.Form))
            {
                Problem(id, isRoot ? $"The form's own type must be 'default', not '{type}'." : "Only the form itself has the type 'default'.");
                return null;
            }

            var validate = node["validate"] as JsonObject;
            var component = new FormComponent
            {
                Id = id,
                Type = type,
                Kind = fieldType.Kind,
                Label = Text(node["label"]) ?? Text(node["dateLabel"]) ?? Text(node["timeLabel"]),
                Hide = node["conditional"] is JsonObject conditional && JsValues.Truthy(conditional["hide"]) ? Text(conditional["hide"]) : null,
                Disabled = JsValues.Truthy(node["disabled"]),
                Readonly = Copy(node["readonly"]),
                HasDefaultValue = node.ContainsKey("defaultValue"),
                DefaultValue = Copy(node["defaultValue"]),
                Checks = validate is null ? FormChecks.None : ReadChecks(id, validate),
                DecimalDigits = Copy(node["decimalDigits"]),
                Increment = Copy(node["increment"]),
                SerializeToString = JsValues.Truthy(node["serializeToString"]),
                Values = Copy(node["values"]),
                ValuesKey = Text(node["valuesKey"]),
                ValuesExpression = Text(node["valuesExpression"]),
                Subtype = Text(node["subtype"]) ?? "date",
                DisallowPassedDates = JsValues.Truthy(node["disallowPassedDates"]),
                IsRepeating = !node.ContainsKey("isRepeating") || JsValues.Truthy(node["isRepeating"]),
                AllowAddRemove = !node.ContainsKey("allowAddRemove") || JsValues.Truthy(node["allowAddRemove"]),
                DefaultRepetitions = Copy(node["defaultRepetitions"]),
            };

            if (component.Hide is { } hide)
            {
                CheckFeel(id, "conditional.hide", hide, unaryTests: true);
            }

            if (component.Readonly is { } readOnly && JsValues.IsString(readOnly, out var readonlyText) && readonlyText.StartsWith('='))
            {
                CheckFeel(id, "readonly", readonlyText, unaryTests: true);
            }

            var ownPath = ImmutableArray<PathSegment>.Empty;
            string? binding = null;
            switch (fieldType.Kind)
            {
                case FormFieldKind.Keyed:
                    binding = Text(node["key"]);
                    if (string.IsNullOrEmpty(binding))
                    {
                        Problem(id, "The field has no key: form-js would invent one, and nothing could be checked against it.");
                        return null;
                    }

                    ownPath = Split(binding);
                    _claims.Claim(id, [.. parentPath ?? [], .. ownPath], PathClaims.ClaimKind.Closed, lists, this);
                    CheckField(component, node);
                    break;
                case FormFieldKind.Group or FormFieldKind.List:
                    binding = Text(node["path"]);
                    var repeating = fieldType.Kind == FormFieldKind.List && component.IsRepeating;
                    if (fieldType.Kind == FormFieldKind.List && string.IsNullOrEmpty(binding))
                    {
                        Problem(id, "The dynamic list has no path: form-js would invent one, and nothing could be checked against it.");
                        return null;
                    }

                    ownPath = string.IsNullOrEmpty(binding) ? [] : Split(binding);
                    if (ownPath.Length > 0)
                    {
                        _claims.Claim(id, [.. parentPath ?? [], .. ownPath], repeating ? PathClaims.ClaimKind.Repeatable : PathClaims.ClaimKind.Open, lists, this);
                    }

                    break;
            }

            var childPath = new List<PathSegment>(parentPath ?? []);
            childPath.AddRange(ownPath);
            var childLists = fieldType.Kind == FormFieldKind.List && component.IsRepeating ? lists.Add(id) : lists;
            var children = ImmutableArray.CreateBuilder<FormComponent>();
            if (node["components"] is JsonArray components)
            {
                foreach (var child in components)
                {
                    if (child is not JsonObject childObject)
                    {
                        Problem(id, "Every entry of 'components' must be a field (a JSON object).");
                        continue;
                    }

                    if (Read(childObject, childPath, childLists) is { } read)
                    {
                        children.Add(read);
                    }
                }
            }

            return component with { Binding = binding, OwnPath = ownPath, Components = children.ToImmutable() };
        }

        private FormChecks ReadChecks(string id, JsonObject validate)
        {
            foreach (var name in new[] { "min", "max", "minLength", "maxLength" })
            {
                if (JsValues.IsString(validate[name], out var text) && text.StartsWith('='))
                {
                    CheckFeel(id, "validate." + name, text, unaryTests: false);
                }
            }

            var pattern = JsValues.Truthy(validate["pattern"]) ? JsValues.ToText(validate["pattern"]) : null;
            System.Text.RegularExpressions.Regex? regex = null;
            if (pattern is not null && !JsRegex.TryCreate(pattern, out regex, out var error))
            {
                Problem(id, $"validate.pattern: {error}");
            }

            return new FormChecks
            {
                Required = JsValues.Truthy(validate["required"]),
                Min = Copy(validate["min"]),
                Max = Copy(validate["max"]),
                MinLength = Copy(validate["minLength"]),
                MaxLength = Copy(validate["maxLength"]),
                Pattern = pattern,
                PatternRegex = regex,
                PatternErrorMessage = JsValues.Truthy(validate["patternErrorMessage"]) ? JsValues.ToText(validate["patternErrorMessage"]) : null,
                ValidationType = Text(validate["validationType"]),
            };
        }

        private void CheckField(FormComponent component, JsonObject node)
        {
            var id = component.Id;
            if (component.DecimalDigits is { } digits && !(JsValues.IsNumber(digits) && JsValues.Number(digits) is var d && d.DecimalPlaces == 0 && d >= BigNumber.FromInteger(0)))
            {
                Problem(id, "decimalDigits must be a whole number of 0 or more.");
            }

            if (component.Increment is { } increment && !(JsValues.TryBig(increment, out var step) && step > BigNumber.FromInteger(0)))
            {
                Problem(id, "increment must be a number greater than 0.");
            }

            if (component.Type == "datetime" && component.Subtype is not ("date" or "time" or "datetime"))
            {
                Problem(id, $"The date-time field's subtype must be date, time or datetime, not '{component.Subtype}'.");
            }

            if (component.FieldType.IsOptions && component.ValuesExpression is { } options)
            {
                if (!options.StartsWith('='))
                {
                    Problem(id, "valuesExpression must be a FEEL expression starting with '='.");
                }
                else
                {
                    CheckFeel(id, "valuesExpression", options, unaryTests: false);
                }
            }

            if (component.Type == "expression" && Text(node["expression"]) is { } expression && expression.StartsWith('='))
            {
                CheckFeel(id, "expression", expression, unaryTests: false);
            }
        }

        private void CheckFeel(string id, string property, string text, bool unaryTests)
        {
            if (!text.StartsWith('='))
            {
                return;
            }

            var parsed = unaryTests ? feel.ParseUnaryTests(text[1..]) : feel.ParseExpression(text[1..]);
            if (!parsed.Success)
            {
                Problem(id, $"{property} '{text}' is not FEEL the engine can evaluate: {parsed.Errors[0].Message}");
            }
        }

        public void Problem(string? id, string message) => Problems.Add(new FormSchemaProblem(id, message));

        private static ImmutableArray<PathSegment> Split(string binding) => [.. binding.Split('.').Select(PathSegment.Property)];

        private static string? Text(JsonNode? node) => JsValues.IsString(node, out var text) ? text : null;

        private static JsonNode? Copy(JsonNode? node) => node?.DeepClone();
    }

    /// <summary>
    /// Which value paths the fields take, as form-js's path registry: a field's key is a closed path nothing can go
    /// below or share; groups may share an open path; a dynamic list's path is for the fields inside the list only.
    /// </summary>
    private sealed class PathClaims
    {
        public enum ClaimKind
        {
            Closed,
            Open,
            Repeatable,
        }

        private sealed class Node
        {
            public Dictionary<string, Node> Children { get; } = new(StringComparer.Ordinal);
            public bool Claimed { get; set; }
            public bool Closed { get; set; }
            public string? ListId { get; set; }
        }

        private readonly Node _root = new();

        /// <param name="lists">The dynamic lists around the claiming field: only they may lead through a list's path.</param>
        public void Claim(string id, IReadOnlyList<PathSegment> path, ClaimKind claim, ImmutableArray<string> lists, Reader reader)
        {
            var node = _root;
            for (var i = 0; i < path.Count; i++)
            {
                if (!node.Children.TryGetValue(path[i].Key!, out var next))
                {
                    next = new Node();
                    node.Children[path[i].Key!] = next;
                }

                var through = i < path.Count - 1;
                if (through && (next.Closed || (next.ListId is { } list && !lists.Contains(list))))
                {
                    Taken(id, path, reader);
                    return;
                }

                node = next;
            }

            if ((node.Claimed || node.Children.Count > 0) && (claim != ClaimKind.Open || node.Closed || node.ListId is not null))
            {
                Taken(id, path, reader);
                return;
            }

            node.Claimed = true;
            node.Closed = claim == ClaimKind.Closed;
            node.ListId = claim == ClaimKind.Repeatable ? id : null;
        }

        private static void Taken(string id, IReadOnlyList<PathSegment> path, Reader reader) =>
            reader.Problem(id, $"The value path '{string.Join('.', path.Select(p => p.Key))}' is already taken by another field; form-js cannot open the form.");
    }
}
