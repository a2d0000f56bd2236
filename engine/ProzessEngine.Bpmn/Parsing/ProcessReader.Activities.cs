using System.Collections.Immutable;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

internal sealed partial class ProcessReader
{
    private ServiceTask? ReadServiceTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping"]);
        var job = ReadJob(element, id, required: true);
        return job is null ? null : new ServiceTask { Id = id, ScopeId = "", Job = job };
    }

    private SendTask? ReadSendTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "publishMessage"]);
        var publish = Zeebe(element, "publishMessage");
        var hasJob = Zeebe(element, "taskDefinition") is not null;
        if (publish is null)
        {
            if (!hasJob)
            {
                Error(element, id, "A send task needs zeebe:taskDefinition (a job worker sends the message) or zeebe:publishMessage with a message (the engine publishes it).");
                return null;
            }

            var job = ReadJob(element, id, required: true);
            return job is null ? null : new SendTask { Id = id, ScopeId = "", Job = job };
        }

        if (hasJob)
        {
            Error(element, id, "zeebe:taskDefinition and zeebe:publishMessage exclude each other: the message is sent either by a job worker or by the engine.");
            return null;
        }

        var messageRef = (string?)element.Attribute("messageRef");
        var message = ReadPublication(element, publish, roots.Find("message", messageRef), messageRef, id);
        return message is null ? null : new SendTask { Id = id, ScopeId = "", Message = message };
    }

    private ScriptTask? ReadScriptTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "script"]);
        var script = Zeebe(element, "script");
        if (script is null)
        {
            if (Zeebe(element, "taskDefinition") is null)
            {
                Error(element, id, "A script task needs zeebe:script with a FEEL expression and a result variable, or zeebe:taskDefinition for a job worker.");
                return null;
            }

            var job = ReadJob(element, id, required: true);
            return job is null ? null : new ScriptTask { Id = id, ScopeId = "", Job = job };
        }

        var expressionText = (string?)script.Attribute("expression") ?? "";
        var expression = ReadFeelOnly(script, id, "script expression", expressionText);
        var resultVariable = ((string?)script.Attribute("resultVariable"))?.Trim();
        if (string.IsNullOrEmpty(resultVariable) || !IsVariableName(resultVariable))
        {
            Error(script, id, resultVariable is null or ""
                ? "zeebe:script needs a resultVariable for the result of the expression."
                : $"The result variable '{resultVariable}' is not a variable name.");
            return null;
        }

        return expression is null ? null : new ScriptTask { Id = id, ScopeId = "", Script = new ScriptDefinition(expression, resultVariable) };
    }

    private BusinessRuleTask? ReadBusinessRuleTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "calledDecision"]);
        if (Zeebe(element, "calledDecision") is { } decision)
        {
            Error(decision, id, "DMN decisions (zeebe:calledDecision) are not supported yet: the engine has no DMN runtime. "
                + "Give the task a job type (zeebe:taskDefinition) so a job worker decides, as Camunda 8 allows.");
            return null;
        }

        if (Zeebe(element, "taskDefinition") is null)
        {
            Error(element, id, "A business rule task needs zeebe:taskDefinition (a job worker decides); DMN decisions are not supported yet.");
            return null;
        }

        var job = ReadJob(element, id, required: true);
        return job is null ? null : new BusinessRuleTask { Id = id, ScopeId = "", Job = job };
    }

    private ReceiveTask? ReadReceiveTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        var messageRef = (string?)element.Attribute("messageRef");
        var message = roots.Find("message", messageRef);
        if (message is null)
        {
            Error(element, id, messageRef is null
                ? "A receive task needs a message (messageRef) with a name and a correlation key."
                : $"The message '{messageRef}' does not exist in this file.");
            return null;
        }

        var definition = ReadMessage(message, id, EventRole.IntermediateCatch, element);
        return definition is null ? null : new ReceiveTask { Id = id, ScopeId = "", Message = definition };
    }

    private JobWorker? ReadJob(XElement element, string id, bool required)
    {
        var definition = Zeebe(element, "taskDefinition");
        if (definition is null)
        {
            if (required)
            {
                Error(element, id, $"A {element.Name.LocalName} needs zeebe:taskDefinition with a job type.");
            }

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

        return type is null ? null : new JobWorker(new TaskDefinition(type, retries), headers);
    }

    private UserTask? ReadUserTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id,
            ["assignmentDefinition", "formDefinition", "taskSchedule", "priorityDefinition", "ioMapping", "taskHeaders", "userTask", "taskListeners"]);

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
            TaskListeners = ReadTaskListeners(element, id),
            TaskHeaders = ReadTaskHeaders(element),
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

    private CallActivity? ReadCallActivity(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["calledElement", "ioMapping"]);
        var called = Zeebe(element, "calledElement");
        if (called is null)
        {
            Error(element, id, "A call activity needs zeebe:calledElement with the id of the process to call (processId).");
            return null;
        }

        var processId = RequiredAttribute(called, id, "processId", "zeebe:calledElement");
        var bindingText = ((string?)called.Attribute("bindingType"))?.Trim();
        CallBinding? binding = bindingText switch
        {
            null or "" or "latest" => CallBinding.Latest,
            "deployment" => CallBinding.Deployment,
            "versionTag" => CallBinding.VersionTag,
            _ => null,
        };
        if (binding is null)
        {
            Error(called, id, $"The binding type '{bindingText}' is unknown; use latest, deployment or versionTag.");
            return null;
        }

        var versionTag = ((string?)called.Attribute("versionTag"))?.Trim();
        if (binding == CallBinding.VersionTag && string.IsNullOrEmpty(versionTag))
        {
            Error(called, id, "The binding type versionTag needs a versionTag.");
            return null;
        }

        return processId is null ? null : new CallActivity
        {
            Id = id,
            ScopeId = "",
            CalledElement = new CalledElement(
                processId,
                binding.Value,
                string.IsNullOrEmpty(versionTag) ? null : versionTag,
                (string?)called.Attribute("propagateAllChildVariables") != "false",
                (string?)called.Attribute("propagateAllParentVariables") != "false"),
        };
    }

    private FlowNode? ReadSubProcess(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping"]);
        var triggeredByEvent = (string?)element.Attribute("triggeredByEvent") == "true";
        var kind = triggeredByEvent ? ScopeKind.EventSubProcess : ScopeKind.SubProcess;
        _scopes[id] = kind;
        ReadContainer(element, id, kind);

        var starts = _nodes.Values.OfType<StartEvent>().Where(s => s.ScopeId == id).ToList();
        if (triggeredByEvent)
        {
            if (starts.Count != 1)
            {
                Error(element, id, $"An event sub-process needs exactly one start event; it has {starts.Count}.");
                return null;
            }

            return new EventSubProcess { Id = id, ScopeId = "", StartEventId = starts[0].Id };
        }

        if (starts.Count != 1 || starts[0].EventDefinition is not null)
        {
            Error(element, id, $"An embedded sub-process needs exactly one none start event; it has {starts.Count} start events.");
            return null;
        }

        return new SubProcess { Id = id, ScopeId = "", StartEventId = starts[0].Id };
    }

    private AdHocSubProcess? ReadAdHocSubProcess(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["ioMapping", "adHoc", "taskDefinition", "taskHeaders"]);
        var job = ReadAdHocJobWorker(element, id);
        var (outputCollection, outputElement) = ReadAdHocOutput(element, id);
        _scopes[id] = ScopeKind.AdHocSubProcess;
        ReadContainer(element, id, ScopeKind.AdHocSubProcess);
        var adHoc = Zeebe(element, "adHoc");
        var condition = element.Element(Namespaces.Bpmn + "completionCondition");
        return new AdHocSubProcess
        {
            Id = id,
            ScopeId = "",
            ActiveElementsCollection = adHoc is null ? null : OptionalExpression(adHoc, id, "activeElementsCollection"),
            CompletionCondition = condition is null ? null : ReadFeelOnly(condition, id, "completion condition", condition.Value),
            CancelRemainingInstances = (string?)element.Attribute("cancelRemainingInstances") != "false",
            Job = job,
            ToolParameters = job is null ? ImmutableDictionary<string, FeelValue>.Empty : ReadToolParameters(element),
            OutputCollection = outputCollection,
            OutputElement = outputElement,
        };
    }

    private MultiInstanceLoop? ReadLoop(XElement element, string id)
    {
        if (element.Element(Namespaces.Bpmn + "standardLoopCharacteristics") is { } standard)
        {
            Error(standard, id, "Loops (standardLoopCharacteristics) are not supported; use a multi-instance marker with zeebe:loopCharacteristics.");
            return null;
        }

        var multi = element.Element(Namespaces.Bpmn + "multiInstanceLoopCharacteristics");
        if (multi is null)
        {
            return null;
        }

        if (multi.Element(Namespaces.Bpmn + "loopCardinality") is { } cardinality)
        {
            Error(cardinality, id, "loopCardinality is not supported; iterate over an inputCollection instead, e.g. =for i in 1..n return i.");
            return null;
        }

        var loop = multi.Element(Namespaces.Bpmn + "extensionElements")?.Element(Namespaces.Zeebe + "loopCharacteristics");
        if (loop is null)
        {
            Error(multi, id, "A multi-instance activity needs zeebe:loopCharacteristics with an inputCollection.");
            return null;
        }

        var inputCollection = RequiredAttribute(loop, id, "inputCollection", "zeebe:loopCharacteristics");
        var inputElement = NameAttribute(loop, id, "inputElement");
        var outputCollection = NameAttribute(loop, id, "outputCollection");
        var outputElement = OptionalExpression(loop, id, "outputElement");
        if ((outputCollection is null) != (outputElement is null))
        {
            Error(loop, id, "outputCollection and outputElement must be given together.");
        }

        var completion = multi.Element(Namespaces.Bpmn + "completionCondition");
        var completionCondition = completion is null ? null : ReadFeelOnly(completion, id, "completion condition", completion.Value);
        return inputCollection is null ? null : new MultiInstanceLoop(
            (string?)multi.Attribute("isSequential") == "true",
            inputCollection,
            inputElement,
            outputCollection,
            outputElement,
            completionCondition);
    }

    private string? NameAttribute(XElement element, string id, string attribute)
    {
        var name = ((string?)element.Attribute(attribute))?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (!IsVariableName(name))
        {
            Error(element, id, $"The {attribute} '{name}' is not a variable name.");
            return null;
        }

        return name;
    }

    private void RejectLoops(XElement element, string id)
    {
        foreach (var loop in element.Elements().Where(e => e.Name.Namespace == Namespaces.Bpmn
                     && e.Name.LocalName is "multiInstanceLoopCharacteristics" or "standardLoopCharacteristics"))
        {
            Error(loop, id, $"Only activities can be multi-instance or loops, not a {element.Name.LocalName}.");
        }

        if ((string?)element.Attribute("isForCompensation") == "true")
        {
            Error(element, id, $"Only activities can be compensation handlers, not a {element.Name.LocalName}.");
        }
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

            result.Add(new Mapping(source, target));
        }

        return result.ToImmutable();
    }
}
