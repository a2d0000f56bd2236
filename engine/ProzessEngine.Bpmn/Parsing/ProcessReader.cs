using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Reads one bpmn:process element with its sub-processes. Problems go to the shared diagnostics list; the result is
/// null when there are any. Structural checks that need the whole graph run after every element is read.
/// </summary>
internal sealed partial class ProcessReader(
    FeelEngine feel,
    BpmnParserOptions options,
    XElement process,
    RootElements roots,
    List<BpmnDiagnostic> diagnostics,
    List<BpmnDiagnostic> warnings,
    ParseBudget? budget = null)
{
    /// <summary>Elements that document a model but never execute.</summary>
    private static readonly FrozenSet<string> NonExecutingElements = new[]
    {
        "documentation", "extensionElements", "textAnnotation", "association", "group", "dataObject",
        "dataObjectReference", "dataStoreReference", "laneSet", "property", "ioSpecification",
        "incoming", "outgoing", "multiInstanceLoopCharacteristics", "standardLoopCharacteristics", "completionCondition",
        "dataInputAssociation", "dataOutputAssociation",
    }.ToFrozenSet();

    /// <summary>Zeebe extension elements allowed everywhere: read elsewhere, or markers without behaviour of their own.</summary>
    private static readonly FrozenSet<string> GeneralZeebeElements = new[] { "properties" }.ToFrozenSet();

    /// <summary>The engine's own properties and where they may appear.</summary>
    private static readonly FrozenSet<string> ProcessEngineProperties = new[]
    {
        EngineProperties.RetentionDays, EngineProperties.Calendar, EngineProperties.TimerMode, EngineProperties.TaskTitle,
        EngineProperties.TaskColumns, EngineProperties.FourEyes,
    }.ToFrozenSet();

    /// <summary>More columns than this do not fit a list row; the title is the place for more.</summary>
    public const int MaxTaskColumns = 10;

    /// <summary>Camunda's element templates write an inbound connector's configuration as zeebe:properties with this prefix.</summary>
    private const string InboundConnectorPrefix = "inbound.";

    private readonly int _errorsBefore = diagnostics.Count;
    private readonly Dictionary<string, XElement> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _embeddedForms = new(StringComparer.Ordinal);

    // Insertion-ordered (no removals), so enumerating them yields document order.
    private readonly Dictionary<string, FlowNode> _nodes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SequenceFlow> _flows = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _flowScopes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ScopeKind> _scopes = new(StringComparer.Ordinal);
    private readonly List<(string? Source, string? Target, XElement Element)> _associations = [];
    private int _elementCount;
    private bool _tooManyElements;
    private string _processId = "";
    private ExpressionValue? _taskTitle;
    private ImmutableArray<string>? _taskColumns;

    private enum ScopeKind
    {
        Process,
        SubProcess,
        EventSubProcess,
        AdHocSubProcess,
    }

    public ProcessModel? Read()
    {
        var processId = (string?)process.Attribute("id");
        if (string.IsNullOrWhiteSpace(processId))
        {
            Error(process, null, "The process has no id.");
            return null;
        }

        _processId = processId;
        var properties = ReadProperties(process, processId, isProcess: true);
        var versionTag = ReadProcessExtensions(processId);
        var processListeners = ReadExecutionListeners(process, processId);
        _scopes[processId] = ScopeKind.Process;
        ReadContainer(process, processId, ScopeKind.Process);
        if (_tooManyElements)
        {
            return null;
        }

        LinkFlows();
        ResolveBoundaryEvents();
        ResolveCompensation();
        ResolveLinks();
        ResolveAdHocSubProcesses();
        ResolveFourEyes();
        ValidateGateways();
        ValidateScopes();
        ValidateCatchEventUniqueness();
        ValidateWebhookContexts();
        ValidateReachability();
        ComputeInclusiveJoins();
        StraightThroughLoops.Check(options, processId, _nodes, _ids, diagnostics);

        var topLevelStarts = _nodes.Values.OfType<StartEvent>().Where(s => s.ScopeId == processId).ToList();
        var noneStarts = topLevelStarts.Where(s => s.EventDefinition is null).ToList();
        if (topLevelStarts.Count == 0)
        {
            Error(process, processId, "The process has no start event.");
        }
        else if (noneStarts.Count > 1)
        {
            Error(process, processId, $"The process has {noneStarts.Count} none start events ({string.Join(", ", noneStarts.Select(s => s.Id))}); it may have only one.");
        }

        if (diagnostics.Count > _errorsBefore)
        {
            return null;
        }

        var eventSubProcesses = _nodes.Values.OfType<EventSubProcess>()
            .GroupBy(e => e.ScopeId, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(e => e.Id).ToImmutableArray(), StringComparer.Ordinal);

        return new ProcessModel
        {
            Id = processId,
            Name = (string?)process.Attribute("name"),
            Nodes = _nodes.ToFrozenDictionary(StringComparer.Ordinal),
            Flows = _flows.ToFrozenDictionary(StringComparer.Ordinal),
            NoneStartEvent = noneStarts.Count == 1 ? noneStarts[0] : null,
            EventStartEvents = [.. topLevelStarts.Where(s => s.EventDefinition is not null)],
            EventSubProcessesByScope = eventSubProcesses,
            EmbeddedForms = _embeddedForms.ToFrozenDictionary(StringComparer.Ordinal),
            Properties = properties,
            VersionTag = versionTag,
            ExecutionListeners = processListeners,
            TaskList = _taskTitle is null && _taskColumns is null ? null : new TaskListDefinition(_taskTitle, _taskColumns ?? []),
            HasInclusiveJoins = _nodes.Values.Any(n => n is InclusiveGateway { IncomingFlowIds.Length: > 1 }),
        };
    }

    private string? ReadProcessExtensions(string processId)
    {
        var extensions = process.Element(Namespaces.Bpmn + "extensionElements");
        if (extensions is null)
        {
            return null;
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

        string? versionTag = null;
        var tag = extensions.Element(Namespaces.Zeebe + "versionTag");
        if (tag is not null)
        {
            versionTag = ((string?)tag.Attribute("value"))?.Trim();
            if (string.IsNullOrEmpty(versionTag))
            {
                Error(tag, processId, "zeebe:versionTag needs a value.");
            }
        }

        foreach (var unknown in extensions.Elements().Where(e => e.Name.Namespace == Namespaces.Zeebe
                     && e.Name.LocalName is not ("userTaskForm" or "versionTag" or "executionListeners") && !GeneralZeebeElements.Contains(e.Name.LocalName)))
        {
            Error(unknown, processId, $"The process extension zeebe:{unknown.Name.LocalName} is not supported yet.");
        }

        return versionTag;
    }

    private void ReadContainer(XElement container, string scopeId, ScopeKind kind)
    {
        foreach (var element in container.Elements())
        {
            if (element.Name.Namespace != Namespaces.Bpmn)
            {
                continue;
            }

            var local = element.Name.LocalName;
            if (local == "association")
            {
                _associations.Add(((string?)element.Attribute("sourceRef"), (string?)element.Attribute("targetRef"), element));
                continue;
            }

            if (NonExecutingElements.Contains(local))
            {
                continue;
            }

            budget?.Check(element);
            if (++_elementCount > options.MaxElements)
            {
                if (!_tooManyElements)
                {
                    Error(process, _processId, $"The process has more than the limit of {options.MaxElements} elements.");
                    _tooManyElements = true;
                }

                return;
            }

            var id = (string?)element.Attribute("id");
            if (string.IsNullOrWhiteSpace(id))
            {
                Error(element, null, $"A '{local}' element has no id.");
                continue;
            }

            if (!_ids.TryAdd(id, element))
            {
                Error(element, id, "The id is used by more than one element.");
                continue;
            }

            if (local == "sequenceFlow")
            {
                var flow = ReadSequenceFlow(element, id);
                if (flow is not null)
                {
                    _flows[id] = flow;
                    _flowScopes[id] = scopeId;
                }

                continue;
            }

            var node = ReadNode(element, id, scopeId, kind);
            if (node is not null)
            {
                _nodes[id] = node;
            }
        }
    }

    private FlowNode? ReadNode(XElement element, string id, string scopeId, ScopeKind containerKind)
    {
        var properties = ReadProperties(element, id, isProcess: false);
        FlowNode? node = element.Name.LocalName switch
        {
            "startEvent" => ReadStartEvent(element, id, containerKind, properties),
            "endEvent" => ReadEndEvent(element, id, properties),
            "intermediateCatchEvent" => ReadIntermediateCatchEvent(element, id, properties),
            "intermediateThrowEvent" => ReadIntermediateThrowEvent(element, id, properties),
            "boundaryEvent" => ReadBoundaryEvent(element, id, properties),
            "serviceTask" => ReadServiceTask(element, id),
            "sendTask" => ReadSendTask(element, id),
            "scriptTask" => ReadScriptTask(element, id),
            "businessRuleTask" => ReadBusinessRuleTask(element, id),
            "receiveTask" => ReadReceiveTask(element, id),
            "userTask" => ReadUserTask(element, id),
            "manualTask" => Simple(element, id, new ManualTask { Id = id, ScopeId = scopeId }),
            "task" => Simple(element, id, new UndefinedTask { Id = id, ScopeId = scopeId }),
            "callActivity" => ReadCallActivity(element, id),
            "subProcess" => ReadSubProcess(element, id),
            "adHocSubProcess" => ReadAdHocSubProcess(element, id),
            "exclusiveGateway" => Gateway(element, id, new ExclusiveGateway { Id = id, ScopeId = scopeId, DefaultFlowId = (string?)element.Attribute("default") }),
            "inclusiveGateway" => Gateway(element, id, new InclusiveGateway { Id = id, ScopeId = scopeId, DefaultFlowId = (string?)element.Attribute("default") }),
            "parallelGateway" => Gateway(element, id, new ParallelGateway { Id = id, ScopeId = scopeId }),
            "eventBasedGateway" => Gateway(element, id, new EventBasedGateway { Id = id, ScopeId = scopeId }),
            _ => Unsupported(element, id),
        };

        if (node is null)
        {
            return null;
        }

        if (node is Activity activity)
        {
            node = activity with
            {
                Loop = ReadLoop(element, id),
                IsForCompensation = (string?)element.Attribute("isForCompensation") == "true",
            };
        }
        else
        {
            RejectLoops(element, id);
        }

        node = node with
        {
            Name = (string?)element.Attribute("name"),
            ScopeId = scopeId,
            IoMapping = node is ExclusiveGateway or ParallelGateway or InclusiveGateway or EventBasedGateway ? IoMapping.Empty : ReadIoMapping(element, id),
            Properties = properties,
            Webhook = ReadWebhook(element, id, node, containerKind),
        };
        if (IsHttpJsonConnector(node))
        {
            CheckHttpJsonConnector(element, id, node);
        }

        if (IsEmailConnector(node))
        {
            CheckEmailConnector(element, id, node);
        }

        return WithListeners(element, id, node);
    }

    private FlowNode? Unsupported(XElement element, string id)
    {
        var local = element.Name.LocalName;
        var reason = local switch
        {
            "transaction" => "Transactions (and cancel events) are not supported; model the undo with compensation.",
            "complexGateway" => "Complex gateways are not supported; use an inclusive gateway.",
            "callChoreography" or "choreographyTask" or "subChoreography" => "Choreographies cannot be executed.",
            _ => $"The element type '{local}' is not supported.",
        };
        Error(element, id, reason);
        return null;
    }

    private T Simple<T>(XElement element, string id, T node) where T : FlowNode
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        return node;
    }

    private T Gateway<T>(XElement element, string id, T node) where T : FlowNode
    {
        RejectUnknownZeebeExtensions(element, id, []);
        return node;
    }

    private SequenceFlow? ReadSequenceFlow(XElement element, string id)
    {
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
            condition = ReadFeelOnly(conditionElement, id, "condition", conditionElement.Value);
        }

        RejectUnknownZeebeExtensions(element, id, []);
        return new SequenceFlow(id, (string?)element.Attribute("name"), source, target, condition);
    }

    /// <summary>A FEEL expression written as element text (conditions): must start with '='.</summary>
    private ExpressionValue? ReadFeelOnly(XElement element, string id, string what, string rawText)
    {
        var text = rawText.Trim();
        if (text.Length == 0)
        {
            Error(element, id, $"The {what} is empty.");
            return null;
        }

        if (!text.StartsWith('='))
        {
            Error(element, id, $"The {what} '{text}' is not a FEEL expression; write it as '={text}'.");
            return null;
        }

        return Expression(element, id, what, text);
    }

    private void LinkFlows()
    {
        var outgoing = new Dictionary<string, ImmutableArray<SequenceFlow>.Builder>(StringComparer.Ordinal);
        var incoming = new Dictionary<string, ImmutableArray<string>.Builder>(StringComparer.Ordinal);
        foreach (var flow in _flows.Values)
        {
            var element = _ids[flow.Id];
            var scope = _flowScopes[flow.Id];
            // Camunda Modeler leaves a flow in the XML of the scope it was drawn in when both of its ends are later moved
            // into a sub-process; it still joins two elements of one scope, and Camunda 8 runs it there.
            if (_nodes.TryGetValue(flow.SourceId, out var from) && _nodes.TryGetValue(flow.TargetId, out var to)
                && from.ScopeId == to.ScopeId && from.ScopeId != scope)
            {
                Warn(element, flow.Id, $"The sequence flow is written outside the (sub-)process its source '{flow.SourceId}' and target "
                    + $"'{flow.TargetId}' lie in; it runs as part of that (sub-)process.");
                scope = from.ScopeId;
            }

            var ok = true;
            foreach (var (end, endId) in new[] { ("source", flow.SourceId), ("target", flow.TargetId) })
            {
                if (!_nodes.TryGetValue(endId, out var node))
                {
                    // An element that failed to read has been reported already; link it anyway, so the checks of its
                    // neighbours (conditions, reachability) still run.
                    if (!_ids.ContainsKey(endId))
                    {
                        Error(element, flow.Id, $"The sequence flow's {end} '{endId}' does not exist in this process.");
                        ok = false;
                    }
                }
                else if (node.ScopeId != scope)
                {
                    Error(element, flow.Id, $"The sequence flow's {end} '{endId}' lies in another (sub-)process; flows cannot cross a sub-process boundary.");
                    ok = false;
                }
            }

            if (!ok)
            {
                continue;
            }

            (outgoing.TryGetValue(flow.SourceId, out var o) ? o : outgoing[flow.SourceId] = ImmutableArray.CreateBuilder<SequenceFlow>()).Add(flow);
            (incoming.TryGetValue(flow.TargetId, out var i) ? i : incoming[flow.TargetId] = ImmutableArray.CreateBuilder<string>()).Add(flow.Id);
        }

        foreach (var (id, node) in _nodes.ToList())
        {
            _nodes[id] = node with
            {
                Outgoing = outgoing.TryGetValue(id, out var o) ? o.ToImmutable() : [],
                IncomingFlowIds = incoming.TryGetValue(id, out var i) ? i.ToImmutable() : [],
            };
        }
    }

    private ImmutableArray<KeyValuePair<string, string>> ReadProperties(XElement element, string id, bool isProcess)
    {
        var container = element.Element(Namespaces.Bpmn + "extensionElements")?.Element(Namespaces.Zeebe + "properties");
        if (container is null)
        {
            return [];
        }

        var result = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var inbound = new List<(string Name, string Value)>();
        foreach (var property in container.Elements(Namespaces.Zeebe + "property"))
        {
            var name = ((string?)property.Attribute("name"))?.Trim();
            var value = (string?)property.Attribute("value") ?? "";
            if (string.IsNullOrEmpty(name))
            {
                // The modeller's "add property" button leaves an empty entry; Camunda 8 deploys it, and so do we.
                if (value.Trim().Length > 0)
                {
                    Warn(property, id, $"A zeebe:property has the value '{value}' but no name; nothing can read it.");
                }

                continue;
            }

            if (name.StartsWith(Namespaces.EnginePropertyPrefix, StringComparison.OrdinalIgnoreCase))
            {
                ValidateEngineProperty(property, id, name, value, isProcess, element.Name.LocalName);
            }
            else if (EngineProperties.OtherSpellings.TryGetValue(name, out var meant))
            {
                Error(property, id, $"The property '{name}' is not read by the engine; write '{meant}'.");
            }
            else if (name.StartsWith(InboundConnectorPrefix, StringComparison.Ordinal))
            {
                inbound.Add((name, value));
            }

            result.Add(new(name, value));
        }

        // On a flow node they are read with the element (ReadWebhook), where its kind is known.
        if (inbound.Count > 0 && isProcess)
        {
            Error(container, id, $"Inbound connector properties ({string.Join(", ", inbound.Select(p => p.Name))}) belong on a start, catch or boundary event "
                + "or a receive task, not on the process.");
        }

        return result.ToImmutable();
    }

    private void ValidateEngineProperty(XElement property, string id, string name, string value, bool isProcess, string elementType)
    {
        if (!ProcessEngineProperties.Contains(name))
        {
            Error(property, id, $"The engine property '{name}' is unknown; known are {string.Join(", ", ProcessEngineProperties.Order(StringComparer.Ordinal))}.");
            return;
        }

        switch (name)
        {
            case EngineProperties.RetentionDays:
                if (!isProcess)
                {
                    Error(property, id, $"'{name}' belongs on the process, not on a {elementType}.");
                }
                else if (!int.TryParse(value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
                {
                    Error(property, id, $"'{name}' must be a whole number of days (0 or more), not '{value}'.");
                }

                break;
            case EngineProperties.Calendar:
                if (options.KnownCalendarIds is { } known && !known.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
                {
                    Error(property, id, $"The business calendar '{value}' is unknown. Known calendars: {string.Join(", ", known)}.");
                }
                else if (!isProcess && elementType is not ("startEvent" or "intermediateCatchEvent" or "boundaryEvent"))
                {
                    Error(property, id, $"'{name}' belongs on the process or on a timer event, not on a {elementType}.");
                }

                break;
            case EngineProperties.TimerMode:
                if (isProcess)
                {
                    Error(property, id, $"'{name}' belongs on a timer event, not on the process.");
                }

                break;
            case EngineProperties.TaskTitle:
                if (!isProcess)
                {
                    Error(property, id, $"'{name}' belongs on the process, not on a {elementType}: one title identifies a case in all its tasks.");
                }
                else
                {
                    _taskTitle = TaskTitle(property, id, value);
                }

                break;
            case EngineProperties.TaskColumns:
                if (!isProcess)
                {
                    Error(property, id, $"'{name}' belongs on the process, not on a {elementType}: the columns identify a case in all its tasks.");
                }
                else
                {
                    _taskColumns = TaskColumns(property, id, value);
                }

                break;
            case EngineProperties.FourEyes:
                ValidateFourEyesProperty(property, id, name, value, isProcess ? "process" : elementType);
                break;
        }
    }

    /// <summary>The title's FEEL, with or without the leading '=' (a zeebe:property value is plain text).</summary>
    private ExpressionValue? TaskTitle(XElement property, string id, string value)
    {
        var text = value.Trim();
        var source = text.StartsWith('=') ? text[1..] : text;
        if (source.Trim().Length == 0)
        {
            Error(property, id, $"'{EngineProperties.TaskTitle}' is empty; write a FEEL expression such as \"Rechnung \" + rechnungsnummer.");
            return null;
        }

        var parsed = feel.ParseExpression(source);
        if (parsed.Success)
        {
            return ExpressionValue.Feel("=" + source, parsed.Expression!);
        }

        foreach (var error in parsed.Errors)
        {
            Error(property, id, $"FEEL syntax error in {EngineProperties.TaskTitle} '{source.Trim()}' at position {error.Column}: {error.Message}");
        }

        return null;
    }

    private ImmutableArray<string>? TaskColumns(XElement property, string id, string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries);
        var problems = new List<string>();
        if (names.All(n => n.Length == 0))
        {
            problems.Add("it names no variable");
        }

        foreach (var name in names)
        {
            if (name.Length == 0 && names.Length > 1)
            {
                problems.Add("it has an empty entry between commas");
            }
            else if (name.Length > 0 && !ColumnName().IsMatch(name))
            {
                problems.Add($"'{name}' is no variable name (letters, digits and _, not starting with a digit, at most 100 characters)");
            }
        }

        var duplicates = names.Where(n => n.Length > 0).GroupBy(n => n, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"it names {string.Join(", ", duplicates)} more than once");
        }

        if (names.Length > MaxTaskColumns)
        {
            problems.Add($"it names {names.Length} variables, at most {MaxTaskColumns} fit a list row");
        }

        if (problems.Count > 0)
        {
            Error(property, id, $"'{EngineProperties.TaskColumns}' must list variable names separated by commas: {string.Join("; ", problems.Distinct())}.");
            return null;
        }

        return [.. names];
    }

    private ExpressionValue? OptionalExpression(XElement element, string id, string attribute, string? what = null)
    {
        var text = (string?)element.Attribute(attribute);
        if (text is null || text.Trim().Length == 0)
        {
            return null;
        }

        return text.TrimStart().StartsWith('=')
            ? Expression(element, id, what ?? attribute, text)
            : ExpressionValue.Static(text);
    }

    private ExpressionValue? RequiredAttribute(XElement element, string id, string attribute, string owner)
    {
        var value = OptionalExpression(element, id, attribute);
        if (value is null && string.IsNullOrWhiteSpace((string?)element.Attribute(attribute)))
        {
            Error(element, id, $"{owner} needs the attribute '{attribute}'.");
        }

        return value;
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
            Error(element, id, $"FEEL syntax error in {attribute} '{source.Trim()}' at position {error.Column}: {error.Message}");
        }

        return null;
    }

    private static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => char.IsLetterOrDigit(c) || c == '_');

    private static bool IsVariablePath(string target) => target.Split('.').All(IsVariableName);

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
            // Every flow node may carry execution listeners (ReadNode reads and checks them); a sequence flow may not.
            if (!handled.Contains(name) && !GeneralZeebeElements.Contains(name)
                && !(name == "executionListeners" && element.Name.LocalName != "sequenceFlow"))
            {
                Error(extension, id, $"zeebe:{name} is not supported on a {element.Name.LocalName} yet.");
            }
        }
    }

    private static XElement? Zeebe(XElement element, string name) =>
        element.Element(Namespaces.Bpmn + "extensionElements")?.Element(Namespaces.Zeebe + name);

    [System.Text.RegularExpressions.GeneratedRegex(@"^[\p{L}_][\p{L}\p{N}_]{0,99}\z")]
    private static partial System.Text.RegularExpressions.Regex ColumnName();

    private void Error(XElement element, string? id, string message) => diagnostics.Add(BpmnParser.At(element, id, message));

    private void Warn(XElement element, string? id, string message) => warnings.Add(BpmnParser.At(element, id, message));
}
