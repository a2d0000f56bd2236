using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Core.Tests.Conformance;

/// <summary>
/// Runs every model under Conformance/Models in memory: its script drives the instance (start, complete tasks and jobs,
/// publish messages, broadcast signals, advance the clock...), then the journal of element activations (+),
/// completions (-) and terminations (x), the final variables of the first instance, its status, open incidents,
/// tasks and jobs are compared with what the model's comment expects.
/// </summary>
public sealed class ConformanceTests
{
    public static TheoryData<string> Cases() => [.. ConformanceCase.Names()];

    public static TheoryData<string, bool> CasesWithStorage()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in ConformanceCase.Names())
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Fact]
    public void The_suite_has_at_least_eighty_models()
    {
        Assert.True(ConformanceCase.Names().Count() >= 80, $"only {ConformanceCase.Names().Count()} conformance models");
    }

    /// <summary>Runs each model twice: with the state kept as objects, and written and read back after every command.</summary>
    [Theory]
    [MemberData(nameof(CasesWithStorage))]
    public void Model_behaves_as_expected(string name, bool storeState)
    {
        var test = ConformanceCase.Load(name);
        var engine = new InMemoryEngine(ConformanceHandlers.All, roundTripState: storeState);
        var processes = engine.DeployAll(test.Xml);
        ProcessInstanceState? main = null;
        foreach (var line in test.Lines)
        {
            if (line.StartsWith("expect ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                main ??= engine.Instances.OrderBy(i => i.Key).FirstOrDefault();
                Check(engine, main, line[7..colon].Trim(), line[(colon + 1)..].Trim(), name);
                continue;
            }

            var state = Execute(engine, processes[0].ProcessId, main, line);
            main ??= state;
        }
    }

    private static void Check(InMemoryEngine engine, ProcessInstanceState? main, string what, string expected, string name)
    {
        if (main is not null)
        {
            main = engine.Instance(main.Key);
        }

        switch (what)
        {
            case "journal":
                var actualJournal = string.Join(' ', engine.Journal);
                Assert.True(string.Join(' ', expected.Split(' ', StringSplitOptions.RemoveEmptyEntries)) == actualJournal,
                    $"journal differs.\nexpected: {expected}\nactual:   {actualJournal}");
                break;
            case "variables":
                AssertJsonEqual(expected, ToJson(main!.Variables));
                break;
            case "status":
                Assert.Equal(expected, main!.Status.ToString().ToLowerInvariant());
                break;
            case "incidents":
                Assert.Equal(Words(expected), engine.Instances.SelectMany(i => i.Elements).Where(e => e.Incident is not null)
                    .Select(e => e.ElementId).Order(StringComparer.Ordinal));
                break;
            case "tasks":
                Assert.Equal(Words(expected), engine.AllOpenTasks().Select(t => t.ElementId).Order(StringComparer.Ordinal));
                break;
            case "jobs":
                Assert.Equal(Words(expected), engine.AllOpenJobs().Select(j => j.ElementId).Order(StringComparer.Ordinal));
                break;
            case "instances":
                Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), engine.Instances.OrderBy(i => i.Key)
                    .Select(i => $"{i.ProcessId}:{i.Status.ToString().ToLowerInvariant()}"));
                break;
            case "timers":
                Assert.Equal(int.Parse(expected, CultureInfo.InvariantCulture), engine.PendingTimers.Count);
                break;
            case "buffered":
                Assert.Equal(int.Parse(expected, CultureInfo.InvariantCulture), engine.BufferedMessageCount);
                break;
            default:
                throw new InvalidDataException($"{name}: unknown expectation '{what}'.");
        }
    }

    private static ProcessInstanceState? Execute(InMemoryEngine engine, string processId, ProcessInstanceState? main, string command)
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

    private static (string Head, string Tail) Split(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{'))
        {
            return ("", trimmed);
        }

        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (trimmed, "") : (trimmed[..space], trimmed[(space + 1)..].Trim());
    }

    private static (string Name, object? Value)[] Variables(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        var node = JsonNode.Parse(json)!.AsObject();
        return [.. node.Select(p => (p.Key, (object?)p.Value?.DeepClone()))];
    }

    private static TimeSpan Duration(string iso) =>
        FeelTemporal.TryParseDuration(iso, out var value) && value.TryGetDuration(out var span)
            ? span
            : throw new InvalidDataException($"'{iso}' is no days-time duration.");

    private static string[] Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];

    private static string ToJson(VariableMap variables) => FeelJson.ToJsonString(FeelValue.FromContext(variables.Entries));

    private static void AssertJsonEqual(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode),
            $"variables differ.\nexpected: {expectedNode?.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}\nactual:   {actual}");
    }
}
