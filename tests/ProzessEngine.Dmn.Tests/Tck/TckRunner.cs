using System.Globalization;
using System.Xml.Linq;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Tests.Tck;

internal enum TckOutcome
{
    Passed,
    PassedWithinTolerance,
    Failed,
}

/// <summary>One result node of one TCK test case; Id is folder/file#testCase/resultNode.</summary>
internal sealed record TckResult(string Id, TckOutcome Outcome, string Detail);

/// <summary>
/// Runs the DMN TCK's *-test-01.xml files of compliance levels 2 and 3 against the models of their folders (models
/// importing each other are parsed in dependency order) and compares results as the TCK defines.
/// </summary>
internal sealed class TckRunner
{
    private static readonly XNamespace Tc = "http://www.omg.org/spec/DMN/20160719/testcase";
    private static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";
    private static readonly FeelEngine Feel = new();

    public static string DataDirectory => Path.Combine(AppContext.BaseDirectory, "Tck", "Data");

    public static List<TckResult> RunAll()
    {
        var results = new List<TckResult>();
        foreach (var level in new[] { "compliance-level-2", "compliance-level-3" })
        {
            foreach (var folder in Directory.GetDirectories(Path.Combine(DataDirectory, level)).Order(StringComparer.Ordinal))
            {
                results.AddRange(RunFolder(level, folder));
            }
        }

        return results;
    }

    private static List<TckResult> RunFolder(string level, string folder)
    {
        var (models, problems) = ParseModels(folder);
        var results = new List<TckResult>();
        foreach (var testFile in Directory.GetFiles(folder, "*-test-01.xml").Order(StringComparer.Ordinal))
        {
            var document = XDocument.Load(testFile);
            var root = document.Root!;
            var modelName = root.Element(Tc + "modelName")?.Value.Trim() ?? string.Empty;
            var prefix = $"{level}/{Path.GetFileName(folder)}/{Path.GetFileName(testFile)}";
            models.TryGetValue(modelName, out var model);
            foreach (var testCase in root.Elements(Tc + "testCase"))
            {
                var caseId = testCase.Attribute("id")?.Value ?? string.Empty;
                foreach (var node in testCase.Elements(Tc + "resultNode"))
                {
                    var id = $"{prefix}#{caseId}/{node.Attribute("name")?.Value}";
                    results.Add(model is null
                        ? new TckResult(id, TckOutcome.Failed, $"model {modelName} not parsed: {problems.GetValueOrDefault(modelName, "missing")}")
                        : RunNode(id, model, testCase, node));
                }
            }
        }

        return results;
    }

    /// <summary>Parses every model of a folder, each after the models it imports.</summary>
    private static (Dictionary<string, DmnModel> Models, Dictionary<string, string> Problems) ParseModels(string folder)
    {
        var files = Directory.GetFiles(folder, "*.dmn").ToDictionary(f => Path.GetFileName(f), File.ReadAllText, StringComparer.Ordinal);
        var models = new Dictionary<string, DmnModel>(StringComparer.Ordinal);
        var problems = new Dictionary<string, string>(StringComparer.Ordinal);
        var byNamespace = new Dictionary<string, DmnModel>(StringComparer.Ordinal);
        var pending = files.Keys.ToList();
        var imports = files.ToDictionary(
            f => f.Key,
            f => XDocument.Parse(f.Value).Root!.Elements().Where(e => e.Name.LocalName == "import").Select(e => e.Attribute("namespace")?.Value ?? string.Empty).ToList(),
            StringComparer.Ordinal);
        var progress = true;
        while (pending.Count > 0 && progress)
        {
            progress = false;
            foreach (var file in pending.ToList())
            {
                if (!imports[file].All(byNamespace.ContainsKey))
                {
                    continue;
                }

                var result = DmnParser.ParseLenient(files[file], Feel, [.. imports[file].Select(ns => byNamespace[ns])]);
                pending.Remove(file);
                progress = true;
                if (result.Model is { } model)
                {
                    models[file] = model;
                    byNamespace[model.Namespace] = model;
                }
                else
                {
                    problems[file] = string.Join("; ", result.Diagnostics.Take(3).Select(d => $"{d.ElementId}: {d.Message}"));
                }
            }
        }

        foreach (var file in pending)
        {
            problems[file] = "imports a model that is not in the folder or not parsed";
        }

        return (models, problems);
    }

    private static TckResult RunNode(string id, DmnModel model, XElement testCase, XElement node)
    {
        var name = node.Attribute("name")?.Value ?? string.Empty;
        var expectError = node.Attribute("errorResult")?.Value == "true";
        FeelValue expected;
        try
        {
            expected = node.Element(Tc + "expected") is { } e ? ReadValue(e) : FeelValue.Null;
        }
        catch (FormatException exception)
        {
            return new TckResult(id, TckOutcome.Failed, $"cannot read the expected value: {exception.Message}");
        }

        var variables = new FeelVariables();
        var imported = new Dictionary<string, List<KeyValuePair<string, FeelValue>>>(StringComparer.Ordinal);
        foreach (var input in testCase.Elements(Tc + "inputNode"))
        {
            var inputName = input.Attribute("name")?.Value ?? string.Empty;
            var value = ReadValue(input);
            var ns = input.Attribute("namespace")?.Value;
            if (ns is not null && ns != model.Namespace)
            {
                if (!imported.TryGetValue(ns, out var entries))
                {
                    imported[ns] = entries = [];
                }

                entries.Add(new(inputName, value));
            }
            else
            {
                variables[inputName] = value;
            }
        }

        foreach (var (ns, entries) in imported)
        {
            variables[ImportedInputs.Key(ns)] = FeelValue.FromContext(entries);
        }

        DecisionEvaluationResult result;
        try
        {
            if (testCase.Attribute("type")?.Value == "decisionService")
            {
                var service = testCase.Attribute("invocableName")?.Value ?? name;
                result = model.EvaluateService(service, variables);
                if (result.Output.Kind == FeelValueKind.Context && result.Output.TryGetContextEntry(name, out var entry) && !ServiceHasSingleOutput(model, service))
                {
                    result = result with { Output = entry };
                }
            }
            else
            {
                result = model.EvaluateByName(name, variables);
            }
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new TckResult(id, TckOutcome.Failed, $"threw {exception.GetType().Name}: {exception.Message}");
        }

        if (expectError)
        {
            return result.Output.IsNull
                ? new TckResult(id, TckOutcome.Passed, string.Empty)
                : new TckResult(id, TckOutcome.Failed, $"expected an error (null), got {Shorten(result.Output)}");
        }

        var outcome = Compare(expected, result.Output);
        return outcome == TckOutcome.Failed
            ? new TckResult(id, outcome, $"expected {Shorten(expected)}, got {Shorten(result.Output)}{(result.Warnings.Count > 0 ? $" ({Shorten(result.Warnings[0])})" : string.Empty)}")
            : new TckResult(id, outcome, string.Empty);
    }

    private static bool ServiceHasSingleOutput(DmnModel model, string service) =>
        model.Definitions.Invocables.OfType<Model.DecisionServiceNode>().FirstOrDefault(s => s.Name == service || s.Id == service)?.OutputDecisions.Count == 1;

    private static string Shorten(object value)
    {
        var text = value.ToString() ?? string.Empty;
        text = text.Replace('\n', ' ').Replace('|', '/');
        return text.Length > 120 ? text[..120] + "..." : text;
    }

    /// <summary>Equal by FEEL value (numbers by value, contexts by key); numbers also within 0.00000001, as the TCK's runners allow.</summary>
    internal static TckOutcome Compare(FeelValue expected, FeelValue actual)
    {
        if (expected.IsNull || actual.IsNull)
        {
            return expected.IsNull && actual.IsNull ? TckOutcome.Passed : TckOutcome.Failed;
        }

        if (expected.Kind != actual.Kind)
        {
            return TckOutcome.Failed;
        }

        switch (expected.Kind)
        {
            case FeelValueKind.List:
                var left = expected.AsList();
                var right = actual.AsList();
                if (left.Count != right.Count)
                {
                    return TckOutcome.Failed;
                }

                var worst = TckOutcome.Passed;
                for (var i = 0; i < left.Count; i++)
                {
                    worst = Max(worst, Compare(left[i], right[i]));
                }

                return worst;
            case FeelValueKind.Context:
                var expectedEntries = expected.AsContext();
                if (expectedEntries.Count != actual.AsContext().Count)
                {
                    return TckOutcome.Failed;
                }

                var result = TckOutcome.Passed;
                foreach (var (key, value) in expectedEntries)
                {
                    result = Max(result, actual.TryGetContextEntry(key, out var other) ? Compare(value, other) : TckOutcome.Failed);
                }

                return result;
            case FeelValueKind.Number:
                if (expected.Equals(actual))
                {
                    return TckOutcome.Passed;
                }

                return expected.TryGetDecimal(out var a) && actual.TryGetDecimal(out var b) && Math.Abs(a - b) <= 0.00000001m
                    ? TckOutcome.PassedWithinTolerance
                    : TckOutcome.Failed;
            case FeelValueKind.DateTime or FeelValueKind.Time:
                // The same instant with another offset is another value for the TCK: compare the text as well.
                return expected.Equals(actual) && expected.ToString() == actual.ToString() ? TckOutcome.Passed : TckOutcome.Failed;
            default:
                return expected.Equals(actual) ? TckOutcome.Passed : TckOutcome.Failed;
        }
    }

    private static TckOutcome Max(TckOutcome a, TckOutcome b) => (TckOutcome)Math.Max((int)a, (int)b);

    /// <summary>A TCK value: value (typed by xsi:type), list of items, or components of a context.</summary>
    internal static FeelValue ReadValue(XElement holder)
    {
        if (holder.Element(Tc + "value") is { } value)
        {
            return Scalar(value);
        }

        if (holder.Element(Tc + "list") is { } list)
        {
            if (list.Attribute(Xsi + "nil")?.Value == "true")
            {
                return FeelValue.Null;
            }

            return FeelValue.FromList(list.Elements(Tc + "item").Select(ReadValue));
        }

        var components = holder.Elements(Tc + "component").ToList();
        if (components.Count > 0)
        {
            return FeelValue.FromContext(components.Select(c => new KeyValuePair<string, FeelValue>(c.Attribute("name")?.Value ?? string.Empty, ReadValue(c))));
        }

        return FeelValue.Null;
    }

    private static FeelValue Scalar(XElement value)
    {
        if (value.Attribute(Xsi + "nil")?.Value == "true")
        {
            return FeelValue.Null;
        }

        var text = value.Value;
        var type = value.Attribute(Xsi + "type")?.Value;
        type = type?[(type.IndexOf(':', StringComparison.Ordinal) + 1)..];
        switch (type)
        {
            case "decimal" or "double" or "int" or "integer" or "long" or "float":
                if (FeelValue.TryParseNumber(text, out var number))
                {
                    return number;
                }

                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && FeelValue.TryParseNumber(d.ToString("R", CultureInfo.InvariantCulture), out number)
                    ? number
                    : FeelValue.Null;
            case "boolean":
                return FeelValue.FromBoolean(text.Trim() == "true");
            case "date":
                return Literal("date", text);
            case "time":
                return Literal("time", text);
            case "dateTime":
                return Literal("date and time", text);
            case "duration":
                return Literal("duration", text);
            default:
                return FeelValue.FromString(text);
        }
    }

    private static FeelValue Literal(string function, string text)
    {
        var value = Feel.Evaluate($"{function}(\"{text.Trim()}\")", FeelVariables.Empty);
        return value.IsNull ? throw new FormatException($"{function} '{text}'") : value;
    }

    public static string Percent(int part, int whole) => whole == 0 ? "0" : (100.0 * part / whole).ToString("0.0", CultureInfo.InvariantCulture);
}

/// <summary>
/// How the runner hands input data of imported models to the engine: as a context under the model's namespace, which
/// the engine reads for input data the evaluated model cannot name (docs/dmn.md, imports).
/// </summary>
internal static class ImportedInputs
{
    public static string Key(string ns) => ns;
}
