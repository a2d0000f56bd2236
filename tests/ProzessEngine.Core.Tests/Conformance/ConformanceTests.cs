using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Conformance;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Core.Tests.Conformance;

/// <summary>
/// Runs every model under ProzessEngine.Testing/Conformance/Models in memory: its script drives the instance (start, complete tasks and jobs,
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
        if (test.Decisions is { } decisions)
        {
            engine.DeployDecisions(decisions);
        }

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

            var state = ConformanceScript.ExecuteInMemory(engine, processes[0].ProcessId, main, line);
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
                AssertJsonEqual(expected, ConformanceScript.ToJson(main!.Variables));
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

    private static string[] Words(string text) => [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)];


    private static void AssertJsonEqual(string expected, string actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        var actualNode = JsonNode.Parse(actual);
        Assert.True(JsonNode.DeepEquals(expectedNode, actualNode),
            $"variables differ.\nexpected: {expectedNode?.ToJsonString(new JsonSerializerOptions { WriteIndented = false })}\nactual:   {actual}");
    }
}
