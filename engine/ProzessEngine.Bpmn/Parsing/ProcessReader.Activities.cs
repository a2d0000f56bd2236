using System.Collections.Immutable;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

internal sealed partial class ProcessReader
{
    private ServiceTask? ReadServiceTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "linkedResources"]);
        var job = ReadJob(element, id, required: true);
        return job is null ? null : new ServiceTask { Id = id, ScopeId = "", Job = job };
    }

    private SendTask? ReadSendTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "publishMessage", "linkedResources"]);
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

        RejectJobOnlyExtensions(element, id, "the engine publishes the message itself");
        var messageRef = (string?)element.Attribute("messageRef");
        var message = ReadPublication(element, publish, roots.Find("message", messageRef), messageRef, id);
        return message is null ? null : new SendTask { Id = id, ScopeId = "", Message = message };
    }

    private ScriptTask? ReadScriptTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "script", "linkedResources"]);
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

        if (Zeebe(element, "taskDefinition") is not null)
        {
            Error(element, id, "zeebe:script and zeebe:taskDefinition exclude each other: the script runs either in the engine or in a job worker.");
            return null;
        }

        RejectJobOnlyExtensions(element, id, "the engine evaluates the script itself");
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
        RejectUnknownZeebeExtensions(element, id, ["taskDefinition", "taskHeaders", "ioMapping", "calledDecision", "linkedResources"]);
        var decision = Zeebe(element, "calledDecision");
        if (decision is null)
        {
            if (Zeebe(element, "taskDefinition") is null)
            {
                Error(element, id, "A business rule task needs zeebe:calledDecision (the engine evaluates a DMN decision) or zeebe:taskDefinition (a job worker decides).");
                return null;
            }

            var job = ReadJob(element, id, required: true);
            return job is null ? null : new BusinessRuleTask { Id = id, ScopeId = "", Job = job };
        }

        if (Zeebe(element, "taskDefinition") is not null)
        {
            Error(element, id, "zeebe:calledDecision and zeebe:taskDefinition exclude each other: the decision is made either by the engine or by a job worker.");
            return null;
        }

        RejectJobOnlyExtensions(element, id, "the engine evaluates the decision itself");
        foreach (var attribute in decision.Attributes().Where(a => !a.IsNamespaceDeclaration && a.Name.Namespace == XNamespace.None
                     && a.Name.LocalName is not ("decisionId" or "resultVariable" or "bindingType" or "versionTag")))
        {
            Error(decision, id, $"zeebe:calledDecision has the attribute '{attribute.Name.LocalName}', which the engine does not know; "
                + "it reads decisionId, resultVariable, bindingType and versionTag.");
        }

        var decisionId = RequiredAttribute(decision, id, "decisionId", "zeebe:calledDecision");
        var resultVariable = ((string?)decision.Attribute("resultVariable"))?.Trim();
        if (string.IsNullOrEmpty(resultVariable) || !IsVariableName(resultVariable))
        {
            Error(decision, id, resultVariable is null or ""
                ? "zeebe:calledDecision needs a resultVariable for the decision's result."
                : $"The result variable '{resultVariable}' is not a variable name.");
            return null;
        }

        var (binding, versionTag) = ReadBinding(decision, id);
        return decisionId is null ? null : new BusinessRuleTask
        {
            Id = id,
            ScopeId = "",
            Decision = new CalledDecision(decisionId, resultVariable, binding, versionTag),
        };
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

        // Like Camunda 8, retries that are not a whole number fail when the job is created (an incident), not here.
        var retries = OptionalExpression(definition, id, "retries") ?? ExpressionValue.Static("3");
        var headers = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        headers.AddRange(ReadHeaders(element, id));

        if (ReadLinkedResources(element, id) is { } linked)
        {
            headers.Add(new(LinkedResourcesHeader, linked));
        }

        if (type is { IsExpression: false } staticType && IsConnectorType(staticType.Text) && staticType.Text.Trim() is not (HttpJsonConnector.JobType or EmailConnector.JobType))
        {
            Warn(definition, id, $"The job type '{staticType.Text}' belongs to a Camunda connector. Of Camunda's outbound connectors this engine runs "
                + $"only the REST connector ({HttpJsonConnector.JobType}) and the e-mail connector ({EmailConnector.JobType}): the job waits until a job worker of your own activates this type.");
        }

        if (type is { IsExpression: false } documentType && documentType.Text.Trim() == DocumentTask.JobType)
        {
            CheckDocumentTask(element, id, headers);
        }

        return type is null ? null : new JobWorker(new TaskDefinition(type, retries), headers.ToImmutable());
    }

    /// <summary>zeebe:taskHeaders: empty entries are dropped (as Camunda 8 drops them), a key given twice is an error.</summary>
    private ImmutableArray<KeyValuePair<string, string>> ReadHeaders(XElement element, string id)
    {
        var headers = ImmutableArray.CreateBuilder<KeyValuePair<string, string>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var header in Zeebe(element, "taskHeaders")?.Elements(Namespaces.Zeebe + "header") ?? [])
        {
            var key = ((string?)header.Attribute("key"))?.Trim();
            if (string.IsNullOrEmpty(key))
            {
                // The modeller's "add header" button leaves an empty entry; Camunda 8 drops it, and so do we.
                if (((string?)header.Attribute("value"))?.Trim() is { Length: > 0 } value)
                {
                    Warn(header, id, $"A zeebe:header has the value '{value}' but no key; the worker does not receive it.");
                }

                continue;
            }

            if (!keys.Add(key))
            {
                Error(header, id, $"The header '{key}' is given twice; a worker would see only one of the values.");
                continue;
            }

            if (key == LinkedResourcesHeader && Zeebe(element, "linkedResources") is not null)
            {
                Error(header, id, $"The header '{key}' is where the job receives its zeebe:linkedResources; give the header another key.");
                continue;
            }

            headers.Add(new(key, (string?)header.Attribute("value") ?? ""));
        }

        return headers.ToImmutable();
    }

    /// <summary>Headers and linked resources reach a job worker; an element the engine runs itself has no one to read them.</summary>
    private void RejectJobOnlyExtensions(XElement element, string id, string why)
    {
        foreach (var name in new[] { "taskHeaders", "linkedResources" })
        {
            if (Zeebe(element, name) is { } extension)
            {
                Error(extension, id, $"zeebe:{name} only reach a job worker, but this {element.Name.LocalName} has no job: {why}.");
            }
        }
    }

    /// <summary>Camunda 8 hands a job its linked resources as one custom header holding a JSON list.</summary>
    private const string LinkedResourcesHeader = "linkedResources";

    private static bool IsConnectorType(string type) =>
        type.StartsWith("io.camunda:", StringComparison.Ordinal) || type.StartsWith("io.camunda.", StringComparison.Ordinal);

    /// <summary>zeebe:linkedResources as the JSON list Camunda 8 puts into the job's <c>linkedResources</c> header; null when there are none.</summary>
    private string? ReadLinkedResources(XElement element, string id)
    {
        var container = Zeebe(element, "linkedResources");
        if (container is null)
        {
            return null;
        }

        var list = new System.Text.Json.Nodes.JsonArray();
        foreach (var resource in container.Elements(Namespaces.Zeebe + "linkedResource"))
        {
            var resourceId = ((string?)resource.Attribute("resourceId"))?.Trim();
            var resourceType = ((string?)resource.Attribute("resourceType"))?.Trim();
            var linkName = ((string?)resource.Attribute("linkName"))?.Trim();
            if (string.IsNullOrEmpty(resourceId) || string.IsNullOrEmpty(resourceType))
            {
                Error(resource, id, "A zeebe:linkedResource needs a resourceId and a resourceType.");
                continue;
            }

            var (binding, versionTag) = ReadBinding(resource, id);
            var entry = new System.Text.Json.Nodes.JsonObject
            {
                ["resourceId"] = resourceId,
                ["resourceType"] = resourceType,
                ["linkName"] = linkName ?? "",
                ["bindingType"] = binding switch
                {
                    BindingType.Deployment => "deployment",
                    BindingType.VersionTag => "versionTag",
                    _ => "latest",
                },
            };
            if (versionTag is not null)
            {
                entry["versionTag"] = versionTag;
            }

            list.Add(entry);
        }

        return list.Count == 0 ? null : list.ToJsonString();
    }

    /// <summary>bindingType and versionTag as Camunda 8 writes them on called elements, forms and linked resources.</summary>
    private (BindingType Binding, string? VersionTag) ReadBinding(XElement element, string id)
    {
        var bindingText = ((string?)element.Attribute("bindingType"))?.Trim();
        BindingType? binding = bindingText switch
        {
            null or "" or "latest" => BindingType.Latest,
            "deployment" => BindingType.Deployment,
            "versionTag" => BindingType.VersionTag,
            _ => null,
        };
        if (binding is null)
        {
            Error(element, id, $"The binding type '{bindingText}' is unknown; use latest, deployment or versionTag.");
            return (BindingType.Latest, null);
        }

        var versionTag = ((string?)element.Attribute("versionTag"))?.Trim();
        if (binding == BindingType.VersionTag && string.IsNullOrEmpty(versionTag))
        {
            Error(element, id, "The binding type versionTag needs a versionTag.");
        }
        else if (binding != BindingType.VersionTag && !string.IsNullOrEmpty(versionTag))
        {
            Warn(element, id, $"The versionTag '{versionTag}' is ignored (as in Camunda 8): it applies only with bindingType=\"versionTag\".");
            versionTag = null;
        }

        return (binding.Value, string.IsNullOrEmpty(versionTag) ? null : versionTag);
    }

    private UserTask? ReadUserTask(XElement element, string id)
    {
        RejectUnknownZeebeExtensions(element, id,
            ["assignmentDefinition", "formDefinition", "taskSchedule", "priorityDefinition", "ioMapping", "userTask", "taskDefinition", "taskHeaders",
                "taskListeners"]);

        // Camunda 8 ignores a job type on a user task (a job-based user task always has the type io.camunda.zeebe:userTask).
        if (Zeebe(element, "taskDefinition") is { } ignored)
        {
            Warn(ignored, id, "zeebe:taskDefinition on a user task is ignored (as in Camunda 8): the task waits for a person, not for a job worker.");
        }

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
        // A user task's headers reach its task listener jobs and the applications that show the task (customHeaders
        // of the user task API), as in Camunda 8.8: a task list app may steer its screen by them.
        var taskListeners = ReadTaskListeners(element, id);
        var taskHeaders = ReadHeaders(element, id);

        return new UserTask
        {
            Id = id,
            ScopeId = "",
            Assignment = assignment,
            Form = form,
            DueDate = schedule is null ? null : OptionalExpression(schedule, id, "dueDate"),
            FollowUpDate = schedule is null ? null : OptionalExpression(schedule, id, "followUpDate"),
            Priority = priority is null ? null : OptionalExpression(priority, id, "priority"),
            TaskListeners = taskListeners,
            TaskHeaders = taskHeaders,
        };
    }

    /// <summary>
    /// zeebe:formDefinition: exactly one of formId (a deployed form-js form, resolved when the task is created), formKey
    /// (an embedded form, <c>camunda-forms:bpmn:&lt;id&gt;</c>, or any other key an application understands) and
    /// externalReference (a link to a form elsewhere).
    /// </summary>
    private FormReference? ReadFormReference(XElement formElement, string id)
    {
        var formId = ((string?)formElement.Attribute("formId"))?.Trim();
        var formKey = ((string?)formElement.Attribute("formKey"))?.Trim();
        var external = ((string?)formElement.Attribute("externalReference"))?.Trim();
        var given = new[] { ("formId", formId), ("formKey", formKey), ("externalReference", external) }
            .Where(a => !string.IsNullOrEmpty(a.Item2)).Select(a => a.Item1).ToList();
        if (given.Count != 1)
        {
            Error(formElement, id, given.Count == 0
                ? "zeebe:formDefinition needs one of formId (a deployed form), formKey (an embedded or custom form) or externalReference (a link)."
                : $"zeebe:formDefinition has {string.Join(" and ", given)}; give exactly one of them.");
            return null;
        }

        var (binding, versionTag) = ReadBinding(formElement, id);
        var hasBinding = formElement.Attribute("bindingType") is not null || formElement.Attribute("versionTag") is not null;
        if (!string.IsNullOrEmpty(formId))
        {
            return FormReference.Linked(formId, binding, versionTag);
        }

        if (hasBinding)
        {
            Error(formElement, id, $"bindingType and versionTag apply to a linked form (formId), not to {given[0]}.");
            return null;
        }

        if (!string.IsNullOrEmpty(external))
        {
            if (external.StartsWith('='))
            {
                Error(formElement, id, "An external form reference given as an expression is not supported yet; write the link as text.");
                return null;
            }

            return FormReference.External(external);
        }

        const string prefix = "camunda-forms:bpmn:";
        var key = formKey!.StartsWith(prefix, StringComparison.Ordinal) ? formKey[prefix.Length..] : formKey;
        if (_embeddedForms.TryGetValue(key, out var schema))
        {
            return FormReference.Embedded(key, schema);
        }

        if (formKey.StartsWith(prefix, StringComparison.Ordinal))
        {
            Error(formElement, id, $"The form key '{formKey}' names the embedded form '{key}', but the process has no zeebe:userTaskForm with that id.");
            return null;
        }

        // Any other key belongs to the application that shows the task (Camunda 8: a custom form key); the task carries it.
        return FormReference.Custom(formKey);
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
        var (binding, versionTag) = ReadBinding(called, id);
        return processId is null ? null : new CallActivity
        {
            Id = id,
            ScopeId = "",
            CalledElement = new CalledElement(
                processId,
                binding switch
                {
                    BindingType.Deployment => CallBinding.Deployment,
                    BindingType.VersionTag => CallBinding.VersionTag,
                    _ => CallBinding.Latest,
                },
                versionTag,
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
            var target = ((string?)entry.Attribute("target"))?.Trim();
            // The target names the mapping for the modeller (the REST connector's 'url', 'body', ...); the source may repeat.
            var source = OptionalExpression(entry, id, "source", string.IsNullOrEmpty(target) ? null : $"the {kind} mapping to '{target}'");
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
