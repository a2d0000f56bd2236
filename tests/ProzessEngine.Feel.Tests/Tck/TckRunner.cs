using System.Globalization;
using System.Text.Json;

namespace ProzessEngine.Feel.Tests.Tck;

internal enum TckOutcome
{
    Passed,
    PassedWithinTolerance,
    Failed,
}

internal sealed record TckResult(string Id, TckOutcome Outcome, string Detail);

/// <summary>
/// Runs the DMN TCK literal-expression cases (Tck/Data, see its README for the comparison rules and the licence):
/// exact comparison first, numbers within 0.00000001 count as passed "within tolerance" (the TCK states
/// some expectations with only 12-15 digits); an expected error needs a null result and a reported warning.
/// </summary>
internal sealed class TckRunner
{
    private static readonly FeelValue Tolerance = FeelValue.FromNumber(0.00000001m);

    private readonly FeelEngine _engine = new();

    /// <summary>The TCK data shipped in the repository (Tck/Data, copied next to the test assembly).</summary>
    public static string DataDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Tck", "Data");

    public IReadOnlyList<TckResult> Run(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(DataDirectory, fileName)));
        var results = new List<TckResult>();
        foreach (var testCase in document.RootElement.EnumerateArray())
        {
            results.Add(RunCase(testCase));
        }

        return results;
    }

    private TckResult RunCase(JsonElement testCase)
    {
        var id = testCase.GetProperty("id").GetString()!;
        try
        {
            var itemDefinitions = testCase.TryGetProperty("itemDefinitions", out var definitions) ? definitions : default;
            var variables = new FeelVariables();
            var names = new List<string>();
            foreach (var input in testCase.GetProperty("inputs").EnumerateObject())
            {
                variables[input.Name] = ToFeel(input.Value);
                names.Add(input.Name);
            }

            var warnings = new FeelWarningList();
            if (testCase.TryGetProperty("dependencies", out var dependencies))
            {
                foreach (var dependencyName in testCase.GetProperty("requiredDecisions").EnumerateArray())
                {
                    names.Add(dependencyName.GetString()!);
                }

                foreach (var dependencyName in testCase.GetProperty("requiredDecisions").EnumerateArray().Select(n => n.GetString()!))
                {
                    var dependency = dependencies.GetProperty(dependencyName);
                    variables[dependencyName] = EvaluateDependency(dependency, variables, names, itemDefinitions, warnings);
                }
            }

            var parsed = _engine.ParseExpression(testCase.GetProperty("expression").GetString()!, names);
            var errorReported = !parsed.Success;
            var actual = FeelValue.Null;
            if (parsed.Expression is { } expression)
            {
                actual = expression.Evaluate(variables, warnings);
                errorReported |= warnings.Count > 0;
            }

            if (testCase.TryGetProperty("resultTypeRef", out var typeRef) && typeRef.ValueKind == JsonValueKind.String && !actual.IsNull)
            {
                var coerced = Coerce(actual, typeRef.GetString()!, itemDefinitions);
                if (coerced.IsNull)
                {
                    errorReported = true;
                }

                actual = coerced;
            }

            var expected = testCase.GetProperty("expected");
            if (testCase.GetProperty("expectError").GetBoolean())
            {
                if (!actual.IsNull)
                {
                    return new TckResult(id, TckOutcome.Failed, $"expected an error, got {actual}");
                }

                return errorReported
                    ? new TckResult(id, TckOutcome.Passed, string.Empty)
                    : new TckResult(id, TckOutcome.Failed, "expected an error, got null without a warning");
            }

            var comparison = Compare(expected, actual);
            return comparison switch
            {
                TckOutcome.Passed or TckOutcome.PassedWithinTolerance => new TckResult(id, comparison, string.Empty),
                _ => new TckResult(id, TckOutcome.Failed, $"expected {Describe(expected)}, got {actual}"
                    + (warnings.Count > 0 ? $" (warnings: {string.Join("; ", warnings.Select(w => w.Message))})" : string.Empty)
                    + (parsed.Success ? string.Empty : $" (syntax: {parsed.Errors[0].Message})")),
            };
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            return new TckResult(id, TckOutcome.Failed, $"exception {exception.GetType().Name}: {exception.Message}");
        }
    }

    private FeelValue EvaluateDependency(JsonElement dependency, FeelVariables variables, List<string> names, JsonElement itemDefinitions, FeelWarningList warnings)
    {
        string text;
        if (dependency.GetProperty("kind").GetString() == "bkm")
        {
            var parameters = dependency.GetProperty("parameters").EnumerateArray().Select(p =>
                p.TryGetProperty("typeRef", out var parameterType) && parameterType.ValueKind == JsonValueKind.String
                    && TypeText(parameterType.GetString()!, itemDefinitions) is { } type
                    ? $"{p.GetProperty("name").GetString()}: {type}"
                    : p.GetProperty("name").GetString()!);
            text = $"function({string.Join(", ", parameters)}) {dependency.GetProperty("body").GetString()}";
        }
        else
        {
            text = dependency.GetProperty("expression").GetString()!;
        }

        var parsed = _engine.ParseExpression(text, names);
        if (parsed.Expression is null)
        {
            return FeelValue.Null;
        }

        var value = parsed.Expression.Evaluate(variables, warnings);
        if (dependency.TryGetProperty("typeRef", out var typeRef) && typeRef.ValueKind == JsonValueKind.String && !value.IsNull
            && dependency.GetProperty("kind").GetString() == "decision")
        {
            value = Coerce(value, typeRef.GetString()!, itemDefinitions);
        }

        return value;
    }

    /// <summary>DMN result conversion: singleton lists unwrap to a non-collection type, single values wrap into a
    /// collection type, and a value that does not conform becomes null.</summary>
    private FeelValue Coerce(FeelValue value, string typeRef, JsonElement itemDefinitions)
    {
        if (itemDefinitions.ValueKind == JsonValueKind.Object && itemDefinitions.TryGetProperty(typeRef, out var definition))
        {
            return CoerceTo(value, definition, itemDefinitions);
        }

        if (BuiltinKind(typeRef) is not { } kind)
        {
            return value;
        }

        if (value.Kind == FeelValueKind.List && kind != FeelValueKind.List && value.AsList().Count == 1)
        {
            value = value.AsList()[0];
        }

        return kind == FeelValueKind.Null || value.Kind == kind ? value : FeelValue.Null;
    }

    private FeelValue CoerceTo(FeelValue value, JsonElement definition, JsonElement itemDefinitions)
    {
        if (definition.TryGetProperty("isCollection", out var collection) && collection.GetBoolean())
        {
            if (value.Kind != FeelValueKind.List)
            {
                value = FeelValue.FromList([value]);
            }

            foreach (var item in value.AsList())
            {
                if (!item.IsNull && !Conforms(item, definition, itemDefinitions, ignoreCollection: true))
                {
                    return FeelValue.Null;
                }
            }

            return value;
        }

        if (value.Kind == FeelValueKind.List && value.AsList().Count == 1 && !IsListType(definition, itemDefinitions))
        {
            value = value.AsList()[0];
        }

        return Conforms(value, definition, itemDefinitions, ignoreCollection: false) ? value : FeelValue.Null;
    }

    private static bool IsListType(JsonElement definition, JsonElement itemDefinitions)
    {
        if (definition.TryGetProperty("isCollection", out var collection) && collection.GetBoolean())
        {
            return true;
        }

        return definition.TryGetProperty("typeRef", out var typeRef) && itemDefinitions.TryGetProperty(typeRef.GetString()!, out var inner)
            && IsListType(inner, itemDefinitions);
    }

    private bool Conforms(FeelValue value, JsonElement definition, JsonElement itemDefinitions, bool ignoreCollection)
    {
        if (value.IsNull)
        {
            return true;
        }

        if (!ignoreCollection && definition.TryGetProperty("isCollection", out var collection) && collection.GetBoolean())
        {
            return value.Kind == FeelValueKind.List && value.AsList().All(item => Conforms(item, definition, itemDefinitions, true));
        }

        if (definition.TryGetProperty("typeRef", out var typeRef) && typeRef.ValueKind == JsonValueKind.String)
        {
            var name = typeRef.GetString()!;
            if (itemDefinitions.ValueKind == JsonValueKind.Object && itemDefinitions.TryGetProperty(name, out var inner))
            {
                if (!Conforms(value, inner, itemDefinitions, false))
                {
                    return false;
                }
            }
            else if (BuiltinKind(name) is { } kind && kind != FeelValueKind.Null && value.Kind != kind)
            {
                return false;
            }
        }

        if (definition.TryGetProperty("components", out var components))
        {
            if (value.Kind != FeelValueKind.Context)
            {
                return false;
            }

            foreach (var component in components.EnumerateObject())
            {
                if (!value.TryGetContextEntry(component.Name, out var entry) || !Conforms(entry, component.Value, itemDefinitions, false))
                {
                    return false;
                }
            }
        }

        if (definition.TryGetProperty("allowedValues", out var allowed) && allowed.ValueKind == JsonValueKind.String)
        {
            var tests = _engine.ParseUnaryTests(allowed.GetString()!);
            if (tests.UnaryTests is { } unaryTests && unaryTests.Matches(value, FeelVariables.Empty) != true)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A FEEL type expression for a DMN typeRef (item definitions become list&lt;...&gt; and context&lt;...&gt;).</summary>
    private static string? TypeText(string typeRef, JsonElement itemDefinitions)
    {
        if (itemDefinitions.ValueKind == JsonValueKind.Object && itemDefinitions.TryGetProperty(typeRef, out var definition))
        {
            return DefinitionText(definition, itemDefinitions, includeCollection: true);
        }

        return typeRef switch
        {
            "number" or "string" or "boolean" or "date" or "time" or "Any" => typeRef,
            "dateTime" => "date and time",
            "dayTimeDuration" => "days and time duration",
            "yearMonthDuration" => "years and months duration",
            _ => null,
        };
    }

    private static string? DefinitionText(JsonElement definition, JsonElement itemDefinitions, bool includeCollection)
    {
        if (includeCollection && definition.TryGetProperty("isCollection", out var collection) && collection.GetBoolean())
        {
            return DefinitionText(definition, itemDefinitions, false) is { } item ? $"list<{item}>" : null;
        }

        if (definition.TryGetProperty("components", out var components))
        {
            var entries = new List<string>();
            foreach (var component in components.EnumerateObject())
            {
                if (DefinitionText(component.Value, itemDefinitions, true) is not { } componentType)
                {
                    return null;
                }

                entries.Add($"{component.Name}: {componentType}");
            }

            return $"context<{string.Join(", ", entries)}>";
        }

        return definition.TryGetProperty("typeRef", out var typeRef) && typeRef.ValueKind == JsonValueKind.String
            ? TypeText(typeRef.GetString()!, itemDefinitions)
            : null;
    }

    private static FeelValueKind? BuiltinKind(string typeRef) => typeRef switch
    {
        "number" => FeelValueKind.Number,
        "string" => FeelValueKind.String,
        "boolean" => FeelValueKind.Boolean,
        "date" => FeelValueKind.Date,
        "time" => FeelValueKind.Time,
        "dateTime" or "date and time" => FeelValueKind.DateTime,
        "dayTimeDuration" or "days and time duration" => FeelValueKind.DaysTimeDuration,
        "yearMonthDuration" or "years and months duration" => FeelValueKind.YearsMonthsDuration,
        "Any" => FeelValueKind.Null,
        _ => null,
    };

    public static FeelValue ToFeel(JsonElement value)
    {
        var type = value.GetProperty("type").GetString();
        switch (type)
        {
            case "null":
                return FeelValue.Null;
            case "number":
                Assert.True(FeelValue.TryParseNumber(value.GetProperty("value").GetString()!, out var number));
                return number;
            case "string":
                return FeelValue.FromString(value.GetProperty("value").GetString()!);
            case "boolean":
                return FeelValue.FromBoolean(value.GetProperty("value").GetBoolean());
            case "list":
                return FeelValue.FromList(value.GetProperty("items").EnumerateArray().Select(ToFeel));
            case "context":
                return FeelValue.FromContext(value.GetProperty("entries").EnumerateObject()
                    .Select(entry => new KeyValuePair<string, FeelValue>(entry.Name, ToFeel(entry.Value))));
            default:
                var literal = $"@\"{value.GetProperty("value").GetString()}\"";
                var parsed = new FeelEngine().ParseExpression(literal);
                Assert.True(parsed.Success, $"bad temporal input {literal}");
                return parsed.Expression!.Evaluate(FeelVariables.Empty);
        }
    }

    private static TckOutcome Compare(JsonElement expected, FeelValue actual)
    {
        var type = expected.GetProperty("type").GetString();
        switch (type)
        {
            case "null":
                return Result(actual.IsNull);
            case "number":
                if (actual.Kind != FeelValueKind.Number)
                {
                    return TckOutcome.Failed;
                }

                var expectedNumber = ToFeel(expected);
                if (expectedNumber.Equals(actual))
                {
                    return TckOutcome.Passed;
                }

                var difference = Feel("abs(a - b) <= t", ("a", actual), ("b", expectedNumber), ("t", Tolerance));
                return difference.TryGetBoolean(out var close) && close ? TckOutcome.PassedWithinTolerance : TckOutcome.Failed;
            case "string":
                return Result(actual.TryGetString(out var text) && string.Equals(text, expected.GetProperty("value").GetString(), StringComparison.Ordinal));
            case "boolean":
                return Result(actual.TryGetBoolean(out var flag) && flag == expected.GetProperty("value").GetBoolean());
            case "date":
            case "time":
            case "date-time":
            case "duration":
                var expectedTemporal = ToFeel(expected);
                return Result(actual.Kind == expectedTemporal.Kind
                    && Feel("is(a, b)", ("a", actual), ("b", expectedTemporal)).TryGetBoolean(out var same) && same);
            case "list":
                if (actual.Kind != FeelValueKind.List)
                {
                    return TckOutcome.Failed;
                }

                var items = expected.GetProperty("items").EnumerateArray().ToList();
                var actualItems = actual.AsList();
                if (items.Count != actualItems.Count)
                {
                    return TckOutcome.Failed;
                }

                return Combine(items.Select((item, index) => Compare(item, actualItems[index])));
            case "context":
                if (actual.Kind != FeelValueKind.Context)
                {
                    return TckOutcome.Failed;
                }

                var entries = expected.GetProperty("entries").EnumerateObject().ToList();
                if (entries.Count != actual.AsContext().Count)
                {
                    return TckOutcome.Failed;
                }

                return Combine(entries.Select(entry => actual.TryGetContextEntry(entry.Name, out var value) ? Compare(entry.Value, value) : TckOutcome.Failed));
            default:
                return TckOutcome.Failed;
        }
    }

    private static TckOutcome Result(bool passed) => passed ? TckOutcome.Passed : TckOutcome.Failed;

    private static TckOutcome Combine(IEnumerable<TckOutcome> outcomes)
    {
        var combined = TckOutcome.Passed;
        foreach (var outcome in outcomes)
        {
            if (outcome == TckOutcome.Failed)
            {
                return TckOutcome.Failed;
            }

            if (outcome == TckOutcome.PassedWithinTolerance)
            {
                combined = outcome;
            }
        }

        return combined;
    }

    private static readonly FeelEngine HelperEngine = new();

    private static FeelValue Feel(string expression, params (string Name, FeelValue Value)[] variables) =>
        HelperEngine.ParseExpression(expression).Expression!.Evaluate(
            new FeelVariables(variables.Select(v => new KeyValuePair<string, FeelValue>(v.Name, v.Value))));

    private static string Describe(JsonElement expected)
    {
        var type = expected.GetProperty("type").GetString();
        return type switch
        {
            "null" => "null",
            "list" => "[" + string.Join(", ", expected.GetProperty("items").EnumerateArray().Select(Describe)) + "]",
            "context" => "{" + string.Join(", ", expected.GetProperty("entries").EnumerateObject().Select(e => $"{e.Name}: {Describe(e.Value)}")) + "}",
            "string" => $"\"{expected.GetProperty("value").GetString()}\"",
            "boolean" => expected.GetProperty("value").GetBoolean() ? "true" : "false",
            "number" => expected.GetProperty("value").GetString()!,
            _ => $"{type} {expected.GetProperty("value").GetString()}",
        };
    }

    public static string Percent(int part, int whole) =>
        (100.0 * part / Math.Max(1, whole)).ToString("0.0", CultureInfo.InvariantCulture);
}
