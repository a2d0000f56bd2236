using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Behaviors;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// Runs one command against one instance: an agenda of activation, completion and flow steps, processed until every
/// token waits. Failures inside a step become incidents on the element, never exceptions that lose the instance.
/// </summary>
internal sealed class CommandExecution
{
    private readonly Queue<Step> _agenda = new();
    private readonly List<EngineIntent> _intents = [];
    private readonly List<JournalEvent> _events = [];
    private readonly ScopeVariables _scopeView;
    private readonly WarningCollector _warnings = new();
    private readonly List<SequenceFlow> _leaving = [];

    public CommandExecution(RuntimeServices services, DeployedProcess process, ProcessInstanceState instance, string command, CommandActor actor)
    {
        Services = services;
        Process = process;
        Instance = instance;
        Command = command;
        Actor = actor;
        Now = services.Clock.GetUtcNow();
        _scopeView = new ScopeVariables(instance);
    }

    public RuntimeServices Services { get; }
    public DeployedProcess Process { get; }
    public ProcessModel Model => Process.Model;
    public ProcessInstanceState Instance { get; }
    public string Command { get; }
    public CommandActor Actor { get; }
    public DateTimeOffset Now { get; }

    public ExecutionResult Run()
    {
        while (_agenda.TryDequeue(out var step))
        {
            switch (step.Kind)
            {
                case StepKind.Activate:
                    RunActivation(step.Element);
                    break;
                case StepKind.Complete:
                    RunCompletion(step.Element);
                    break;
            }
        }

        return new ExecutionResult(Instance, Command, Actor, Now, _intents, _events);
    }

    public void AddIntent(EngineIntent intent) => _intents.Add(intent);

    public void Record(JournalEventKind kind, string? elementId, long? elementInstanceKey, string? detail = null) =>
        _events.Add(new JournalEvent(kind, elementId, elementInstanceKey, detail));

    public long NextKey() => Services.Keys.NextKey();

    /// <summary>Creates a token at <paramref name="node"/> and queues its activation.</summary>
    public ElementInstance ActivateNode(FlowNode node, long scopeKey)
    {
        var element = new ElementInstance(NextKey(), node.Id, scopeKey, ElementState.Activating);
        Instance.Add(element);
        Record(JournalEventKind.ElementActivated, node.Id, element.Key);
        _agenda.Enqueue(new Step(StepKind.Activate, element));
        return element;
    }

    /// <summary>Queues the completion of a waiting or just activated element.</summary>
    public void Complete(ElementInstance element)
    {
        element.State = ElementState.Completing;
        _agenda.Enqueue(new Step(StepKind.Complete, element));
    }

    /// <summary>Queues the repetition of the step an incident stopped.</summary>
    public void Retry(ElementInstance element, ElementState step) =>
        _agenda.Enqueue(new Step(step == ElementState.Completing ? StepKind.Complete : StepKind.Activate, element));

    /// <summary>Chooses a flow for the completing element; the token moves once the element has completed.</summary>
    public void TakeFlow(SequenceFlow flow) => _leaving.Add(flow);

    public void TakeAllOutgoing(FlowNode node) => _leaving.AddRange(node.Outgoing);

    /// <summary>
    /// Merges variables that a clerk, a job worker or a message delivers at <paramref name="element"/>. Without output
    /// mappings they propagate upwards (Camunda 8 semantics); with output mappings they stay local until the mappings run.
    /// </summary>
    public void MergeCompletionVariables(ElementInstance element, FlowNode node, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables)
    {
        if (variables is null || variables.Count == 0)
        {
            return;
        }

        if (node.IoMapping.HasOutputs)
        {
            var local = element.EnsureVariables();
            foreach (var (name, value) in variables)
            {
                local.Set(name, value);
            }
        }
        else
        {
            foreach (var (name, value) in variables)
            {
                SetVariablePropagating(element.ScopeKey, name, value);
            }
        }

        RecordVariables(node.Id, element.Key, variables);
    }

    public void SetRootVariables(IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        foreach (var (name, value) in variables)
        {
            Instance.Variables.Set(name, value);
        }

        RecordVariables(Model.Id, Instance.Key, variables);
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
                scope.Variables.Set(name, value);
                return;
            }

            key = scope.ScopeKey;
        }

        Instance.Variables.Set(name, value);
    }

    // ---------------------------------------------------------------- expressions

    /// <summary>Evaluates a static value or FEEL expression in the scope of <paramref name="element"/>.</summary>
    public FeelValue Evaluate(ExpressionValue value, ElementInstance? element)
    {
        if (!value.IsExpression)
        {
            return FeelValue.FromString(value.Text);
        }

        _warnings.Clear();
        return value.Expression!.Evaluate(_scopeView.At(element), _warnings);
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

    public IFeelVariables VariablesAt(ElementInstance? element) => _scopeView.At(element);

    private static string[] SplitNames(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // ---------------------------------------------------------------- steps

    private void RunActivation(ElementInstance element)
    {
        var node = Model.GetNode(element.ElementId);
        try
        {
            element.State = ElementState.Activating;
            ApplyInputMappings(element, node);
            ElementBehaviors.For(node).Activate(this, element, node);
        }
        catch (IncidentException incident)
        {
            RaiseIncident(element, incident, ElementState.Activating);
        }
    }

    private void RunCompletion(ElementInstance element)
    {
        var node = Model.GetNode(element.ElementId);
        _leaving.Clear();
        try
        {
            element.State = ElementState.Completing;
            ApplyOutputMappings(element, node);
            ElementBehaviors.For(node).Leave(this, element, node);
        }
        catch (IncidentException incident)
        {
            _leaving.Clear();
            RaiseIncident(element, incident, ElementState.Completing);
            return;
        }

        Instance.Remove(element);
        Record(JournalEventKind.ElementCompleted, node.Id, element.Key);
        foreach (var flow in _leaving.ToArray())
        {
            MoveToken(flow, element.ScopeKey);
        }

        _leaving.Clear();
        CompleteScopeIfDone(element.ScopeKey);
    }

    private void MoveToken(SequenceFlow flow, long scopeKey)
    {
        Record(JournalEventKind.FlowTaken, flow.Id, null);
        var target = Model.GetNode(flow.TargetId);
        if (target is ParallelGateway && target.IncomingFlowIds.Length > 1)
        {
            Instance.AddJoinToken(scopeKey, flow.Id);
            foreach (var incoming in target.IncomingFlowIds)
            {
                if (Instance.JoinTokenCount(scopeKey, incoming) == 0)
                {
                    return;
                }
            }

            foreach (var incoming in target.IncomingFlowIds)
            {
                Instance.ConsumeJoinToken(scopeKey, incoming);
            }
        }

        ActivateNode(target, scopeKey);
    }

    private void CompleteScopeIfDone(long scopeKey)
    {
        if (scopeKey != Instance.Key || Instance.Status != InstanceStatus.Active || Instance.HasChildren(scopeKey))
        {
            return;
        }

        Instance.Complete(Now);
        Record(JournalEventKind.InstanceCompleted, Model.Id, Instance.Key);
    }

    private void ApplyInputMappings(ElementInstance element, FlowNode node)
    {
        if (node.IoMapping.Inputs.IsDefaultOrEmpty)
        {
            return;
        }

        // Inputs see the variables of the enclosing scope and the inputs mapped before them.
        var local = element.EnsureVariables();
        foreach (var mapping in node.IoMapping.Inputs)
        {
            var value = EvaluateMapping(mapping, element, "input");
            SetPath(local, mapping.Target, value);
        }
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
            SetPath(staged, mapping.Target, value, fallback: VariablesAt(element));
        }

        foreach (var (name, value) in staged.Entries)
        {
            SetVariablePropagating(element.ScopeKey, name, value);
            results.Add(new(name, value));
        }

        RecordVariables(node.Id, element.Key, results);
    }

    private FeelValue EvaluateMapping(Mapping mapping, ElementInstance element, string kind)
    {
        var value = Evaluate(mapping.Source, element);
        if (mapping.Source.IsExpression && value.IsNull && _warnings.Count > 0)
        {
            throw new IncidentException(IncidentErrorType.IoMapping,
                $"The {kind} mapping '{mapping.Source.StaticText}' → '{mapping.Target}' failed{_warnings.Describe()}.");
        }

        return value;
    }

    /// <summary>Assigns <paramref name="value"/> to a name or a dotted path (<c>a.b.c</c>), building nested contexts as needed.</summary>
    private static void SetPath(VariableMap target, string path, FeelValue value, IFeelVariables? fallback = null)
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

    private void RaiseIncident(ElementInstance element, IncidentException incident, ElementState failedStep)
    {
        var info = new IncidentInfo(NextKey(), incident.ErrorType, incident.Message, failedStep);
        element.Incident = info;
        element.State = failedStep;
        AddIntent(new IncidentRaised(info.Key, element.Key, element.ElementId, info.ErrorType.ToString(), info.Message, element.JobKey));
        Record(JournalEventKind.IncidentRaised, element.ElementId, element.Key, info.Message);
    }

    private enum StepKind
    {
        Activate,
        Complete,
    }

    private readonly record struct Step(StepKind Kind, ElementInstance Element);

    /// <summary>Variable lookup from an element outwards to the process scope. One reusable view per command.</summary>
    private sealed class ScopeVariables(ProcessInstanceState instance) : IFeelVariables
    {
        private ElementInstance? _element;

        public ScopeVariables At(ElementInstance? element)
        {
            _element = element;
            return this;
        }

        public bool TryGetValue(string name, out FeelValue value)
        {
            var element = _element;
            while (element is not null)
            {
                if (element.Variables is not null && element.Variables.TryGetValue(name, out value))
                {
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

/// <summary>Thrown inside a step to stop the token at its element with an incident.</summary>
internal sealed class IncidentException(IncidentErrorType errorType, string message) : Exception(message)
{
    public IncidentErrorType ErrorType { get; } = errorType;
}
