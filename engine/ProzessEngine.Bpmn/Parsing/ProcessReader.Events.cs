using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

internal sealed partial class ProcessReader
{
    private enum EventRole
    {
        ProcessStart,
        SubProcessStart,
        EventSubProcessStart,
        IntermediateCatch,
        IntermediateThrow,
        End,
        Boundary,
    }

    private static readonly Dictionary<EventRole, string[]> AllowedDefinitions = new()
    {
        [EventRole.ProcessStart] = ["timerEventDefinition", "messageEventDefinition", "signalEventDefinition", "conditionalEventDefinition"],
        [EventRole.SubProcessStart] = [],
        [EventRole.EventSubProcessStart] =
        [
            "timerEventDefinition", "messageEventDefinition", "signalEventDefinition", "errorEventDefinition",
            "escalationEventDefinition", "conditionalEventDefinition",
        ],
        [EventRole.IntermediateCatch] = ["timerEventDefinition", "messageEventDefinition", "signalEventDefinition", "linkEventDefinition", "conditionalEventDefinition"],
        [EventRole.IntermediateThrow] = ["messageEventDefinition", "signalEventDefinition", "escalationEventDefinition", "linkEventDefinition", "compensateEventDefinition"],
        [EventRole.End] =
        [
            "messageEventDefinition", "signalEventDefinition", "errorEventDefinition", "escalationEventDefinition",
            "terminateEventDefinition", "compensateEventDefinition",
        ],
        [EventRole.Boundary] =
        [
            "timerEventDefinition", "messageEventDefinition", "signalEventDefinition", "errorEventDefinition",
            "escalationEventDefinition", "conditionalEventDefinition", "compensateEventDefinition",
        ],
    };

    private StartEvent? ReadStartEvent(XElement element, string id, ScopeKind container, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        if (container == ScopeKind.AdHocSubProcess)
        {
            Error(element, id, "An ad-hoc sub-process has no start events: its inner elements are activated by id.");
            return null;
        }

        var role = container switch
        {
            ScopeKind.Process => EventRole.ProcessStart,
            ScopeKind.SubProcess => EventRole.SubProcessStart,
            _ => EventRole.EventSubProcessStart,
        };
        if (!TrySingleDefinition(element, id, "start event", out var definitionElement))
        {
            return null;
        }

        EventDefinition? definition = null;
        if (definitionElement is not null)
        {
            definition = ReadEventDefinition(definitionElement, id, role, properties);
            if (definition is null)
            {
                return null;
            }
        }
        else if (role == EventRole.EventSubProcessStart)
        {
            Error(element, id, "The start event of an event sub-process needs an event definition (timer, message, signal, error, escalation or conditional).");
            return null;
        }

        var interrupting = (string?)element.Attribute("isInterrupting") != "false";
        if (!interrupting && role != EventRole.EventSubProcessStart)
        {
            Error(element, id, "Only the start event of an event sub-process can be non-interrupting.");
        }
        else if (!interrupting && definition is ErrorEventDefinition)
        {
            Error(element, id, "An error start event is always interrupting.");
        }

        RejectUnknownZeebeExtensions(element, id, ["ioMapping", "formDefinition"]);
        FormReference? form = null;
        if (Zeebe(element, "formDefinition") is { } startForm)
        {
            if (role == EventRole.ProcessStart && definition is null)
            {
                form = ReadFormReference(startForm, id);
            }
            else if (options.RejectMisplacedStartForms)
            {
                // As in Camunda 8, a start form belongs to the none start event a person starts the process with.
                Error(startForm, id, "A start form (zeebe:formDefinition) belongs on the process's none start event; this start event is started by "
                    + (role == EventRole.ProcessStart ? "its event definition, not by a person." : "the engine, not by a person."));
            }
            else
            {
                Warn(startForm, id, "This start form is not offered or checked: a start form belongs on the process's none start event.");
            }
        }

        return new StartEvent { Id = id, ScopeId = "", EventDefinition = definition, IsInterrupting = interrupting, Form = form };
    }

    private EndEvent? ReadEndEvent(XElement element, string id, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        if (!TrySingleDefinition(element, id, "end event", out var definitionElement))
        {
            return null;
        }

        var (definition, job, ok) = ReadThrowDefinition(element, definitionElement, id, EventRole.End, properties);
        return ok ? new EndEvent { Id = id, ScopeId = "", EventDefinition = definition, Job = job } : null;
    }

    private IntermediateThrowEvent? ReadIntermediateThrowEvent(XElement element, string id, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        if (!TrySingleDefinition(element, id, "intermediate throw event", out var definitionElement))
        {
            return null;
        }

        var (definition, job, ok) = ReadThrowDefinition(element, definitionElement, id, EventRole.IntermediateThrow, properties);
        return ok ? new IntermediateThrowEvent { Id = id, ScopeId = "", EventDefinition = definition, Job = job } : null;
    }

    private (EventDefinition? Definition, JobWorker? Job, bool Ok) ReadThrowDefinition(
        XElement element, XElement? definitionElement, string id, EventRole role, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        if (definitionElement is null)
        {
            RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
            return (null, null, true);
        }

        if (definitionElement.Name.LocalName == "messageEventDefinition")
        {
            RejectUnknownZeebeExtensions(element, id, ["ioMapping", "taskDefinition", "taskHeaders", "publishMessage", "linkedResources"]);
            var message = ReadMessageThrow(element, definitionElement, id, out var job);
            return (message, job, message is not null);
        }

        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        var definition = ReadEventDefinition(definitionElement, id, role, properties);
        return (definition, null, definition is not null);
    }

    private IntermediateCatchEvent? ReadIntermediateCatchEvent(XElement element, string id, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        if (!TrySingleDefinition(element, id, "intermediate catch event", out var definitionElement))
        {
            return null;
        }

        if (definitionElement is null)
        {
            Error(element, id, "An intermediate catch event needs an event definition (timer, message, signal, link or conditional).");
            return null;
        }

        var definition = ReadEventDefinition(definitionElement, id, EventRole.IntermediateCatch, properties);
        return definition is null ? null : new IntermediateCatchEvent { Id = id, ScopeId = "", EventDefinition = definition };
    }

    private BoundaryEvent? ReadBoundaryEvent(XElement element, string id, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        var attachedTo = (string?)element.Attribute("attachedToRef");
        if (string.IsNullOrWhiteSpace(attachedTo))
        {
            Error(element, id, "A boundary event needs attachedToRef, the activity it is attached to.");
            return null;
        }

        if (!TrySingleDefinition(element, id, "boundary event", out var definitionElement))
        {
            return null;
        }

        if (definitionElement is null)
        {
            Error(element, id, "A boundary event needs an event definition.");
            return null;
        }

        var definition = ReadEventDefinition(definitionElement, id, EventRole.Boundary, properties);
        if (definition is null)
        {
            return null;
        }

        var cancel = (string?)element.Attribute("cancelActivity") != "false";
        if (!cancel && definition is ErrorEventDefinition)
        {
            Error(element, id, "An error boundary event is always interrupting (cancelActivity cannot be false).");
            return null;
        }

        return new BoundaryEvent { Id = id, ScopeId = "", AttachedToId = attachedTo, CancelActivity = cancel, EventDefinition = definition };
    }

    private bool TrySingleDefinition(XElement element, string id, string what, out XElement? definition)
    {
        var definitions = element.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn
            && e.Name.LocalName.EndsWith("EventDefinition", StringComparison.Ordinal)).ToList();
        definition = definitions.Count == 1 ? definitions[0] : null;
        if (definitions.Count > 1)
        {
            Error(element, id, $"A {what} with more than one event definition (multiple or parallel multiple) is not supported.");
            return false;
        }

        if (element.Elements(Namespaces.Bpmn + "eventDefinitionRef").Any())
        {
            Error(element, id, "Event definitions referenced by eventDefinitionRef are not supported; define them inside the event.");
            return false;
        }

        return true;
    }

    private EventDefinition? ReadEventDefinition(XElement definition, string id, EventRole role, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        var kind = definition.Name.LocalName;
        if (!AllowedDefinitions[role].Contains(kind))
        {
            Error(definition, id, $"A {RoleName(role)} with a {kind} is not supported.");
            return null;
        }

        var isThrow = role is EventRole.IntermediateThrow or EventRole.End;
        return kind switch
        {
            "timerEventDefinition" => ReadTimer(definition, id, role, properties),
            "messageEventDefinition" => ReadMessageCatch(definition, id, role),
            "signalEventDefinition" => ReadSignal(definition, id, role),
            "errorEventDefinition" => ReadCode(definition, id, isThrow, "error", "errorRef", "errorCode") is (true, var errorCode)
                ? new ErrorEventDefinition(errorCode)
                : null,
            "escalationEventDefinition" => ReadCode(definition, id, isThrow, "escalation", "escalationRef", "escalationCode") is (true, var escalationCode)
                ? new EscalationEventDefinition(escalationCode)
                : null,
            "conditionalEventDefinition" => ReadConditional(definition, id),
            "linkEventDefinition" => ReadLink(definition, id),
            "compensateEventDefinition" => new CompensateEventDefinition(((string?)definition.Attribute("activityRef"))?.Trim() is { Length: > 0 } activity ? activity : null),
            "terminateEventDefinition" => new TerminateEventDefinition(),
            _ => null,
        };
    }

    private static string RoleName(EventRole role) => role switch
    {
        EventRole.ProcessStart => "process start event",
        EventRole.SubProcessStart => "start event of an embedded sub-process",
        EventRole.EventSubProcessStart => "start event of an event sub-process",
        EventRole.IntermediateCatch => "intermediate catch event",
        EventRole.IntermediateThrow => "intermediate throw event",
        EventRole.End => "end event",
        _ => "boundary event",
    };

    private TimerEventDefinition? ReadTimer(XElement definition, string id, EventRole role, ImmutableArray<KeyValuePair<string, string>> properties)
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

        var mode = ReadTimerMode(part, id, kind, properties);
        var text = part.Value.Trim();
        if (text.Length == 0)
        {
            Error(part, id, $"The timer's {part.Name.LocalName} is empty.");
            return null;
        }

        ExpressionValue? value;
        if (text.StartsWith('='))
        {
            value = Expression(part, id, part.Name.LocalName, text);
            if (value is null)
            {
                return null;
            }

            if (role == EventRole.ProcessStart)
            {
                // Camunda 8 evaluates a timer start event's expression once, when the process is deployed.
                var result = value.Expression!.Evaluate(FeelVariables.Empty);
                var problem = result.IsNull ? "null" : CheckTimerValue(kind, mode, result);
                if (problem is not null)
                {
                    Error(part, id, $"The timer start event's {part.Name.LocalName} '{text}' must evaluate without process variables when the process is deployed; it gave {problem}.");
                    return null;
                }
            }
        }
        else
        {
            var problem = CheckTimerValue(kind, mode, FeelValue.FromString(text));
            if (problem is not null)
            {
                Error(part, id, problem);
                return null;
            }

            value = ExpressionValue.Static(text);
        }

        return new TimerEventDefinition(kind, value)
        {
            Mode = mode ?? TimerMode.CalendarTime,
            CalendarId = ExtensionProperties.Find(properties, EngineProperties.Calendar)?.Trim(),
        };
    }

    private TimerMode? ReadTimerMode(XElement part, string id, TimerKind kind, ImmutableArray<KeyValuePair<string, string>> properties)
    {
        var text = ExtensionProperties.Find(properties, EngineProperties.TimerMode)?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        TimerMode? mode = text.ToUpperInvariant() switch
        {
            "DURATION" or "CALENDARTIME" => TimerMode.CalendarTime,
            "WORKINGDAYS" => TimerMode.WorkingDays,
            "LEGALDEADLINE" => TimerMode.LegalDeadline,
            _ => null,
        };
        if (mode is null)
        {
            Error(part, id, $"The timer mode '{text}' is unknown; use duration, workingDays or legalDeadline.");
            return null;
        }

        if (mode != TimerMode.CalendarTime && kind != TimerKind.Duration)
        {
            Error(part, id, $"The timer mode '{text}' applies to a timeDuration only.");
            return null;
        }

        return mode;
    }

    /// <summary>Null when <paramref name="value"/> (a string, or a temporal from FEEL) fits the timer; else what is wrong.</summary>
    private static string? CheckTimerValue(TimerKind kind, TimerMode? mode, FeelValue value)
    {
        var text = value.TryGetString(out var s) ? s.Trim() : null;
        switch (kind)
        {
            case TimerKind.Date:
                if (value.Kind is FeelValueKind.DateTime or FeelValueKind.Date
                    || (text is not null && TimerCycle.NormaliseDateTime(text) is { } normalised && FeelTemporal.TryParseDateTime(normalised, out _)))
                {
                    return null;
                }

                return $"The timer date '{text ?? value.ToString()}' is not an ISO 8601 date and time (e.g. 2026-12-24T10:00:00+01:00).";
            case TimerKind.Duration:
                if (mode == TimerMode.LegalDeadline && text is not null)
                {
                    return LegalPeriodPattern().IsMatch(text)
                        ? null
                        : $"The legal period '{text}' must have one unit and a length of at least 1, e.g. P14D, P2W, P1M or P1Y.";
                }

                var duration = value;
                if (text is not null && !IsoDuration.TryParse(text, out duration))
                {
                    return $"The timer duration '{text}' is not an ISO 8601 duration (e.g. PT10M, P14D).";
                }

                if (duration.Kind is not (FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration))
                {
                    return $"The timer duration {value} is not a duration.";
                }

                if (mode == TimerMode.WorkingDays && duration.Kind != FeelValueKind.DaysTimeDuration)
                {
                    return $"The working-day duration '{text ?? value.ToString()}' must count days (e.g. P10D), not months or years.";
                }

                if (mode == TimerMode.LegalDeadline && text is not null && !LegalPeriodPattern().IsMatch(text))
                {
                    return $"The legal period '{text}' must have one unit and a length of at least 1, e.g. P14D, P2W, P1M or P1Y.";
                }

                return null;
            default:
                if (text is null)
                {
                    return $"The timer cycle {value} is not a text such as R5/PT10M or a cron expression.";
                }

                return TimerCycle.TryParse(text, out _, out var error) ? null : error;
        }
    }

    [GeneratedRegex(@"^P[1-9][0-9]*[DWMY]\z", RegexOptions.IgnoreCase)]
    private static partial Regex LegalPeriodPattern();

    private MessageEventDefinition? ReadMessageCatch(XElement definition, string id, EventRole role)
    {
        var messageRef = (string?)definition.Attribute("messageRef");
        var message = roots.Find("message", messageRef);
        if (message is null)
        {
            Error(definition, id, messageRef is null
                ? "A message event needs a message (messageRef)."
                : $"The message '{messageRef}' does not exist in this file.");
            return null;
        }

        return ReadMessage(message, id, role, definition);
    }

    private MessageEventDefinition? ReadMessage(XElement message, string id, EventRole? role, XElement at)
    {
        var name = ReadName(message, id, "message", role == EventRole.ProcessStart);
        if (name is null)
        {
            return null;
        }

        ExpressionValue? correlationKey = null;
        if (role != EventRole.ProcessStart)
        {
            var subscription = Zeebe(message, "subscription");
            correlationKey = subscription is null ? null : OptionalExpression(subscription, id, "correlationKey");
            if (correlationKey is null)
            {
                Error(at, id, $"The message '{name.Text}' needs a correlation key (zeebe:subscription correlationKey) to be caught in a running instance.");
                return null;
            }
        }

        return new MessageEventDefinition(name, correlationKey);
    }

    private MessageEventDefinition? ReadMessageThrow(XElement element, XElement definition, string id, out JobWorker? job)
    {
        job = ReadJob(element, id, required: false);
        var publish = Zeebe(element, "publishMessage");
        var messageRef = (string?)definition.Attribute("messageRef");
        var message = roots.Find("message", messageRef);
        if (Zeebe(element, "taskDefinition") is null && publish is null)
        {
            Error(element, id, $"A message {element.Name.LocalName} needs zeebe:taskDefinition (a job worker sends the message) or zeebe:publishMessage (the engine publishes it).");
            return null;
        }

        if (publish is not null && Zeebe(element, "taskDefinition") is not null)
        {
            Error(element, id, "zeebe:taskDefinition and zeebe:publishMessage exclude each other: the message is sent either by a job worker or by the engine.");
            return null;
        }

        if (publish is null)
        {
            var name = message is null ? null : OptionalExpression(message, id, "name");
            return new MessageEventDefinition(name ?? ExpressionValue.Static(""), null);
        }

        RejectJobOnlyExtensions(element, id, "the engine publishes the message itself");
        return ReadPublication(element, publish, message, messageRef, id);
    }

    private MessageEventDefinition? ReadPublication(XElement element, XElement publish, XElement? message, string? messageRef, string id)
    {
        if (message is null)
        {
            Error(element, id, messageRef is null
                ? "zeebe:publishMessage needs a message (messageRef) with a name."
                : $"The message '{messageRef}' does not exist in this file.");
            return null;
        }

        var name = ReadName(message, id, "message", evaluateNow: false);
        var timeToLive = OptionalExpression(publish, id, "timeToLive");
        if (timeToLive is { IsExpression: false } ttl && !IsoDuration.TryParse(ttl.Text, out _))
        {
            Error(publish, id, $"The time to live '{ttl.Text}' is not an ISO 8601 duration (e.g. PT1H).");
        }

        return name is null ? null : new MessageEventDefinition(name, null)
        {
            Publication = new MessagePublication(OptionalExpression(publish, id, "correlationKey"), OptionalExpression(publish, id, "messageId"), timeToLive),
        };
    }

    private SignalEventDefinition? ReadSignal(XElement definition, string id, EventRole role)
    {
        var signalRef = (string?)definition.Attribute("signalRef");
        var signal = roots.Find("signal", signalRef);
        if (signal is null)
        {
            Error(definition, id, signalRef is null
                ? "A signal event needs a signal (signalRef)."
                : $"The signal '{signalRef}' does not exist in this file.");
            return null;
        }

        var name = ReadName(signal, id, "signal", role == EventRole.ProcessStart);
        return name is null ? null : new SignalEventDefinition(name);
    }

    /// <summary>The name of a message or signal; for start events an expression is evaluated now (Camunda 8: at deployment).</summary>
    private ExpressionValue? ReadName(XElement element, string id, string what, bool evaluateNow)
    {
        var name = OptionalExpression(element, id, "name");
        if (name is null)
        {
            if (!string.IsNullOrWhiteSpace((string?)element.Attribute("name")))
            {
                return null;
            }

            Error(element, id, $"The {what} '{(string?)element.Attribute("id")}' has no name.");
            return null;
        }

        if (!evaluateNow || !name.IsExpression)
        {
            return name;
        }

        var value = name.Expression!.Evaluate(FeelVariables.Empty);
        if (!value.TryGetString(out var text) || text.Length == 0)
        {
            Error(element, id, $"The {what} name '{name.Text}' of a start event must evaluate to a text when the process is deployed, without process variables; it gave {value}.");
            return null;
        }

        return ExpressionValue.Static(text);
    }

    private (bool Ok, ExpressionValue? Code) ReadCode(XElement definition, string id, bool isThrow, string kind, string refAttribute, string codeAttribute)
    {
        var reference = (string?)definition.Attribute(refAttribute);
        if (reference is null)
        {
            if (isThrow)
            {
                Error(definition, id, $"A throwing {kind} event needs an {kind} with a code ({refAttribute}).");
                return (false, null);
            }

            return (true, null);
        }

        var target = roots.Find(kind, reference);
        if (target is null)
        {
            Error(definition, id, $"The {kind} '{reference}' does not exist in this file.");
            return (false, null);
        }

        var code = OptionalExpression(target, id, codeAttribute);
        if (code is null)
        {
            if (isThrow)
            {
                Error(target, id, $"The {kind} '{reference}' has no {codeAttribute}.");
                return (false, null);
            }

            return (true, null);
        }

        if (!isThrow && code.IsExpression)
        {
            Error(target, id, $"The {codeAttribute} of a catching {kind} event must be a static value, not an expression ('{code.Text}').");
            return (false, null);
        }

        return (true, code);
    }

    private ConditionalEventDefinition? ReadConditional(XElement definition, string id)
    {
        var condition = definition.Element(Namespaces.Bpmn + "condition");
        if (condition is null)
        {
            Error(definition, id, "A conditional event needs a condition (FEEL, e.g. =betrag > 1000).");
            return null;
        }

        var expression = ReadFeelOnly(condition, id, "condition", condition.Value);
        return expression is null ? null : new ConditionalEventDefinition(expression);
    }

    private LinkEventDefinition? ReadLink(XElement definition, string id)
    {
        var name = ((string?)definition.Attribute("name"))?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            Error(definition, id, "A link event needs a name.");
            return null;
        }

        return new LinkEventDefinition(name);
    }
}
