using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

internal sealed partial class CommandExecution
{
    private readonly ScopeVariables _scopeView;
    private readonly WarningCollector _warnings = new();
    private bool _variablesChanged;

    /// <summary>
    /// Merges variables that a clerk, a job worker, a message, a signal or a child instance delivers at
    /// <paramref name="element"/>. Without output mappings each propagates from the element's own scope upwards to the
    /// nearest scope that has it, else to the process (Camunda 8); with output mappings they stay local until the
    /// mappings run.
    /// </summary>
    public void MergeCompletionVariables(ElementInstance element, FlowNode node, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        CheckVariables(variables);
        if (node.IoMapping.HasOutputs)
        {
            var local = element.EnsureVariables();
            foreach (var (name, value) in variables)
            {
                local.Set(name, value);
            }

            _variablesChanged = true;
            _taskListStale = true;
        }
        else
        {
            foreach (var (name, value) in variables)
            {
                Propagate(element.Key, name, value);
            }
        }

        RecordVariables(node.Id, element.Key, variables);
    }

    public void SetRootVariables(IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        CheckVariables(variables);
        foreach (var (name, value) in variables)
        {
            Instance.Variables.Set(name, value);
        }

        _variablesChanged = true;
        _taskListStale = true;
        RecordVariables(Model.Id, Instance.Key, variables);
    }

    public void SetLocalVariable(ElementInstance element, string name, FeelValue value)
    {
        CheckVariable(name, value);
        SetLocal(element, name, value);
    }

    private void SetLocal(ElementInstance element, string name, FeelValue value)
    {
        ForgetOutputCopy(element, name);
        element.EnsureVariables().Set(name, value);
        _variablesChanged = true;
        _taskListStale = true;
    }

    public void RecordVariables(string elementId, long scopeKey, IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        if (variables.Count == 0)
        {
            return;
        }

        Record(JournalEventKind.VariablesSet, elementId, scopeKey, FeelJson.ToJsonString(FeelValue.FromContext(variables)));
        AddIntent(new VariablesChanged(scopeKey, elementId, variables));
    }

    /// <summary>Sets the variable in the nearest scope, from <paramref name="scopeKey"/> upwards, that has it; else in the process scope.</summary>
    public void SetVariablePropagating(long scopeKey, string name, FeelValue value)
    {
        CheckVariable(name, value);
        Propagate(scopeKey, name, value);
    }

    private void Propagate(long scopeKey, string name, FeelValue value)
    {
        _variablesChanged = true;
        _taskListStale = true;
        var key = scopeKey;
        while (key != Instance.Key)
        {
            var scope = Instance.FindElement(key);
            if (scope is null)
            {
                break;
            }

            if (scope.Variables?.Contains(name) == true)
            {
                ForgetOutputCopy(scope, name);
                scope.Variables.Set(name, value);
                return;
            }

            key = scope.ScopeKey;
        }

        Instance.Variables.Set(name, value);
    }

    /// <summary>The local variables of an element (what a throw event sends along), or none.</summary>
    public static IReadOnlyList<KeyValuePair<string, FeelValue>> LocalVariables(ElementInstance element) =>
        element.Variables is { Count: > 0 } locals ? Snapshot(locals) : [];

    public static IReadOnlyList<KeyValuePair<string, FeelValue>> Snapshot(VariableMap variables) => [.. variables.Entries];

    /// <summary>Every variable visible at <paramref name="element"/>, the nearest scope winning (what a call activity hands its child).</summary>
    public IReadOnlyList<KeyValuePair<string, FeelValue>> VisibleVariables(ElementInstance element)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<KeyValuePair<string, FeelValue>>();
        for (var scope = element; scope is not null; scope = ScopeOf(scope))
        {
            WriteBackOutputCollection(scope);
            if (scope.Variables is { } locals)
            {
                foreach (var entry in locals.Entries)
                {
                    if (seen.Add(entry.Key))
                    {
                        result.Add(entry);
                    }
                }
            }
        }

        foreach (var entry in Instance.Variables.Entries)
        {
            if (seen.Add(entry.Key))
            {
                result.Add(entry);
            }
        }

        return result;
    }

    // ---------------------------------------------------------------- expressions

    /// <summary>Evaluates a static value or FEEL expression in the scope of <paramref name="element"/> (the process scope when null).</summary>
    public FeelValue Evaluate(ExpressionValue value, ElementInstance? element, IFeelVariables? overlay = null)
    {
        if (!value.IsExpression)
        {
            return FeelValue.FromString(value.Text);
        }

        _warnings.Clear();
        return value.Expression!.Evaluate(_scopeView.At(element, overlay), _warnings);
    }

    /// <summary>Evaluates and fails with an incident when the result is null, naming what was evaluated and why it failed.</summary>
    public FeelValue EvaluateRequired(ExpressionValue value, ElementInstance? element, string what)
    {
        var result = Evaluate(value, element);
        if (result.IsNull)
        {
            throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                $"The {what} '{value.StaticText}' evaluated to null{_warnings.Describe()}.");
        }

        return result;
    }

    public string EvaluateString(ExpressionValue value, ElementInstance? element, string what)
    {
        var result = EvaluateRequired(value, element, what);
        if (result.TryGetString(out var text))
        {
            return text;
        }

        if (result.Kind is FeelValueKind.Number or FeelValueKind.Boolean)
        {
            return result.ToString()!;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The {what} '{value.StaticText}' evaluated to {result} ({result.Kind}), expected a string.");
    }

    /// <summary>A correlation key: a string, or a number written as its exact text (Camunda 8).</summary>
    public string EvaluateCorrelationKey(ExpressionValue value, ElementInstance? element)
    {
        var result = EvaluateRequired(value, element, "correlation key");
        if (result.TryGetString(out var text))
        {
            return text;
        }

        if (result.TryGetNumberText(out var number))
        {
            return number;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The correlation key '{value.StaticText}' evaluated to {result} ({result.Kind}), expected a string or a number.");
    }

    /// <summary>A condition that must be true or false; anything else (null included) is an incident, never false.</summary>
    public bool EvaluateBoolean(ExpressionValue value, ElementInstance? element, string what, IFeelVariables? overlay = null)
    {
        var result = Evaluate(value, element, overlay);
        if (result.TryGetBoolean(out var outcome))
        {
            return outcome;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The {what} '{value.StaticText}' evaluated to {result} instead of true or false{_warnings.Describe()}.");
    }

    /// <summary>A list of names: comma-separated static text, or a FEEL string or list of strings.</summary>
    public IReadOnlyList<string> EvaluateNameList(ExpressionValue? value, ElementInstance? element, string what)
    {
        if (value is null)
        {
            return [];
        }

        if (!value.IsExpression)
        {
            return SplitNames(value.Text);
        }

        var result = EvaluateRequired(value, element, what);
        if (result.TryGetString(out var single))
        {
            return SplitNames(single);
        }

        if (result.Kind == FeelValueKind.List)
        {
            var names = new List<string>();
            foreach (var item in result.AsList())
            {
                if (!item.TryGetString(out var name))
                {
                    throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                        $"The {what} '{value.StaticText}' contains {item} ({item.Kind}); expected only strings.");
                }

                if (name.Contains(',', StringComparison.Ordinal))
                {
                    // Names are stored and matched comma-separated (the task list checks a clerk's groups that way):
                    // "a,b" would read as two groups and let members of "a" see the task.
                    throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
                        $"The {what} '{value.StaticText}' contains the name '{name}'; names must not contain commas.");
                }

                names.Add(name.Trim());
            }

            return names;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The {what} '{value.StaticText}' evaluated to {result} ({result.Kind}), expected a list of strings.");
    }

    public DateTimeOffset? EvaluateInstant(ExpressionValue? value, ElementInstance? element, string what)
    {
        if (value is null)
        {
            return null;
        }

        var result = EvaluateRequired(value, element, what);
        if (result.TryGetString(out var text) && FeelTemporal.TryParseDateTime(text, out var parsed))
        {
            result = parsed;
        }

        if (FeelTemporal.TryGetInstant(result, Services.DefaultTimeZone, out var instant))
        {
            return instant;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The {what} '{value.StaticText}' evaluated to {result} ({result.Kind}), expected a date and time.");
    }

    /// <summary>A sequence flow condition: true or false; anything else (null included) is an incident, never false.</summary>
    public bool EvaluateCondition(SequenceFlow flow, ElementInstance element)
    {
        var result = Evaluate(flow.Condition!, element);
        if (result.TryGetBoolean(out var outcome))
        {
            return outcome;
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The condition '{flow.Condition!.StaticText}' of sequence flow '{flow.Id}' evaluated to {result} instead of true or false{_warnings.Describe()}.");
    }

    public IFeelVariables VariablesAt(ElementInstance? element) => _scopeView.At(element, null);

    public string DescribeWarnings() => _warnings.Describe();

    private static string[] SplitNames(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // ---------------------------------------------------------------- mappings

    private void ApplyInputMappings(ElementInstance element, FlowNode node)
    {
        if (!node.IoMapping.HasInputs)
        {
            return;
        }

        // Inputs see the variables of the enclosing scope and the inputs mapped before them.
        var local = element.EnsureVariables();
        foreach (var mapping in node.IoMapping.Inputs)
        {
            var value = EvaluateMapping(mapping, element, "input");
            SetPath(local, mapping.Target, value);
            var head = HeadOf(mapping.Target);
            local.TryGetValue(head, out var written);
            CheckVariable(head, written);
        }

        _variablesChanged = true;
    }

    private void ApplyOutputMappings(ElementInstance element, FlowNode node)
    {
        if (!node.IoMapping.HasOutputs)
        {
            return;
        }

        var results = new List<KeyValuePair<string, FeelValue>>(node.IoMapping.Outputs.Length);
        var staged = new VariableMap();
        foreach (var mapping in node.IoMapping.Outputs)
        {
            var value = EvaluateMapping(mapping, element, "output");
            SetPath(staged, mapping.Target, value, fallback: VariablesAt(ScopeOf(element)));
        }

        // The output element of a multi-instance activity is a local variable of each instance: a mapping to it
        // updates that local (Camunda 8 documents mapping a result to it), everything else goes to the enclosing scope.
        var outputElement = element.IsMultiInstanceInner && node is Activity { Loop.OutputElement: { IsExpression: true } output }
            ? SimplePath(output.StaticText)
            : null;
        foreach (var (name, value) in staged.Entries)
        {
            // All or nothing: a mapping result that is too large leaves every variable as it was.
            CheckVariable(name, value);
            results.Add(new(name, value));
        }

        foreach (var (name, value) in results)
        {
            if (name == outputElement)
            {
                SetLocal(element, name, value);
            }
            else
            {
                Propagate(element.ScopeKey, name, value);
            }
        }

        RecordVariables(node.Id, element.Key, results);
    }

    private FeelValue EvaluateMapping(Mapping mapping, ElementInstance element, string kind)
    {
        if (mapping.Source is null)
        {
            return FeelValue.Null;
        }

        var value = Evaluate(mapping.Source, element);
        if (mapping.Source.IsExpression && value.IsNull && _warnings.Count > 0)
        {
            throw new IncidentException(IncidentErrorType.IoMapping,
                $"The {kind} mapping '{mapping.Source.StaticText}' → '{mapping.Target}' failed{_warnings.Describe()}.");
        }

        return value;
    }

    private static string HeadOf(string path)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? path : path[..dot];
    }

    /// <summary>Assigns <paramref name="value"/> to a name or a dotted path (<c>a.b.c</c>), building nested contexts as needed.</summary>
    internal static void SetPath(VariableMap target, string path, FeelValue value, IFeelVariables? fallback = null)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            target.Set(path, value);
            return;
        }

        var head = path[..dot];
        if (!target.TryGetValue(head, out var existing) && fallback is not null)
        {
            fallback.TryGetValue(head, out existing);
        }

        target.Set(head, WithPath(existing, path[(dot + 1)..], value));
    }

    private static FeelValue WithPath(FeelValue context, string path, FeelValue value)
    {
        var entries = context.Kind == FeelValueKind.Context ? context.AsContext().ToList() : [];
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var head = dot < 0 ? path : path[..dot];
        var index = entries.FindIndex(e => e.Key == head);
        var current = index >= 0 ? entries[index].Value : FeelValue.Null;
        var replaced = dot < 0 ? value : WithPath(current, path[(dot + 1)..], value);
        if (index >= 0)
        {
            entries[index] = new(head, replaced);
        }
        else
        {
            entries.Add(new(head, replaced));
        }

        return FeelValue.FromContext(entries);
    }

    /// <summary>
    /// Variable lookup from an element outwards to the process scope. One reusable view per command. It carries the
    /// process's business calendar, in which the FEEL calendar functions count.
    /// </summary>
    private sealed class ScopeVariables(ProcessInstanceState instance, string? calendarId) : IFeelVariables, Calendar.ICalendarScope
    {
        public string? CalendarId => calendarId;

        private ElementInstance? _element;
        private IFeelVariables? _overlay;

        public ScopeVariables At(ElementInstance? element, IFeelVariables? overlay)
        {
            _element = element;
            _overlay = overlay;
            return this;
        }

        public bool TryGetValue(string name, out FeelValue value)
        {
            if (_overlay is not null && _overlay.TryGetValue(name, out value))
            {
                return true;
            }

            var element = _element;
            while (element is not null)
            {
                if (element.Variables is not null && element.Variables.TryGetValue(name, out value))
                {
                    if (element.Loop is { OutputsChanged: true } loop && loop.OutputName == name)
                    {
                        // An expression reads the output collection while results are being collected in place.
                        WriteBackOutputCollection(element);
                        element.Variables.TryGetValue(name, out value);
                    }

                    return true;
                }

                element = element.ScopeKey == instance.Key ? null : instance.FindElement(element.ScopeKey);
            }

            return instance.Variables.TryGetValue(name, out value);
        }
    }

    private sealed class WarningCollector : IFeelWarningSink
    {
        private readonly List<FeelWarning> _warnings = [];

        public int Count => _warnings.Count;

        public void Add(FeelWarning warning) => _warnings.Add(warning);

        public void Clear() => _warnings.Clear();

        public string Describe() => _warnings.Count == 0 ? "" : ": " + string.Join("; ", _warnings.Select(w => w.Message));
    }
}
