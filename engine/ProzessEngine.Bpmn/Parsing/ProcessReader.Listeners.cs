using System.Collections.Immutable;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Execution listeners, task listeners and the job of an ad-hoc sub-process, with Camunda 8's rules on where each kind
/// of listener may appear (Camunda rejects the same models at deployment).
/// </summary>
internal sealed partial class ProcessReader
{
    /// <summary>Camunda 8.8's event type names of task listeners, and the names it still accepts from 8.6/8.7 models.</summary>
    private static readonly Dictionary<string, TaskListenerEventType> TaskListenerEventNames = new(StringComparer.Ordinal)
    {
        ["creating"] = TaskListenerEventType.Creating,
        ["assigning"] = TaskListenerEventType.Assigning,
        ["updating"] = TaskListenerEventType.Updating,
        ["completing"] = TaskListenerEventType.Completing,
        ["canceling"] = TaskListenerEventType.Canceling,
        ["create"] = TaskListenerEventType.Creating,
        ["assignment"] = TaskListenerEventType.Assigning,
        ["update"] = TaskListenerEventType.Updating,
        ["complete"] = TaskListenerEventType.Completing,
        ["cancel"] = TaskListenerEventType.Canceling,
    };

    /// <summary>Reads the element's execution listeners and documentation and checks the listeners against the element's kind.</summary>
    private FlowNode WithListeners(XElement element, string id, FlowNode node)
    {
        var listeners = ReadExecutionListeners(element, id);
        if (!listeners.IsEmpty)
        {
            ValidateListenerPlacement(element, id, node, listeners);
        }

        var documentation = element.Element(Namespaces.Bpmn + "documentation")?.Value.Trim();
        return node with { ExecutionListeners = listeners, Documentation = string.IsNullOrEmpty(documentation) ? null : documentation };
    }

    private ImmutableArray<ExecutionListener> ReadExecutionListeners(XElement element, string id)
    {
        var container = Zeebe(element, "executionListeners");
        if (container is null)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<ExecutionListener>();
        var seen = new HashSet<(ExecutionListenerEventType, string)>();
        foreach (var listener in container.Elements())
        {
            if (listener.Name != Namespaces.Zeebe + "executionListener")
            {
                Error(listener, id, $"zeebe:executionListeners may only contain zeebe:executionListener, not {listener.Name.LocalName}.");
                continue;
            }

            var eventText = ((string?)listener.Attribute("eventType"))?.Trim();
            ExecutionListenerEventType? eventType = eventText switch
            {
                "start" => ExecutionListenerEventType.Start,
                "end" => ExecutionListenerEventType.End,
                _ => null,
            };
            if (eventType is null)
            {
                Error(listener, id, string.IsNullOrEmpty(eventText)
                    ? "A zeebe:executionListener needs an eventType (start or end)."
                    : $"The execution listener event type '{eventText}' is unknown; use start or end.");
                continue;
            }

            RejectListenerChildren(listener, id);
            var (type, retries) = ReadListenerJob(listener, id, "zeebe:executionListener");
            if (type is null || retries is null)
            {
                continue;
            }

            if (!seen.Add((eventType.Value, type.Text)))
            {
                Error(listener, id, $"The execution listener of type '{type.Text}' is defined twice for the event type '{eventText}'; each combination of eventType and type must be unique.");
                continue;
            }

            result.Add(new ExecutionListener(eventType.Value, type, retries));
        }

        return result.ToImmutable();
    }

    /// <summary>Camunda 8 rejects listeners where it cannot run them: the message names the element kind and the event type.</summary>
    private void ValidateListenerPlacement(XElement element, string id, FlowNode node, ImmutableArray<ExecutionListener> listeners)
    {
        var hasStart = listeners.Any(l => l.EventType == ExecutionListenerEventType.Start);
        var hasEnd = listeners.Any(l => l.EventType == ExecutionListenerEventType.End);
        var at = Zeebe(element, "executionListeners")!;
        switch (node)
        {
            case BoundaryEvent { EventDefinition: CompensateEventDefinition }:
                Error(at, id, "Execution listeners are not supported on a compensation boundary event; put them on its compensation handler.");
                break;
            case BoundaryEvent when hasStart:
                Error(at, id, "Start execution listeners are not supported on a boundary event; put them on the activity it is attached to.");
                break;
            case StartEvent when hasStart:
                Error(at, id, "Start execution listeners are not supported on a start event; put them on the process or the sub-process.");
                break;
            case ExclusiveGateway or ParallelGateway or InclusiveGateway or EventBasedGateway when hasEnd:
                Error(at, id, "End execution listeners are not supported on a gateway; put a start listener on the element that follows it.");
                break;
            case EndEvent { EventDefinition: ErrorEventDefinition } when hasEnd:
                Error(at, id, "End execution listeners are not supported on an error end event; put them on the element that catches the error.");
                break;
            case IntermediateThrowEvent { EventDefinition: EscalationEventDefinition } when hasEnd:
                Error(at, id, "End execution listeners are not supported on an escalation intermediate throw event.");
                break;
        }
    }

    /// <summary>Camunda 8.8's listeners have only attributes; headers of their own (8.9) are not run here.</summary>
    private void RejectListenerChildren(XElement listener, string id)
    {
        foreach (var child in listener.Elements())
        {
            Error(child, id, $"{child.Name.LocalName} inside a {listener.Name.LocalName} is not supported; a listener job receives the element's own task headers.");
        }
    }

    private (ExpressionValue? Type, ExpressionValue? Retries) ReadListenerJob(XElement listener, string id, string what)
    {
        var type = RequiredAttribute(listener, id, "type", what);
        var retries = OptionalExpression(listener, id, "retries") ?? ExpressionValue.Static("3");
        if (!retries.IsExpression && (!int.TryParse(retries.Text, out var count) || count < 0))
        {
            Error(listener, id, $"The retries '{retries.Text}' of a {what} are not a whole number of at least 0.");
            return (type, null);
        }

        return (type, retries);
    }

    private ImmutableArray<TaskListener> ReadTaskListeners(XElement element, string id)
    {
        var container = Zeebe(element, "taskListeners");
        if (container is null)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<TaskListener>();
        foreach (var listener in container.Elements())
        {
            if (listener.Name != Namespaces.Zeebe + "taskListener")
            {
                Error(listener, id, $"zeebe:taskListeners may only contain zeebe:taskListener, not {listener.Name.LocalName}.");
                continue;
            }

            var eventText = ((string?)listener.Attribute("eventType"))?.Trim();
            if (string.IsNullOrEmpty(eventText) || !TaskListenerEventNames.TryGetValue(eventText, out var eventType))
            {
                Error(listener, id, string.IsNullOrEmpty(eventText)
                    ? "A zeebe:taskListener needs an eventType (creating, assigning, updating, completing or canceling)."
                    : $"The task listener event type '{eventText}' is unknown; use creating, assigning, updating, completing or canceling.");
                continue;
            }

            RejectListenerChildren(listener, id);
            var (type, retries) = ReadListenerJob(listener, id, "zeebe:taskListener");
            if (type is not null && retries is not null)
            {
                result.Add(new TaskListener(eventType, type, retries));
            }
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// The job-worker implementation of an ad-hoc sub-process: the worker decides what runs and when the sub-process
    /// completes, so the attributes that would decide it in the model are refused rather than silently ignored.
    /// </summary>
    private JobWorker? ReadAdHocJobWorker(XElement element, string id)
    {
        if (Zeebe(element, "taskDefinition") is null)
        {
            if (Zeebe(element, "taskHeaders") is { } headers)
            {
                Error(headers, id, "zeebe:taskHeaders on an ad-hoc sub-process need zeebe:taskDefinition: the headers go to the job worker that controls it.");
            }

            return null;
        }

        var job = ReadJob(element, id, required: true);
        if (Zeebe(element, "adHoc") is { } adHoc && !string.IsNullOrWhiteSpace((string?)adHoc.Attribute("activeElementsCollection")))
        {
            Error(adHoc, id, "An ad-hoc sub-process controlled by a job worker (zeebe:taskDefinition) has no activeElementsCollection: the worker activates the elements.");
        }

        if (element.Element(Namespaces.Bpmn + "completionCondition") is { } condition)
        {
            Error(condition, id, "An ad-hoc sub-process controlled by a job worker (zeebe:taskDefinition) has no completionCondition: the worker reports it with isCompletionConditionFulfilled.");
        }

        if (element.Attribute("cancelRemainingInstances") is not null)
        {
            Error(element, id, "An ad-hoc sub-process controlled by a job worker (zeebe:taskDefinition) takes cancelRemainingInstances from the job result (isCancelRemainingInstances), not from the model.");
        }

        return job;
    }

    /// <summary>
    /// The tool parameters of a job-worker ad-hoc sub-process's inner elements (Camunda 8.8): every fromAi(...) call in
    /// an element's expressions names one, by the last segment of its first argument (toolCall.query: query), with the
    /// description, type, schema and options given as constants.
    /// </summary>
    private ImmutableDictionary<string, FeelValue> ReadToolParameters(XElement adHoc)
    {
        var result = ImmutableDictionary.CreateBuilder<string, FeelValue>(StringComparer.Ordinal);
        foreach (var inner in adHoc.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn))
        {
            var id = (string?)inner.Attribute("id");
            var extensions = inner.Element(Namespaces.Bpmn + "extensionElements");
            if (string.IsNullOrEmpty(id) || extensions is null)
            {
                continue;
            }

            var parameters = new List<FeelValue>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var attribute in extensions.Descendants().Where(e => e.Name.Namespace == Namespaces.Zeebe).SelectMany(e => e.Attributes()))
            {
                var text = attribute.Value.TrimStart();
                if (!text.StartsWith('=') || !text.Contains("fromAi", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var arguments in FromAiCalls(text[1..]))
                {
                    if (ToolParameter(attribute.Parent!, id, arguments) is not { } parameter)
                    {
                        continue;
                    }

                    if (!names.Add(parameter.Name))
                    {
                        Error(attribute.Parent!, id, $"The tool parameter '{parameter.Name}' is defined by more than one fromAi call; each name may appear once.");
                        continue;
                    }

                    parameters.Add(parameter.Value);
                }
            }

            if (parameters.Count > 0)
            {
                result[id] = FeelValue.FromList(parameters);
            }
        }

        return result.ToImmutable();
    }

    private (string Name, FeelValue Value)? ToolParameter(XElement at, string id, List<string> arguments)
    {
        var reference = arguments.Count > 0 ? arguments[0].Trim() : "";
        if (reference.Length == 0 || !IsVariablePath(reference))
        {
            Error(at, id, $"The first argument of fromAi must name a variable, such as toolCall.suchbegriff, not '{reference}'.");
            return null;
        }

        var name = reference[(reference.LastIndexOf('.') + 1)..];
        var entries = new List<KeyValuePair<string, FeelValue>> { new("name", FeelValue.FromString(name)) };
        string[] keys = ["description", "type", "schema", "options"];
        for (var i = 1; i < arguments.Count && i <= keys.Length; i++)
        {
            var parsed = feel.ParseExpression(arguments[i]);
            var value = parsed.Success ? parsed.Expression!.Evaluate(FeelVariables.Empty) : FeelValue.Null;
            var key = keys[i - 1];
            var constant = i <= 2 ? value.Kind is FeelValueKind.String or FeelValueKind.Null : value.Kind is FeelValueKind.Context or FeelValueKind.Null;
            if (!parsed.Success || !constant)
            {
                Error(at, id, $"The {key} of the tool parameter '{name}' must be {(i <= 2 ? "a text" : "a context")} constant (or null), not '{arguments[i].Trim()}'.");
                return null;
            }

            if (!value.IsNull)
            {
                entries.Add(new(key, value));
            }
        }

        return (name, FeelValue.FromContext(entries));
    }

    /// <summary>The argument texts of every fromAi(...) call in a FEEL source, split at top-level commas.</summary>
    private static IEnumerable<List<string>> FromAiCalls(string source)
    {
        for (var start = source.IndexOf("fromAi", StringComparison.Ordinal); start >= 0; start = source.IndexOf("fromAi", start + 6, StringComparison.Ordinal))
        {
            var open = start + 6;
            while (open < source.Length && char.IsWhiteSpace(source[open]))
            {
                open++;
            }

            if (open >= source.Length || source[open] != '(' || (start > 0 && (char.IsLetterOrDigit(source[start - 1]) || source[start - 1] is '_' or '.'))
                || InsideString(source, start))
            {
                continue;
            }

            var arguments = new List<string>();
            var depth = 0;
            var from = open + 1;
            for (var i = from; i < source.Length; i++)
            {
                var c = source[i];
                if (c == '"')
                {
                    i = SkipString(source, i);
                    continue;
                }

                if (c is '(' or '[' or '{')
                {
                    depth++;
                }
                else if (c is ')' or ']' or '}')
                {
                    if (depth-- == 0)
                    {
                        arguments.Add(source[from..i]);
                        yield return arguments;
                        break;
                    }
                }
                else if (c == ',' && depth == 0)
                {
                    arguments.Add(source[from..i]);
                    from = i + 1;
                }
            }
        }
    }

    private static bool InsideString(string source, int index)
    {
        var inside = false;
        for (var i = 0; i < index; i++)
        {
            if (source[i] == '"')
            {
                var end = SkipString(source, i);
                if (end >= index)
                {
                    inside = true;
                    break;
                }

                i = end;
            }
        }

        return inside;
    }

    private static int SkipString(string source, int quote)
    {
        for (var i = quote + 1; i < source.Length; i++)
        {
            if (source[i] == '\\')
            {
                i++;
            }
            else if (source[i] == '"')
            {
                return i;
            }
        }

        return source.Length;
    }

    private (string? Collection, ExpressionValue? Element) ReadAdHocOutput(XElement element, string id)
    {
        var adHoc = Zeebe(element, "adHoc");
        if (adHoc is null)
        {
            return (null, null);
        }

        var collection = NameAttribute(adHoc, id, "outputCollection");
        var output = OptionalExpression(adHoc, id, "outputElement");
        var collectionGiven = !string.IsNullOrWhiteSpace((string?)adHoc.Attribute("outputCollection"));
        if (collectionGiven != (output is not null || !string.IsNullOrWhiteSpace((string?)adHoc.Attribute("outputElement"))))
        {
            Error(adHoc, id, "outputCollection and outputElement of an ad-hoc sub-process must be given together.");
        }

        return (collection, output);
    }
}
