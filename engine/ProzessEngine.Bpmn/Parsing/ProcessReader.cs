using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>Reads one bpmn:process element. Problems go to the shared diagnostics list; the result is null when there are any.</summary>
internal sealed class ProcessReader(FeelEngine feel, BpmnParserOptions options, XElement process, List<BpmnDiagnostic> diagnostics)
{
    /// <summary>Elements that document a model but never execute.</summary>
    private static readonly FrozenSet<string> NonExecutingElements = new[]
    {
        "documentation", "extensionElements", "textAnnotation", "association", "group", "dataObject",
        "dataObjectReference", "dataStoreReference", "laneSet", "property", "ioSpecification",
    }.ToFrozenSet();

    /// <summary>Zeebe extension elements without behaviour of their own, safe to ignore where they appear.</summary>
    private static readonly FrozenSet<string> IgnoredZeebeElements = new[]
    {
        "properties", "userTask", "versionTag",
    }.ToFrozenSet();

    private readonly int _errorsBefore = diagnostics.Count;
    private readonly Dictionary<string, XElement> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _embeddedForms = new(StringComparer.Ordinal);

    public ProcessModel? Read()
    {
        var processId = (string?)process.Attribute("id");
        if (string.IsNullOrWhiteSpace(processId))
        {
            Error(process, null, "The process has no id.");
            return null;
        }

        ReadProcessExtensions(processId);

        var elements = process.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn).ToList();
        if (elements.Count > options.MaxElements)
        {
            Error(process, processId, $"The process has {elements.Count} elements, more than the limit of {options.MaxElements}.");
            return null;
        }

        foreach (var element in elements.Where(e => !NonExecutingElements.Contains(e.Name.LocalName)))
        {
            var id = (string?)element.Attribute("id");
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(element, null, $"A '{element.Name.LocalName}' element has no id.");
            }
            else if (!_ids.TryAdd(id, element))
            {
                Error(element, id, "The id is used by more than one element.");
            }
        }

        // Insertion-ordered (no removals), so enumerating it yields the flows in document order.
        var flows = new Dictionary<string, SequenceFlow>(StringComparer.Ordinal);
        foreach (var element in elements.Where(e => e.Name.LocalName == "sequenceFlow"))
        {
            var flow = ReadSequenceFlow(element);
            if (flow is not null)
            {
                flows[flow.Id] = flow;
            }
        }

        var nodes = new Dictionary<string, FlowNode>(StringComparer.Ordinal);
        foreach (var element in elements.Where(e => e.Name.LocalName != "sequenceFlow" && !NonExecutingElements.Contains(e.Name.LocalName)))
        {
            var node = ReadNode(element, processId);
            if (node is not null)
            {
                nodes[node.Id] = node;
            }
        }

        LinkFlows(nodes, flows);
        ValidateGateways(nodes);

        var noneStarts = nodes.Values.OfType<StartEvent>().Where(s => s.ScopeId == processId).ToList();
        if (noneStarts.Count == 0)
        {
            Error(process, processId, "The process has no none start event.");
        }
        else if (noneStarts.Count > 1)
        {
            Error(process, processId, $"The process has {noneStarts.Count} none start events ({string.Join(", ", noneStarts.Select(s => s.Id))}); it may have only one.");
        }

        if (diagnostics.Count > _errorsBefore)
        {
            return null;
        }

        return new ProcessModel
        {
            Id = processId,
            Name = (string?)process.Attribute("name"),
            Nodes = nodes.ToFrozenDictionary(StringComparer.Ordinal),
            Flows = flows.ToFrozenDictionary(StringComparer.Ordinal),
            NoneStartEvent = noneStarts[0],
            EmbeddedForms = _embeddedForms.ToFrozenDictionary(StringComparer.Ordinal),
        };
    }

    private void ReadProcessExtensions(string processId)
    {
        var extensions = process.Element(Namespaces.Bpmn + "extensionElements");
        if (extensions is null)
        {
            return;
        }

        foreach (var form in extensions.Elements(Namespaces.Zeebe + "userTaskForm"))
        {
            var formId = (string?)form.Attribute("id");
            if (string.IsNullOrWhiteSpace(formId))
            {
                Error(form, processId, "zeebe:userTaskForm has no id.");
                continue;
            }

            _embeddedForms[formId] = form.Value;
        }

        foreach (var unknown in extensions.Elements().Where(e => e.Name.Namespace == Namespaces.Zeebe
                     && e.Name.LocalName is not "userTaskForm" && !IgnoredZeebeElements.Contains(e.Name.LocalName)))
        {
            Error(unknown, processId, $"The process extension zeebe:{unknown.Name.LocalName} is not supported yet.");
        }
    }

    private SequenceFlow? ReadSequenceFlow(XElement element)
    {
        var id = (string?)element.Attribute("id");
        if (id is null)
        {
            return null;
        }

        var source = (string?)element.Attribute("sourceRef");
        var target = (string?)element.Attribute("targetRef");
        if (string.IsNullOrWhiteSpace(source) || string.IsNullOrWhiteSpace(target))
        {
            Error(element, id, "The sequence flow needs both sourceRef and targetRef.");
            return null;
        }

        ExpressionValue? condition = null;
        var conditionElement = element.Element(Namespaces.Bpmn + "conditionExpression");
        if (conditionElement is not null)
        {
            var text = conditionElement.Value.Trim();
            if (text.Length == 0)
            {
                Error(conditionElement, id, "The condition expression is empty.");
            }
            else if (!text.StartsWith('='))
            {
                Error(conditionElement, id, $"The condition '{text}' is not a FEEL expression; write it as '={text}'.");
            }
            else
            {
                condition = Expression(conditionElement, id, "conditionExpression", text);
            }
        }

        RejectUnknownZeebeExtensions(element, id, []);
        return new SequenceFlow(id, (string?)element.Attribute("name"), source, target, condition);
    }

    private FlowNode? ReadNode(XElement element, string scopeId)
    {
        var id = (string?)element.Attribute("id");
        if (id is null)
        {
            return null;
        }

        var name = (string?)element.Attribute("name");
        RejectUnsupportedMarkers(element, id);

        FlowNode? node = element.Name.LocalName switch
        {
            "startEvent" => ReadStartEvent(element, id),
            "endEvent" => ReadEndEvent(element, id),
            "intermediateCatchEvent" => ReadIntermediateCatchEvent(element, id),
            "serviceTask" => ReadServiceTask(element, id),
            "userTask" => ReadUserTask(element, id),
            "exclusiveGateway" => Plain(element, id, new ExclusiveGateway
            {
                Id = id,
                ScopeId = scopeId,
                DefaultFlowId = (string?)element.Attribute("default"),
            }),
            "parallelGateway" => Plain(element, id, new ParallelGateway { Id = id, ScopeId = scopeId }),
            _ => Unsupported(element, id),
        };

        return node is null ? null : node with
        {
            Name = name,
            ScopeId = scopeId,
            IoMapping = node is StartEvent or EndEvent or ExclusiveGateway or ParallelGateway ? IoMapping.Empty : ReadIoMapping(element, id),
        };
    }

    private FlowNode? Unsupported(XElement element, string id)
    {
        Error(element, id, $"The element type '{element.Name.LocalName}' is not supported yet.");
        return null;
    }

    private T Plain<T>(XElement element, string id, T node) where T : FlowNode
    {
        RejectUnknownZeebeExtensions(element, id, []);
        return node;
    }

    private StartEvent? ReadStartEvent(XElement element, string id)
    {
        if (RejectEventDefinitions(element, id, "start event"))
        {
            return null;
        }

        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        return new StartEvent { Id = id, ScopeId = "" };
    }

    private EndEvent? ReadEndEvent(XElement element, string id)
    {
        if (RejectEventDefinitions(element, id, "end event"))
        {
            return null;
        }

        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        return new EndEvent { Id = id, ScopeId = "" };
    }

    private IntermediateCatchEvent? ReadIntermediateCatchEvent(XElement element, string id)
    {
        var definitions = EventDefinitions(element).ToList();
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        if (definitions.Count != 1)
        {
            Error(element, id, definitions.Count == 0
                ? "An intermediate catch event needs an event definition."
                : "An intermediate catch event with more than one event definition is not supported.");
            return null;
        }

        var definition = definitions[0];
        if (definition.Name.LocalName != "timerEventDefinition")
        {
            Error(definition, id, $"Intermediate catch events with a {definition.Name.LocalName} are not supported yet.");
            return null;
        }

        var timer = ReadTimer(definition, id, allowCycle: false);
        return timer is null ? null : new IntermediateCatchEvent { Id = id, ScopeId = "", EventDefinition = timer };
    }

    private TimerEventDefinition? ReadTimer(XElement definition, string id, bool allowCycle)
    {
        var parts = definition.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn
            && e.Name.LocalName is "timeDate" or "timeDuration" or "timeCycle").ToList();
        if (parts.Count != 1)
        {
            Error(definition, id, "A timer needs exactly one of timeDate, timeDuration or timeCycle.");
            return null;
        }

        var part = parts[0];
        var kind = part.Name.LocalName switch
        {
            "timeDate" => TimerKind.Date,
            "timeDuration" => TimerKind.Duration,
            _ => TimerKind.Cycle,
        };
        if (kind == TimerKind.Cycle && !allowCycle)
        {
            Error(part, id, "A timer cycle is not allowed here; use timeDuration or timeDate.");
            return null;
        }

        var text = part.Value.Trim();
        if (text.Length == 0)
        {
            Error(part, id, $"The timer's {part.Name.LocalName} is empty.");
            return null;
        }

        if (text.StartsWith('='))
        {
            var expression = Expression(part, id, part.Name.LocalName, text);
            return expression is null ? null : new TimerEventDefinition(kind, expression);
        }

        var valid = kind switch
        {
            TimerKind.Date => FeelTemporal.TryParseDateTime(text, out _),
            TimerKind.Duration => FeelTemporal.TryParseDuration(text, out _),
            _ => true,
        };
        if (!valid)
        {
            Error(part, id, kind == TimerKind.Date
                ? $"The timer date '{text}' is not an ISO 8601 date and time (e.g. 2026-12-24T10:00:00+01:00)."
                : $"The timer duration '{text}' is not an ISO 8601 duration (e.g. PT10M, P14D).");
            return null;
        }

        return new TimerEventDefinition(kind, ExpressionValue.Static(text));
    }

    private ServiceTask? ReadServiceTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping"]);
        var definition = Zeebe(element, "taskDefinition");
        if (definition is null)
        {
            Error(element, id, "A service task needs zeebe:taskDefinition with a job type.");
            return null;
        }

        var type = RequiredAttribute(definition, id, "type", "zeebe:taskDefinition");
        var retries = OptionalExpression(definition, id, "retries") ?? ExpressionValue.Static("3");
        if (!retries.IsExpression && (!int.TryParse(retries.Text, out var count) || count < 0))
        {
            Error(definition, id, $"The retries '{retries.Text}' are not a whole number of at least 0.");
        }

        var headers = Zeebe(element, "taskHeaders")?.Elements(Namespaces.Zeebe + "header")
            .Select(h => new KeyValuePair<string, string>((string?)h.Attribute("key") ?? "", (string?)h.Attribute("value") ?? ""))
            .ToImmutableArray() ?? [];

        return type is null ? null : new ServiceTask
        {
            Id = id,
            ScopeId = "",
            TaskDefinition = new TaskDefinition(type, retries),
            TaskHeaders = headers,
        };
    }

    private UserTask? ReadUserTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id,
            ["assignmentDefinition", "formDefinition", "taskSchedule", "priorityDefinition", "ioMapping", "taskHeaders"]);

        var assignment = Assignment.None;
        var assignmentElement = Zeebe(element, "assignmentDefinition");
        if (assignmentElement is not null)
        {
            assignment = new Assignment(
                OptionalExpression(assignmentElement, id, "assignee"),
                OptionalExpression(assignmentElement, id, "candidateGroups"),
                OptionalExpression(assignmentElement, id, "candidateUsers"));
        }

        FormReference? form = null;
        var formElement = Zeebe(element, "formDefinition");
        if (formElement is not null)
        {
            form = ReadFormReference(formElement, id);
        }

        var schedule = Zeebe(element, "taskSchedule");
        var priority = Zeebe(element, "priorityDefinition");
        return new UserTask
        {
            Id = id,
            ScopeId = "",
            Assignment = assignment,
            Form = form,
            DueDate = schedule is null ? null : OptionalExpression(schedule, id, "dueDate"),
            FollowUpDate = schedule is null ? null : OptionalExpression(schedule, id, "followUpDate"),
            Priority = priority is null ? null : OptionalExpression(priority, id, "priority"),
        };
    }

    private FormReference? ReadFormReference(XElement formElement, string id)
    {
        var formId = (string?)formElement.Attribute("formId");
        var formKey = (string?)formElement.Attribute("formKey");
        if ((string?)formElement.Attribute("externalReference") is { Length: > 0 })
        {
            Error(formElement, id, "External form references (externalReference) are not supported; link a form-js form with formId.");
            return null;
        }

        if (!string.IsNullOrWhiteSpace(formId))
        {
            return new FormReference(formId.Trim(), null, null);
        }

        if (!string.IsNullOrWhiteSpace(formKey))
        {
            const string prefix = "camunda-forms:bpmn:";
            var key = formKey.StartsWith(prefix, StringComparison.Ordinal) ? formKey[prefix.Length..] : formKey;
            if (!_embeddedForms.TryGetValue(key, out var schema))
            {
                Error(formElement, id, $"The form key '{formKey}' names no zeebe:userTaskForm of this process.");
                return null;
            }

            return new FormReference(null, key, schema);
        }

        Error(formElement, id, "zeebe:formDefinition needs a formId.");
        return null;
    }

    private IoMapping ReadIoMapping(XElement element, string id)
    {
        var mapping = Zeebe(element, "ioMapping");
        if (mapping is null)
        {
            return IoMapping.Empty;
        }

        return new IoMapping(ReadMappings(mapping, id, "input"), ReadMappings(mapping, id, "output"));
    }

    private ImmutableArray<Mapping> ReadMappings(XElement mapping, string id, string kind)
    {
        var result = ImmutableArray.CreateBuilder<Mapping>();
        foreach (var entry in mapping.Elements(Namespaces.Zeebe + kind))
        {
            var source = OptionalExpression(entry, id, "source");
            var target = ((string?)entry.Attribute("target"))?.Trim();
            if (string.IsNullOrEmpty(target))
            {
                Error(entry, id, $"A zeebe:{kind} mapping has no target variable.");
                continue;
            }

            if (!IsVariablePath(target))
            {
                Error(entry, id, $"The {kind} mapping target '{target}' is not a variable name or path (e.g. 'betrag' or 'rechnung.betrag').");
                continue;
            }

            result.Add(new Mapping(source ?? ExpressionValue.Static(""), target));
        }

        return result.ToImmutable();
    }

    private static bool IsVariablePath(string target) =>
        target.Split('.').All(part => part.Length > 0 && (char.IsLetter(part[0]) || part[0] == '_')
            && part.All(c => char.IsLetterOrDigit(c) || c == '_'));

    private void LinkFlows(Dictionary<string, FlowNode> nodes, Dictionary<string, SequenceFlow> flows)
    {
        foreach (var flow in flows.Values)
        {
            if (!_ids.ContainsKey(flow.SourceId))
            {
                Error(_ids[flow.Id], flow.Id, $"The sequence flow's source '{flow.SourceId}' does not exist in this process.");
            }

            if (!_ids.ContainsKey(flow.TargetId))
            {
                Error(_ids[flow.Id], flow.Id, $"The sequence flow's target '{flow.TargetId}' does not exist in this process.");
            }
        }

        foreach (var (id, node) in nodes.ToList())
        {
            // Document order matters: an exclusive gateway takes the first true condition in the order of the XML.
            var outgoing = flows.Values.Where(f => f.SourceId == id).ToImmutableArray();
            var incoming = flows.Values.Where(f => f.TargetId == id).Select(f => f.Id).ToImmutableArray();
            nodes[id] = node with { Outgoing = outgoing, IncomingFlowIds = incoming };

            if (node is StartEvent && incoming.Length > 0)
            {
                Error(_ids[id], id, "A start event must not have incoming sequence flows.");
            }

            if (node is EndEvent && outgoing.Length > 0)
            {
                Error(_ids[id], id, "An end event must not have outgoing sequence flows.");
            }

            if (node is not StartEvent && incoming.Length == 0)
            {
                Error(_ids[id], id, "The element has no incoming sequence flow and can never be reached.");
            }
        }
    }

    private void ValidateGateways(Dictionary<string, FlowNode> nodes)
    {
        foreach (var node in nodes.Values)
        {
            var conditional = node.Outgoing.Where(f => f.Condition is not null).ToList();
            switch (node)
            {
                case ExclusiveGateway gateway:
                    if (gateway.DefaultFlowId is not null && !gateway.Outgoing.Any(f => f.Id == gateway.DefaultFlowId))
                    {
                        Error(_ids[gateway.Id], gateway.Id, $"The default flow '{gateway.DefaultFlowId}' is not an outgoing flow of this gateway.");
                    }

                    if (gateway.Outgoing.Length > 1)
                    {
                        foreach (var flow in gateway.Outgoing.Where(f => f.Condition is null && f.Id != gateway.DefaultFlowId))
                        {
                            Error(_ids[flow.Id], flow.Id,
                                $"The sequence flow leaves exclusive gateway '{gateway.Id}' without a condition and is not its default flow.");
                        }
                    }

                    break;
                case ParallelGateway:
                    foreach (var flow in conditional)
                    {
                        Error(_ids[flow.Id], flow.Id, $"A sequence flow leaving parallel gateway '{node.Id}' must not have a condition.");
                    }

                    break;
                default:
                    foreach (var flow in conditional)
                    {
                        Error(_ids[flow.Id], flow.Id, $"Conditional sequence flows are only supported after an exclusive gateway, not after '{node.Id}'.");
                    }

                    break;
            }
        }
    }

    private void RejectUnsupportedMarkers(XElement element, string id)
    {
        foreach (var loop in element.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn
                     && e.Name.LocalName is "multiInstanceLoopCharacteristics" or "standardLoopCharacteristics"))
        {
            Error(loop, id, $"{loop.Name.LocalName} (loops and multi-instance) is not supported yet.");
        }

        if ((string?)element.Attribute("isForCompensation") == "true")
        {
            Error(element, id, "Compensation handlers are not supported yet.");
        }
    }

    private bool RejectEventDefinitions(XElement element, string id, string what)
    {
        var definitions = EventDefinitions(element).ToList();
        foreach (var definition in definitions)
        {
            Error(definition, id, $"A {what} with a {definition.Name.LocalName} is not supported yet.");
        }

        return definitions.Count > 0;
    }

    private static IEnumerable<XElement> EventDefinitions(XElement element) =>
        element.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal));

    private void RejectUnknownZeebeExtensions(XElement element, string id, string[] handled)
    {
        var extensions = element.Element(Namespaces.Bpmn + "extensionElements");
        if (extensions is null)
        {
            return;
        }

        foreach (var extension in extensions.Elements().Where(e => e.Name.Namespace == Namespaces.Zeebe))
        {
            var name = extension.Name.LocalName;
            if (!handled.Contains(name) && !IgnoredZeebeElements.Contains(name))
            {
                Error(extension, id, $"zeebe:{name} is not supported on a {element.Name.LocalName} yet.");
            }
        }
    }

    private static XElement? Zeebe(XElement element, string name) =>
        element.Element(Namespaces.Bpmn + "extensionElements")?.Element(Namespaces.Zeebe + name);

    private ExpressionValue? RequiredAttribute(XElement element, string id, string attribute, string owner)
    {
        var value = OptionalExpression(element, id, attribute);
        if (value is null || value.Text.Trim().Length == 0)
        {
            Error(element, id, $"{owner} needs the attribute '{attribute}'.");
            return null;
        }

        return value;
    }

    private ExpressionValue? OptionalExpression(XElement element, string id, string attribute)
    {
        var text = (string?)element.Attribute(attribute);
        if (text is null || text.Trim().Length == 0)
        {
            return null;
        }

        return text.TrimStart().StartsWith('=')
            ? Expression(element, id, attribute, text)
            : ExpressionValue.Static(text);
    }

    private ExpressionValue? Expression(XElement element, string id, string attribute, string text)
    {
        var source = text.TrimStart()[1..];
        var parsed = feel.ParseExpression(source);
        if (parsed.Success)
        {
            return ExpressionValue.Feel(text, parsed.Expression!);
        }

        foreach (var error in parsed.Errors)
        {
            Error(element, id, $"FEEL syntax error in {attribute} '{source}' at position {error.Column}: {error.Message}");
        }

        return null;
    }

    private void Error(XElement element, string? id, string message) => diagnostics.Add(BpmnParser.At(element, id, message));
}
