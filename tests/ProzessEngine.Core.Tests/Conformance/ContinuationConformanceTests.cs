using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Conformance;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Core.Tests.Conformance;

/// <summary>
/// Every conformance model again, with a budget of one activation per command and the state written and read back
/// after every command: each command stops after its first activation and a continue-instance command picks up what
/// is left from the state alone. The outcome must be the same as in one go: the pending work (elements in Activating
/// or Completing, their triggers, join tokens, multi-instance batches) is complete in the state. The journal's order
/// may differ (pending work resumes oldest element first, not in agenda order), so it is compared as a multiset.
/// </summary>
public sealed class ContinuationConformanceTests
{
    public static TheoryData<string> Cases() => [.. ConformanceCase.Names()];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Model_ends_the_same_when_every_command_stops_after_one_activation(string name)
    {
        var test = ConformanceCase.Load(name);
        var whole = Run(test, new InMemoryEngine(ConformanceHandlers.All, roundTripState: true));
        var stepwise = Run(test, new InMemoryEngine(ConformanceHandlers.All, roundTripState: true, limits: new EngineLimits { MaxActivationsPerCommand = 1 }));

        AssertSameEnd(whole, stepwise);
    }

    /// <summary>
    /// Regression: pending work resumed in key order, and keys made in one millisecond are in no order, so a continued
    /// multi-instance created its jobs in another order than one going in one go (and workers got other items first).
    /// Here every key of a run is made in the same millisecond of a clock that stands still.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void Model_ends_the_same_when_every_command_stops_after_one_activation_with_keys_in_no_order(string name)
    {
        var test = ConformanceCase.Load(name);
        var whole = Run(test, EngineWithProductionKeys(limits: null));
        var stepwise = Run(test, EngineWithProductionKeys(new EngineLimits { MaxActivationsPerCommand = 1 }));

        AssertSameEnd(whole, stepwise);
    }

    private static InMemoryEngine EngineWithProductionKeys(EngineLimits? limits)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        return new InMemoryEngine(ConformanceHandlers.All, clock, roundTripState: true, limits: limits,
            keys: new SnowflakeKeyGenerator(0, clock, [.. Enumerable.Range(0, 32).Select(i => (byte)i)]));
    }

    private static void AssertSameEnd(
        (InMemoryEngine Engine, string Outcome, List<string> Journal, int Continuations) whole,
        (InMemoryEngine Engine, string Outcome, List<string> Journal, int Continuations) stepwise)
    {
        Assert.Equal(whole.Outcome, stepwise.Outcome);
        Assert.Equal(whole.Journal.Order(StringComparer.Ordinal), stepwise.Journal.Order(StringComparer.Ordinal));
        Assert.Equal(0, whole.Continuations);
        Assert.True(stepwise.Continuations > 0, "the budget of one activation never stopped a command");
        Assert.DoesNotContain(stepwise.Engine.Instances, i => i.Continuation is not null);
    }

    private static (InMemoryEngine Engine, string Outcome, List<string> Journal, int Continuations) Run(ConformanceCase test, InMemoryEngine engine)
    {
        if (test.Decisions is { } decisions)
        {
            engine.DeployDecisions(decisions);
        }

        var processes = engine.DeployAll(test.Xml);
        ProcessInstanceState? main = null;
        var outcome = new List<string>();
        foreach (var line in test.Lines)
        {
            if (line.StartsWith("expect ", StringComparison.Ordinal))
            {
                main ??= engine.Instances.FirstOrDefault();
                outcome.Add(Snapshot(engine, main));
                continue;
            }

            var state = ConformanceScript.ExecuteInMemory(engine, processes[0].ProcessId, main, line);
            main ??= state;
        }

        return (engine, string.Join('\n', outcome), [.. engine.Journal], engine.Events.Count(e => e.Kind == JournalEventKind.ContinuationScheduled));
    }

    private static string Snapshot(InMemoryEngine engine, ProcessInstanceState? main)
    {
        var instance = main is null ? null : engine.Instance(main.Key);
        return string.Join(" | ",
            instance is null ? "-" : ConformanceScript.ToJson(instance.Variables),
            instance?.Status.ToString() ?? "-",
            string.Join(' ', engine.Instances.SelectMany(i => i.Elements).Where(e => e.Incident is not null).Select(e => e.ElementId).Order(StringComparer.Ordinal)),
            string.Join(' ', engine.AllOpenTasks().Select(t => t.ElementId).Order(StringComparer.Ordinal)),
            string.Join(' ', engine.AllOpenJobs().Select(j => j.ElementId).Order(StringComparer.Ordinal)),
            string.Join(' ', engine.Instances.Select(i => $"{i.ProcessId}:{i.Status}")),
            engine.PendingTimers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            engine.BufferedMessageCount.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
