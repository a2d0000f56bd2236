using System.Globalization;
using System.Text.Json.Nodes;
using ProzessEngine.Core;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Testing.Conformance;

/// <summary>
/// The script language of the conformance models, on the in-memory reference engine; shared with the run on the
/// database (ProzessEngine.Persistence.Tests).
/// </summary>
public static class ConformanceScript
{
    public static ProcessInstanceState? ExecuteInMemory(InMemoryEngine engine, string processId, ProcessInstanceState? main, string command)
    {
        var (verb, rest) = Split(command);
        switch (verb)
        {
            case "start":
                return engine.Start(processId, Variables(rest));
            case "start-process":
                var (otherProcess, otherVariables) = Split(rest);
                return engine.Start(otherProcess, Variables(otherVariables));
            case "start-at":
                var (startEvent, startVariables) = Split(rest);
                return engine.StartAt(processId, startEvent, Variables(startVariables));
            case "complete-task":
                var (taskId, taskVariables) = Split(rest);
                engine.CompleteTask(engine.AllOpenTasks().First(t => t.ElementId == taskId).UserTaskKey, Variables(taskVariables));
                return null;
            case "complete-job":
                var (jobId, jobVariables) = Split(rest);
                engine.CompleteJob(engine.AllOpenJobs().First(j => j.ElementId == jobId).JobKey, Variables(jobVariables));
                return null;
            case "complete-job-result":
                var (resultJobId, resultJson) = Split(rest);
                var (result, resultVariables) = JobResultOf(resultJson);
                engine.CompleteJob(engine.AllOpenJobs().First(j => j.ElementId == resultJobId).JobKey, result, resultVariables);
                return null;
            case "assign-task":
                var (assignTaskId, assignee) = Split(rest);
                engine.AssignTask(engine.AllOpenTasks().First(t => t.ElementId == assignTaskId).UserTaskKey, assignee.Length == 0 ? null : assignee);
                return null;
            case "fail-job":
                var (failId, failRest) = Split(rest);
                var (retries, message) = Split(failRest);
                engine.FailJob(engine.AllOpenJobs().First(j => j.ElementId == failId).JobKey, int.Parse(retries, CultureInfo.InvariantCulture), message);
                return null;
            case "throw-error":
                var (errorJob, errorRest) = Split(rest);
                var (code, errorVariables) = Split(errorRest);
                engine.ThrowJobError(engine.AllOpenJobs().First(j => j.ElementId == errorJob).JobKey, code, null, Variables(errorVariables));
                return null;
            case "advance":
                engine.Advance(Duration(rest));
                return null;
            case "publish":
                var (messageName, messageRest) = Split(rest);
                var (key, messageVariables) = Split(messageRest);
                engine.PublishMessage(messageName, key == "-" ? null : key, TimeSpan.FromHours(1), Variables(messageVariables));
                return null;
            case "publish-no-buffer":
                var (unbufferedName, unbufferedRest) = Split(rest);
                var (unbufferedKey, unbufferedVariables) = Split(unbufferedRest);
                engine.PublishMessage(unbufferedName, unbufferedKey == "-" ? null : unbufferedKey, TimeSpan.Zero, Variables(unbufferedVariables));
                return null;
            case "signal":
                var (signalName, signalVariables) = Split(rest);
                engine.BroadcastSignal(signalName, Variables(signalVariables));
                return null;
            case "set-variables":
                engine.SetVariables(main!.Key, null, false, Variables(rest));
                return null;
            case "set-local":
                var (elementId, localVariables) = Split(rest);
                var element = engine.Instance(main!.Key).Elements.First(e => e.ElementId == elementId);
                engine.SetVariables(main.Key, element.Key, true, Variables(localVariables));
                return null;
            case "resolve-incident":
                var failed = engine.Instances.SelectMany(i => i.Elements.Select(e => (Instance: i, Element: e)))
                    .First(x => x.Element.ElementId == rest && x.Element.Incident is not null);
                engine.ResolveIncident(failed.Instance.Key, failed.Element.Incident!.Key);
                return null;
            case "cancel":
                engine.Cancel(main!.Key);
                return null;
            case "conditions":
                var started = engine.EvaluateConditionalStarts(Variables(rest));
                return started.Count > 0 ? started[0] : null;
            case "activate":
                var (adHocId, ids) = Split(rest);
                var adHoc = engine.Instance(main!.Key).Elements.First(e => e.ElementId == adHocId);
                engine.ActivateAdHocElements(main.Key, adHoc.Key, ids.Split(',', StringSplitOptions.TrimEntries));
                return null;
            default:
                throw new InvalidDataException($"Unknown conformance command '{command}'.");
        }
    }

    public static (string Head, string Tail) Split(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return ("", trimmed);
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }

    public static (string Name, object? Value)[] Variables(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var node = JsonNode.Parse(json)!.AsObject();
        return [.. node.Select(p => (p.Key, (object?)p.Value?.DeepClone()))];
    }

    /// <summary>
    /// <c>{"result": {"type": "userTask" | "adHocSubProcess", ...}, "variables": {...}}</c>: a worker's job result in
    /// Camunda 8's shape, and the variables it completes the job with.
    /// </summary>
    public static (JobResult? Result, (string Name, object? Value)[] Variables) JobResultOf(string json)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        var variables = node["variables"] is JsonObject v ? Variables(v.ToJsonString()) : [];
        if (node["result"] is not JsonObject result)
        {
            return (null, variables);
        }

        if ((string?)result["type"] == "adHocSubProcess")
        {
            var activations = result["activateElements"] is JsonArray list
                ? list.Select(a => new AdHocActivation((string)a!["elementId"]!,
                    a["variables"] is JsonObject av ? InMemoryEngine.ToFeel(Variables(av.ToJsonString())) : null)).ToList()
                : [];
            return (new AdHocSubProcessJobResult(activations, (bool?)result["isCompletionConditionFulfilled"] ?? false,
                (bool?)result["isCancelRemainingInstances"] ?? false), variables);
        }

        var corrections = result["corrections"] is JsonObject c ? InMemoryEngine.ToFeel(Variables(c.ToJsonString())) : [];
        return (new UserTaskJobResult((bool?)result["denied"] ?? false, (string?)result["deniedReason"], corrections), variables);
    }

    public static TimeSpan Duration(string iso) =>
        FeelTemporal.TryParseDuration(iso, out var value) && value.TryGetDuration(out var span)
            ? span
            : throw new InvalidDataException($"'{iso}' is no days-time duration.");

    public static string ToJson(VariableMap variables) => FeelJson.ToJsonString(FeelValue.FromContext(variables.Entries));
}
