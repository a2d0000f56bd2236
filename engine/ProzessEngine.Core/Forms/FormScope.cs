using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// What a FEEL expression of a form sees, as form-js builds it: the form's data at the top level, and <c>this</c>
/// (the data, or the row of a dynamic list), <c>parent</c> (the scope around the row) and <c>i</c> (the row numbers
/// from 1, outermost first), also as <c>_this_</c>, <c>_parent_</c> and <c>_i_</c> for when the data has a
/// variable of that name.
/// </summary>
internal sealed class FormScope
{
    private FormScope(JsonObject data, JsonNode? self, JsonNode? parent, JsonArray rows)
    {
        Data = data;
        This = self;
        Parent = parent;
        Rows = rows;
    }

    public JsonObject Data { get; }

    public JsonNode? This { get; }

    public JsonNode? Parent { get; }

    /// <summary>The row numbers (from 1) of the dynamic lists around, outermost first.</summary>
    public JsonArray Rows { get; }

    public static FormScope Root(JsonObject data) => new(data, data, null, []);

    /// <summary>A scope as form-js's condition checker builds it while it filters hidden values: <c>parent</c> is the raw enclosing data.</summary>
    public static FormScope Of(JsonObject data, JsonNode? self, JsonNode? parent, JsonArray rows) => new(data, self, parent, rows);

    /// <summary>The scope of row <paramref name="index"/> (from 0) of a dynamic list inside this scope.</summary>
    public FormScope Row(JsonNode? item, int index)
    {
        var rows = (JsonArray)Rows.DeepClone();
        rows.Add(index + 1);
        return new FormScope(Data, item, Context(This, Parent, Rows, This as JsonObject), rows);
    }

    private static JsonObject Context(JsonNode? self, JsonNode? parent, JsonArray rows, JsonObject? data)
    {
        var context = new JsonObject
        {
            ["this"] = JsValues.Copy(self),
            ["parent"] = JsValues.Copy(parent),
            ["i"] = rows.DeepClone(),
        };
        foreach (var (name, value) in data ?? [])
        {
            context[name] = JsValues.Copy(value);
        }

        context["_this_"] = JsValues.Copy(self);
        context["_parent_"] = JsValues.Copy(parent);
        context["_i_"] = rows.DeepClone();
        return context;
    }

    /// <summary>Evaluates <c>=expression</c>; null when it fails or yields null (form-js then leaves the property out).</summary>
    public JsonNode? Evaluate(FeelEngine feel, string expression)
    {
        var parsed = feel.ParseExpression(expression[1..]);
        if (parsed.Expression is not { } compiled)
        {
            return null;
        }

        var result = compiled.Evaluate(new Variables(this));
        return result.IsNull ? null : JsonNode.Parse(FeelJson.ToJsonString(result));
    }

    /// <summary>A condition (<c>conditional.hide</c>, <c>readonly</c>) as form-js tests it: unary tests against no input, true only when they hold.</summary>
    public bool Holds(FeelEngine feel, string condition)
    {
        var parsed = feel.ParseUnaryTests(condition[1..]);
        return parsed.UnaryTests is { } tests && tests.Matches(FeelValue.Null, new Variables(this)) == true;
    }

    /// <summary>Reads a variable when an expression asks for it, in the order form-js's context gives them.</summary>
    private sealed class Variables(FormScope scope) : IFeelVariables
    {
        private readonly Dictionary<string, FeelValue> _read = new(StringComparer.Ordinal);

        public bool TryGetValue(string name, out FeelValue value)
        {
            if (_read.TryGetValue(name, out value))
            {
                return true;
            }

            JsonNode? node;
            switch (name)
            {
                case "_this_":
                    node = scope.This;
                    break;
                case "_parent_":
                    node = scope.Parent;
                    break;
                case "_i_":
                    node = scope.Rows;
                    break;
                default:
                    if (!scope.Data.TryGetPropertyValue(name, out node))
                    {
                        switch (name)
                        {
                            case "this":
                                node = scope.This;
                                break;
                            case "parent":
                                node = scope.Parent;
                                break;
                            case "i":
                                node = scope.Rows;
                                break;
                            default:
                                value = FeelValue.Null;
                                return false;
                        }
                    }

                    break;
            }

            value = ToFeel(node);
            _read[name] = value;
            return true;
        }

        private static FeelValue ToFeel(JsonNode? node)
        {
            if (node is null)
            {
                return FeelValue.Null;
            }

            try
            {
                return FeelJson.FromJson(node.ToJsonString());
            }
            catch (JsonException)
            {
                // A number beyond FEEL's precision: the expression sees no value, as for a variable it cannot read.
                return FeelValue.Null;
            }
        }
    }
}
