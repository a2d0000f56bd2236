using System.Text;
using System.Xml.Linq;
using ProzessEngine.Dmn.Evaluation;
using ProzessEngine.Dmn.HitPolicies;
using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Parsing;

internal sealed partial class ModelReader
{
    /// <summary>The expression element among an element's children (a decision's logic, a context entry's value ...).</summary>
    private BoxedExpression? ChildExpression(XElement parent, string owner, string ownerId, DmnType? type)
    {
        var element = parent.Elements().FirstOrDefault(e => e.Name.Namespace == _ns && Array.IndexOf(ExpressionElements, e.Name.LocalName) >= 0);
        return element is null ? null : Expression(element, owner, ownerId, type);
    }

    private BoxedExpression Expression(XElement element, string owner, string ownerId, DmnType? outerType)
    {
        var type = TypeOf(element, ownerId) ?? outerType;
        switch (element.Name.LocalName)
        {
            case "literalExpression":
                var text = element.Element(_ns + "text")?.Value;
                if (string.IsNullOrWhiteSpace(text))
                {
                    return new EmptyExpression { Owner = owner, OwnerId = ownerId, Type = type };
                }

                var language = Attr(element, "expressionLanguage");
                if (language is not null && !language.Contains("FEEL", StringComparison.OrdinalIgnoreCase))
                {
                    Error(element, ownerId, $"{owner}: expression language '{language}' is not supported; only FEEL is");
                }

                return new LiteralExpression { Owner = owner, OwnerId = ownerId, Type = type, Expression = Feel(text, element, ownerId, owner) };
            case "decisionTable":
                return DecisionTable(element, owner, ownerId, type);
            case "context":
                var entries = new List<(string?, DmnType?, BoxedExpression)>();
                foreach (var entry in element.Elements(_ns + "contextEntry"))
                {
                    var variable = entry.Element(_ns + "variable");
                    var entryType = variable is null ? null : TypeOf(variable, ownerId);
                    var value = ChildExpression(entry, owner, ownerId, null) ?? new EmptyExpression { Owner = owner, OwnerId = ownerId };
                    entries.Add((variable is null ? null : Attr(variable, "name") ?? string.Empty, entryType, value));
                }

                return new ContextExpression { Owner = owner, OwnerId = ownerId, Type = type, Entries = entries };
            case "list":
                return new ListExpression { Owner = owner, OwnerId = ownerId, Type = type, Items = Children(element, owner, ownerId) };
            case "relation":
                var columns = element.Elements(_ns + "column").Select(c => Attr(c, "name") ?? string.Empty).ToList();
                var rows = element.Elements(_ns + "row").Select(r => (IReadOnlyList<BoxedExpression>)Children(r, owner, ownerId)).ToList();
                return new RelationExpression { Owner = owner, OwnerId = ownerId, Type = type, Columns = columns, Rows = rows };
            case "invocation":
                return Invocation(element, owner, ownerId, type);
            case "functionDefinition":
                CheckFunctionKind(element, ownerId, owner);
                return new FunctionDefinitionExpression
                {
                    Owner = owner,
                    OwnerId = ownerId,
                    Parameters = Parameters(element, ownerId),
                    Body = ChildExpression(element, owner, ownerId, null) ?? new EmptyExpression { Owner = owner, OwnerId = ownerId },
                };
            case "conditional":
                return new ConditionalExpression
                {
                    Owner = owner,
                    OwnerId = ownerId,
                    Type = type,
                    If = Part(element, "if", owner, ownerId),
                    Then = Part(element, "then", owner, ownerId),
                    Else = Part(element, "else", owner, ownerId),
                };
            case "filter":
                return new FilterExpression { Owner = owner, OwnerId = ownerId, Type = type, In = Part(element, "in", owner, ownerId), Match = Part(element, "match", owner, ownerId) };
            default:
                var iterator = element.Name.LocalName.ToUpperInvariant();
                return new IteratorExpression
                {
                    Owner = owner,
                    OwnerId = ownerId,
                    Type = type,
                    Iterator = iterator,
                    Variable = Attr(element, "iteratorVariable") ?? "item",
                    In = Part(element, "in", owner, ownerId),
                    Body = Part(element, iterator == "FOR" ? "return" : "satisfies", owner, ownerId),
                };
        }
    }

    private List<BoxedExpression> Children(XElement element, string owner, string ownerId) =>
        [.. element.Elements().Where(e => e.Name.Namespace == _ns && Array.IndexOf(ExpressionElements, e.Name.LocalName) >= 0).Select(e => Expression(e, owner, ownerId, null))];

    private BoxedExpression Part(XElement element, string name, string owner, string ownerId)
    {
        var part = element.Element(_ns + name);
        if (part is null)
        {
            Error(element, ownerId, $"{owner}: the {element.Name.LocalName} has no '{name}' part");
        }

        return (part is null ? null : ChildExpression(part, owner, ownerId, null)) ?? new EmptyExpression { Owner = owner, OwnerId = ownerId };
    }

    private InvocationExpression Invocation(XElement element, string owner, string ownerId, DmnType? type)
    {
        var callee = element.Elements(_ns + "literalExpression").FirstOrDefault()?.Element(_ns + "text")?.Value.Trim() ?? string.Empty;
        var bindings = new List<(string, BoxedExpression?)>();
        var call = new StringBuilder(callee).Append('(');
        var index = 0;
        foreach (var binding in element.Elements(_ns + "binding"))
        {
            var parameter = binding.Element(_ns + "parameter");
            var name = parameter is null ? string.Empty : Attr(parameter, "name") ?? string.Empty;
            var argument = $"invocation argument {index}";
            bindings.Add((argument, ChildExpression(binding, owner, ownerId, null)));
            call.Append(index == 0 ? string.Empty : ", ").Append(name).Append(": ").Append(argument);
            index++;
        }

        call.Append(')');
        if (callee.Length == 0)
        {
            Error(element, ownerId, $"{owner}: the invocation names no function");
        }

        return new InvocationExpression { Owner = owner, OwnerId = ownerId, Type = type, Bindings = bindings, Call = Feel(call.ToString(), element, ownerId, owner, [.. bindings.Select(b => b.Item1)]) };
    }

    private DecisionTable DecisionTable(XElement element, string owner, string ownerId, DmnType? type)
    {
        var inputs = new List<TableInput>();
        foreach (var (input, i) in element.Elements(_ns + "input").Select((e, i) => (e, i)))
        {
            var id = Attr(input, "id") ?? $"input{i + 1}";
            var expression = input.Element(_ns + "inputExpression");
            var text = expression?.Element(_ns + "text")?.Value ?? string.Empty;
            var name = Attr(input, "label") is { Length: > 0 } label ? label : text.Trim();
            var where = $"{owner}, input '{name}'";
            inputs.Add(new TableInput(
                id,
                name,
                Feel(string.IsNullOrWhiteSpace(text) ? "null" : text, expression ?? input, ownerId, where),
                expression is null ? null : TypeOf(expression, ownerId),
                input.Element(_ns + "inputValues")?.Element(_ns + "text")?.Value is { } values ? UnaryTests(values, input, ownerId, $"{where}, input values") : null));
        }

        var outputElements = element.Elements(_ns + "output").ToList();
        var outputs = new List<TableOutput>();
        foreach (var (output, o) in outputElements.Select((e, o) => (e, o)))
        {
            var id = Attr(output, "id") ?? $"output{o + 1}";
            var name = Attr(output, "name") is { Length: > 0 } n ? n : outputElements.Count == 1 ? string.Empty : null;
            if (name is null)
            {
                Error(output, ownerId, $"{owner}: output {o + 1} ({id}) has no name; a table with several outputs needs a name for each");
                name = $"output{o + 1}";
            }

            var label = Attr(output, "label") is { Length: > 0 } l ? l : name;
            var where = $"{owner}, output '{label}'";
            var valuesText = output.Element(_ns + "outputValues")?.Element(_ns + "text")?.Value;
            var priorities = valuesText is null
                ? []
                : SplitTests(valuesText).Select(part => UnaryTests(part, output, ownerId, $"{where}, output values")).OfType<FeelUnaryTests>().ToList();
            var defaultText = output.Element(_ns + "defaultOutputEntry")?.Element(_ns + "text")?.Value;
            outputs.Add(new TableOutput(
                id,
                name,
                TypeOf(output, ownerId),
                valuesText is null ? null : UnaryTests(valuesText, output, ownerId, $"{where}, output values"),
                priorities,
                string.IsNullOrWhiteSpace(defaultText) ? null : Feel(defaultText, output, ownerId, $"{where}, default output")));
        }

        if (outputs.Count == 0)
        {
            Error(element, ownerId, $"{owner}: the decision table has no output");
        }

        var rules = new List<TableRule>();
        foreach (var (rule, r) in element.Elements(_ns + "rule").Select((e, r) => (e, r)))
        {
            var id = Attr(rule, "id") ?? $"rule{r + 1}";
            var where = $"{owner}, rule {r + 1} ({id})";
            var inputEntries = rule.Elements(_ns + "inputEntry").ToList();
            var outputEntries = rule.Elements(_ns + "outputEntry").ToList();
            if (inputEntries.Count != inputs.Count || outputEntries.Count != outputs.Count)
            {
                Error(rule, ownerId, $"{where}: has {inputEntries.Count} input and {outputEntries.Count} output entries; the table has {inputs.Count} inputs and {outputs.Count} outputs");
                continue;
            }

            var tests = new FeelUnaryTests?[inputs.Count];
            for (var i = 0; i < tests.Length; i++)
            {
                var text = inputEntries[i].Element(_ns + "text")?.Value ?? string.Empty;
                tests[i] = string.IsNullOrWhiteSpace(text) || text.Trim() == "-"
                    ? null
                    : UnaryTests(text, inputEntries[i], ownerId, $"{where}, input '{inputs[i].Name}'");
            }

            var results = new FeelExpression[outputs.Count];
            for (var o = 0; o < results.Length; o++)
            {
                var text = outputEntries[o].Element(_ns + "text")?.Value;
                var label = outputs[o].Name.Length == 0 ? "output" : $"output '{outputs[o].Name}'";
                results[o] = Feel(string.IsNullOrWhiteSpace(text) ? "null" : text, outputEntries[o], ownerId, $"{where}, {label}");
            }

            rules.Add(new TableRule(id, r + 1, tests, results));
        }

        return new DecisionTable
        {
            Owner = owner,
            OwnerId = ownerId,
            Type = outputs.Count == 1 ? null : type,
            Inputs = inputs,
            Outputs = outputs,
            Rules = rules,
            HitPolicy = HitPolicy(element, owner, ownerId, outputs.Count),
        };
    }

    private HitPolicy HitPolicy(XElement table, string owner, string ownerId, int outputs)
    {
        var name = Attr(table, "hitPolicy") ?? "UNIQUE";
        var aggregation = Attr(table, "aggregation");
        if (aggregation is not null && name != "COLLECT")
        {
            Error(table, ownerId, $"{owner}: aggregation {aggregation} is allowed only with hit policy COLLECT, not {name}");
        }

        switch (name)
        {
            case "UNIQUE":
                return new UniqueHitPolicy();
            case "FIRST":
                return new FirstHitPolicy();
            case "PRIORITY":
                return new PriorityHitPolicy();
            case "ANY":
                return new AnyHitPolicy();
            case "RULE ORDER":
                return new RuleOrderHitPolicy();
            case "OUTPUT ORDER":
                return new OutputOrderHitPolicy();
            case "COLLECT":
                if (aggregation is null)
                {
                    return new CollectHitPolicy(null, null);
                }

                if (aggregation is not ("SUM" or "MIN" or "MAX" or "COUNT"))
                {
                    Error(table, ownerId, $"{owner}: unknown aggregation '{aggregation}'; expected SUM, MIN, MAX or COUNT");
                    return new CollectHitPolicy(null, null);
                }

                if (outputs > 1)
                {
                    Error(table, ownerId, $"{owner}: aggregation {aggregation} needs a table with one output, this one has {outputs}");
                }

                var function = aggregation == "COUNT" ? "count" : aggregation.ToLowerInvariant();
                var expression = Feel($"{function}({CollectHitPolicy.ValuesName})", table, ownerId, owner, [CollectHitPolicy.ValuesName]);
                return new CollectHitPolicy(aggregation, expression);
            default:
                Error(table, ownerId, $"{owner}: unknown hit policy '{name}'; expected UNIQUE, FIRST, PRIORITY, ANY, COLLECT, RULE ORDER or OUTPUT ORDER");
                return new UniqueHitPolicy();
        }
    }

    /// <summary>Splits output values ("\"high\", \"medium\", \"low\"") into one unary test per value, at commas outside strings and brackets.</summary>
    private static List<string> SplitTests(string text)
    {
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return [.. parts.Where(p => !string.IsNullOrWhiteSpace(p))];
    }

    private static readonly FeelExpression NullExpression = new FeelEngine().ParseExpression("null").Expression!;

    private FeelExpression Feel(string text, XElement element, string ownerId, string where, string[]? extraNames = null)
    {
        var parsed = _feel.ParseExpression(text, extraNames is null ? _knownNames : [.. _knownNames, .. extraNames]);
        if (parsed.Expression is { } expression)
        {
            return expression;
        }

        ReportFeel(parsed, element, ownerId, where, text);
        return NullExpression;
    }

    private FeelUnaryTests? UnaryTests(string text, XElement element, string ownerId, string where)
    {
        var parsed = _feel.ParseUnaryTests(text, _knownNames);
        if (parsed.UnaryTests is { } tests)
        {
            return tests;
        }

        ReportFeel(parsed, element, ownerId, where, text);
        return null;
    }

    private void ReportFeel(FeelParseResult parsed, XElement element, string ownerId, string where, string text)
    {
        var elementId = Attr(element, "id") ?? ownerId;
        foreach (var error in parsed.Errors)
        {
            var shown = text.Trim();
            if (shown.Length > 80)
            {
                shown = string.Concat(shown.AsSpan(0, 80), "...");
            }

            Error(element, elementId, $"{where}: FEEL syntax error at column {error.Column} of '{shown}': {error.Message}");
        }
    }
}
