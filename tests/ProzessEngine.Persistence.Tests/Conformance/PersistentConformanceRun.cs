using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Conformance;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Conformance;

/// <summary>
/// Runs one conformance script on the in-memory reference engine and on the persistent command path side by side
/// (each command on the persistent path on a freshly started node, so that nothing rides on a node's memory).
/// Each <c>expect</c> line is checked against both (with the semantics of the in-memory conformance test); there and at
/// the end every key-independent fact of the two engines is compared too: instances with their status, variables and
/// live elements, the journal (element events, and every event by kind and element), open tasks, jobs and incidents, pending timers and buffered messages.
/// </summary>
internal sealed class PersistentConformanceRun
{
    // The scripts' instant plus ticks finer than a microsecond, which PostgreSQL drops: what is stored and hashed must
    // not depend on them (journals once failed verification on PostgreSQL because of them).
    private static readonly DateTimeOffset Start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private readonly ConformanceCase _case;
    private readonly InMemoryEngine _memory;
    private readonly PersistentEngine _db;
    private string _processId = "";
    private ProcessInstanceState? _memoryMain;
    private long? _dbMain;
    private bool _comparedSinceCommand;

    public PersistentConformanceRun(ConformanceCase test, EngineDatabase database)
    {
        _case = test;
        _memory = new InMemoryEngine(ConformanceHandlers.All, new FakeTimeProvider(Start));
        _db = new PersistentEngine(database, new FakeTimeProvider(Start), ConformanceHandlers.All);
    }

    /// <summary>Journals whose global order differed from the script although every instance's own order matched.</summary>
    public bool JournalInterleavingDiffered { get; private set; }

    public async Task RunAsync()
    {
        if (_case.Decisions is { } decisions)
        {
            _memory.DeployDecisions(decisions);
            await _db.DeployAsync(_case.Name + ".dmn", decisions);
        }

        var processes = _memory.DeployAll(_case.Xml);
        _processId = processes[0].ProcessId;
        var deployment = await _db.DeployAsync(_case.Name + ".bpmn", _case.Xml);
        Assert.Equal(processes.Select(p => p.ProcessId).Order(StringComparer.Ordinal),
            deployment.Processes.Select(p => p.ProcessId).Order(StringComparer.Ordinal));

        foreach (var line in _case.Lines)
        {
            if (line.StartsWith("expect ", StringComparison.Ordinal))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                _memoryMain ??= _memory.Instances.OrderBy(i => i.Key).FirstOrDefault();
                if (_dbMain is null && await _db.InstancesAsync() is [var first, ..])
                {
                    _dbMain = first.Key;
                }

                await CheckAsync(line[7..colon].Trim(), line[(colon + 1)..].Trim(), line);
                if (!_comparedSinceCommand)
                {
                    // Where the script looks, everything else observable must agree too.
                    await CompareEnginesAsync($"{_case.Name}, at [{line}], persistent versus in-memory: ");
                    _comparedSinceCommand = true;
                }

                continue;
            }

            _comparedSinceCommand = false;

            var memoryState = ExecuteInMemory(line);
            _memoryMain ??= memoryState;
            _db.Restart();
            var dbKey = await ExecutePersistentAsync(line);
            _dbMain ??= dbKey;
            Assert.True(await _db.OutboxRowsAsync() == 0, $"'{line}' left outbox rows behind that no request carried out.");
        }

        await CompareEnginesAsync($"{_case.Name}, after the script, persistent versus in-memory: ");
        await VerifyJournalsAsync();
    }

    /// <summary>Every instance's journal verifies as written, on either database.</summary>
    private async Task VerifyJournalsAsync()
    {
        foreach (var instance in await _db.InstancesAsync())
        {
            var verification = await _db.Queries.VerifyJournalAsync(instance.Key);
            Assert.True(verification is { Valid: true },
                $"{_case.Name}: the journal of instance {instance.Key} ({instance.ProcessId}) does not verify: {verification?.Problem}");
        }
    }

    // ---------------------------------------------------------------- expectations

    private async Task CheckAsync(string what, string expected, string line)
    {
        var memoryMain = _memoryMain is null ? null : _memory.Instance(_memoryMain.Key);
        var dbMain = _dbMain is { } key ? await _db.InstanceAsync(key) : null;
        var context = $"[{line}] on the persistent path: ";
        switch (what)
        {
            case "journal":
                var words = expected.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                Assert.True(words.SequenceEqual(_memory.Journal), $"The in-memory engine itself differs from [{line}]: {string.Join(' ', _memory.Journal)}");
                AssertJournal(words, await _db.JournalAsync(), context + "journal");
                break;
            case "variables":
                AssertJsonEqual(expected, ConformanceScript.ToJson(dbMain!.Variables), context);
                break;
            case "status":
                Assert.True(expected == Status(dbMain!), $"{context}status is {Status(dbMain!)}");
                break;
            case "incidents":
                AssertWords(Words(expected), (await _db.ActiveIncidentsAsync()).Select(i => i.ElementId), context + "incidents");
                break;
            case "tasks":
                AssertWords(Words(expected), (await _db.OpenTasksAsync()).Select(t => t.ElementId), context + "open tasks");
                break;
            case "jobs":
                AssertWords(Words(expected), (await _db.OpenJobsAsync()).Select(j => j.ElementId), context + "open jobs");
                break;
            case "instances":
                var instances = (await _db.InstancesAsync()).Select(i => $"{i.ProcessId}:{Status(i.State)}").ToList();
                Assert.True(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(instances),
                    $"{context}instances are {string.Join(' ', instances)}");
                break;
            case "timers":
                var timers = await _db.PendingInstanceTimersAsync();
                Assert.True(int.Parse(expected, CultureInfo.InvariantCulture) == timers, $"{context}{timers} pending timers");
                break;
            case "buffered":
                var buffered = await _db.BufferedMessagesAsync();
                Assert.True(int.Parse(expected, CultureInfo.InvariantCulture) == buffered, $"{context}{buffered} buffered messages");
                break;
            default:
                throw new InvalidDataException($"{_case.Name}: unknown expectation '{what}'.");
        }
    }

    /// <summary>
    /// The persistent journal must show the expected events. Their global order may interleave instances differently
    /// (another instance's work runs after commit, from the outbox); then each instance's own events must still appear
    /// in the expected order, and all of them exactly as often.
    /// </summary>
    private void AssertJournal(IReadOnlyList<string> expected, IReadOnlyList<(long InstanceKey, string Event)> journal, string context)
    {
        var actual = journal.Select(e => e.Event).ToList();
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var message = $"{context} differs.\nexpected: {string.Join(' ', expected)}\nactual:   {string.Join(' ', actual)}";
        Assert.True(expected.Order(StringComparer.Ordinal).SequenceEqual(actual.Order(StringComparer.Ordinal)), message);
        foreach (var instance in journal.GroupBy(e => e.InstanceKey))
        {
            Assert.True(IsSubsequence(instance.Select(e => e.Event).ToList(), expected),
                $"{message}\ninstance {instance.Key}'s own order does not occur in the expected journal: {string.Join(' ', instance.Select(e => e.Event))}");
        }

        JournalInterleavingDiffered = true;
    }

    /// <summary>Everything observable that does not depend on keys, in-memory versus persistent.</summary>
    private async Task CompareEnginesAsync(string context)
    {
        var dbInstances = await _db.InstancesAsync();
        var memoryInstances = _memory.Instances.OrderBy(i => i.Key).ToList();
        AssertSequence(memoryInstances.Select(i => $"{i.ProcessId}:{Status(i)}"), dbInstances.Select(i => $"{i.ProcessId}:{Status(i.State)}"),
            context + "instances");
        for (var i = 0; i < memoryInstances.Count; i++)
        {
            AssertJsonEqual(ConformanceScript.ToJson(memoryInstances[i].Variables), ConformanceScript.ToJson(dbInstances[i].State.Variables), $"{context}instance #{i + 1}: ");
            AssertWords(memoryInstances[i].Elements.Where(e => e.Incident is not null).Select(e => e.ElementId),
                dbInstances[i].State.Elements.Where(e => e.Incident is not null).Select(e => e.ElementId), $"{context}incidents in instance #{i + 1}");
            AssertWords(memoryInstances[i].Elements.Select(e => e.ElementId), dbInstances[i].State.Elements.Select(e => e.ElementId),
                $"{context}element instances of instance #{i + 1}");
        }

        AssertJournal([.. _memory.Journal], await _db.JournalAsync(), context + "element journal");
        AssertJournal([.. _memory.Events.Select(Describe)], await _db.JournalAsync(allKinds: true), context + "journal of all events (kind and element)");
        AssertWords(_memory.AllOpenTasks().Select(t => t.ElementId), (await _db.OpenTasksAsync()).Select(t => t.ElementId), context + "open tasks");
        AssertWords(_memory.AllOpenJobs().Select(j => j.ElementId), (await _db.OpenJobsAsync()).Select(j => j.ElementId), context + "open jobs");
        AssertWords(_memory.Instances.SelectMany(i => i.Elements).Where(e => e.Incident is not null).Select(e => e.ElementId),
            (await _db.ActiveIncidentsAsync()).Select(i => i.ElementId), context + "incident rows");
        Assert.True(_memory.PendingTimers.Count == await _db.PendingInstanceTimersAsync(),
            $"{context}{_memory.PendingTimers.Count} pending timers in memory, {await _db.PendingInstanceTimersAsync()} in the database");
        Assert.True(_memory.BufferedMessageCount == await _db.BufferedMessagesAsync(),
            $"{context}{_memory.BufferedMessageCount} buffered messages in memory, {await _db.BufferedMessagesAsync()} in the database");
    }

    // ---------------------------------------------------------------- commands

    /// <summary>The command on the reference engine, exactly as the in-memory conformance test runs it.</summary>
    private ProcessInstanceState? ExecuteInMemory(string command) => ConformanceScript.ExecuteInMemory(_memory, _processId, _memoryMain, command);

    /// <summary>The same command through <see cref="InstanceCommands"/>; returns the key of an instance it started, if any.</summary>
    private async Task<long?> ExecutePersistentAsync(string command)
    {
        var commands = _db.Commands;
        var tenant = PersistentEngine.Tenant;
        var (verb, rest) = ConformanceScript.Split(command);
        switch (verb)
        {
            case "start":
                return (await commands.StartAsync(_processId, null, null, tenant, Feel(rest), CommandActor.System("test"))).ProcessInstanceKey;
            case "start-process":
                var (otherProcess, otherVariables) = ConformanceScript.Split(rest);
                return (await commands.StartAsync(otherProcess, null, null, tenant, Feel(otherVariables), CommandActor.System("test"))).ProcessInstanceKey;
            case "start-at":
                // The persistent path starts at a message (or signal) start event by correlating its message (broadcasting its signal).
                var (startEvent, startVariables) = ConformanceScript.Split(rest);
                var process = _memory.Latest(_processId)!;
                if (ProcessRuntime.MessageStartEventsOf(process).FirstOrDefault(s => s.ElementId == startEvent) is { } messageStart)
                {
                    return (await commands.CorrelateMessageAsync(messageStart.MessageName, null, Feel(startVariables), tenant)).ProcessInstanceKey;
                }

                throw new NotSupportedException($"The persistent path has no command that starts at '{startEvent}' (only message start events map).");
            case "complete-task":
                var (taskId, taskVariables) = ConformanceScript.Split(rest);
                var task = (await _db.OpenTasksAsync()).First(t => t.ElementId == taskId);
                await commands.CompleteUserTaskAsync(task.Key, Feel(taskVariables), CommandActor.User("erika"));
                return null;
            case "complete-job":
                var (jobId, jobVariables) = ConformanceScript.Split(rest);
                await commands.CompleteJobAsync(await JobAsync(jobId), Feel(jobVariables), CommandActor.System("worker"));
                return null;
            case "complete-job-result":
                var (resultJobId, resultJson) = ConformanceScript.Split(rest);
                var (result, resultVariables) = ConformanceScript.JobResultOf(resultJson);
                await commands.CompleteJobAsync(await JobAsync(resultJobId), InMemoryEngine.ToFeel(resultVariables), result, CommandActor.System("worker"));
                return null;
            case "assign-task":
                var (assignTaskId, assignee) = ConformanceScript.Split(rest);
                var assigned = (await _db.OpenTasksAsync()).First(t => t.ElementId == assignTaskId);
                if (assignee.Length == 0)
                {
                    await commands.UnassignUserTaskAsync(assigned.Key, CommandActor.User("erika"));
                }
                else
                {
                    await commands.AssignUserTaskAsync(assigned.Key, assignee, allowOverride: true, CommandActor.User("erika"));
                }

                return null;
            case "fail-job":
                var (failId, failRest) = ConformanceScript.Split(rest);
                var (retries, message) = ConformanceScript.Split(failRest);
                await commands.FailJobAsync(await JobAsync(failId), int.Parse(retries, CultureInfo.InvariantCulture), message, CommandActor.System("worker"));
                return null;
            case "throw-error":
                var (errorJob, errorRest) = ConformanceScript.Split(rest);
                var (code, errorVariables) = ConformanceScript.Split(errorRest);
                await commands.ThrowJobErrorAsync(await JobAsync(errorJob), code, null, Feel(errorVariables), CommandActor.System("worker"));
                return null;
            case "advance":
                await _db.AdvanceAsync(ConformanceScript.Duration(rest));
                return null;
            case "publish":
                var (messageName, messageRest) = ConformanceScript.Split(rest);
                var (key, messageVariables) = ConformanceScript.Split(messageRest);
                await commands.PublishMessageAsync(messageName, key == "-" ? null : key, TimeSpan.FromHours(1), null, Feel(messageVariables), tenant);
                return null;
            case "publish-no-buffer":
                var (unbufferedName, unbufferedRest) = ConformanceScript.Split(rest);
                var (unbufferedKey, unbufferedVariables) = ConformanceScript.Split(unbufferedRest);
                await commands.PublishMessageAsync(unbufferedName, unbufferedKey == "-" ? null : unbufferedKey, TimeSpan.Zero, null,
                    Feel(unbufferedVariables), tenant);
                return null;
            case "signal":
                var (signalName, signalVariables) = ConformanceScript.Split(rest);
                await commands.BroadcastSignalAsync(signalName, Feel(signalVariables), tenant);
                return null;
            case "set-variables":
                await commands.SetVariablesAsync(_dbMain!.Value, Feel(rest), false, tenant, CommandActor.User("admin"));
                return null;
            case "set-local":
                var (elementId, localVariables) = ConformanceScript.Split(rest);
                var element = (await _db.InstanceAsync(_dbMain!.Value)).Elements.First(e => e.ElementId == elementId);
                await commands.SetVariablesAsync(element.Key, Feel(localVariables), true, tenant, CommandActor.User("admin"));
                return null;
            case "resolve-incident":
                var incident = (await _db.ActiveIncidentsAsync()).First(i => i.ElementId == rest);
                await commands.ResolveIncidentAsync(incident.Key, CommandActor.User("admin"));
                return null;
            case "cancel":
                await commands.CancelAsync(_dbMain!.Value, CommandActor.User("admin"));
                return null;
            case "conditions":
                var started = await commands.EvaluateConditionalStartsAsync(Feel(rest), null, tenant, CommandActor.System("test"));
                return started.Count > 0 ? started[0].ProcessInstanceKey : null;
            case "activate":
                var (adHocId, ids) = ConformanceScript.Split(rest);
                var adHoc = (await _db.InstanceAsync(_dbMain!.Value)).Elements.First(e => e.ElementId == adHocId);
                await commands.ActivateAdHocElementsAsync(_dbMain.Value, adHoc.Key, ids.Split(',', StringSplitOptions.TrimEntries), CommandActor.User("admin"));
                return null;
            default:
                throw new NotSupportedException($"The persistent path has no command for '{command}'.");
        }
    }

    private async Task<long> JobAsync(string elementId) => (await _db.OpenJobsAsync()).First(j => j.ElementId == elementId).Key;

    // ---------------------------------------------------------------- helpers

    /// <summary>An in-memory journal event as <see cref="PersistentEngine.JournalAsync"/> writes a stored one.</summary>
    private static string Describe(JournalEvent e) => e.Kind switch
    {
        JournalEventKind.ElementActivated => "+",
        JournalEventKind.ElementCompleted => "-",
        JournalEventKind.ElementTerminated => "x",
        var other => other + ":",
    } + e.ElementId;

    private static string Status(ProcessInstanceState state) => state.Status.ToString().ToLowerInvariant();

    private static IReadOnlyList<KeyValuePair<string, FeelValue>> Feel(string json) => InMemoryEngine.ToFeel(ConformanceScript.Variables(json));

    private static string[] Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)];

    private static void AssertWords(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var e = expected.Order(StringComparer.Ordinal).ToList();
        var a = actual.Order(StringComparer.Ordinal).ToList();
        Assert.True(e.SequenceEqual(a), $"{what} differ.\nexpected: {string.Join(' ', e)}\nactual:   {string.Join(' ', a)}");
    }

    private static void AssertSequence(IEnumerable<string> expected, IEnumerable<string> actual, string what)
    {
        var e = expected.ToList();
        var a = actual.ToList();
        Assert.True(e.SequenceEqual(a), $"{what} differ.\nexpected: {string.Join(' ', e)}\nactual:   {string.Join(' ', a)}");
    }

    private static bool IsSubsequence(List<string> part, IReadOnlyList<string> whole)
    {
        var i = 0;
        foreach (var item in whole)
        {
            if (i < part.Count && part[i] == item)
            {
                i++;
            }
        }

        return i == part.Count;
    }


    private static void AssertJsonEqual(string expected, string actual, string what)
    {
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(actual)),
            $"{what}variables differ.\nexpected: {JsonNode.Parse(expected)?.ToJsonString()}\nactual:   {actual}");
    }
}
