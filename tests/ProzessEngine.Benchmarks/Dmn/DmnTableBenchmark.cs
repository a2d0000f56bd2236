using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using ProzessEngine.Dmn;
using ProzessEngine.Feel;

namespace ProzessEngine.Benchmarks.Dmn;

/// <summary>
/// A 50-rule FIRST table with 4 inputs (amount, kind of applicant, urgency, age), evaluated in memory: the goal is at
/// most 5 µs per evaluation. The inputs cycle through cases that match early, late and no rule at all.
/// </summary>
[MemoryDiagnoser]
public class DmnTableBenchmark
{
    private DmnModel _model = null!;
    private FeelVariables[] _cases = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _model = CreateModel();
        _cases = CreateCases();
    }

    [Benchmark(Description = "50-rule FIRST table, 4 inputs")]
    public DecisionEvaluationResult Evaluate()
    {
        var variables = _cases[_next++ & 7];
        return _model.Evaluate("gebuehr", variables);
    }

    /// <summary>Usage: dmn [--runs N] [--iterations N]. Prints ns per evaluation of each run, the median and the load.</summary>
    public static int Run(string[] args)
    {
        var runs = Option(args, "--runs", 7);
        var iterations = Option(args, "--iterations", 200_000);
        var benchmark = new DmnTableBenchmark();
        benchmark.Setup();
        var check = benchmark._model.Evaluate("gebuehr", benchmark._cases[0]);
        if (!check.Succeeded)
        {
            Console.Error.WriteLine($"the table does not evaluate: {check.Failure?.Message}");
            return 1;
        }

        for (var i = 0; i < iterations; i++)
        {
            benchmark.Evaluate();
        }

        var figures = new List<double>();
        var cpuFigures = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < iterations; i++)
            {
                benchmark.Evaluate();
            }

            watch.Stop();
            var cpuPerEvaluation = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalNanoseconds / iterations;
            var perEvaluation = watch.Elapsed.TotalNanoseconds / iterations;
            var bytes = (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)iterations;
            figures.Add(perEvaluation);
            cpuFigures.Add(cpuPerEvaluation);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: {perEvaluation:F0} ns per evaluation (wall clock), {cpuPerEvaluation:F0} ns CPU time, {bytes:F0} bytes allocated"));
        }

        figures.Sort();
        cpuFigures.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: {figures[figures.Count / 2] / 1000:F2} µs per evaluation wall clock, {cpuFigures[cpuFigures.Count / 2] / 1000:F2} µs CPU time (goal 5 µs); load average: {Machine.LoadAverage()}"));
        return 0;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static FeelVariables Variables(decimal amount, string kind, bool urgent, int age) => new()
    {
        ["betrag"] = FeelValue.FromNumber(amount),
        ["art"] = FeelValue.FromString(kind),
        ["dringend"] = FeelValue.FromBoolean(urgent),
        ["alter"] = FeelValue.FromNumber(age),
    };

    private static FeelVariables[] CreateCases() =>
    [
        Variables(50, "privat", true, 30),
        Variables(4_900, "gewerblich", true, 45),
        Variables(12_500, "verein", false, 70),
        Variables(24_000, "privat", true, 17),
        Variables(900, "behoerde", false, 50),
        Variables(49_000, "gewerblich", false, 66),
        Variables(7_777, "verein", true, 20),
        Variables(1_000_000, "unbekannt", false, 99),
    ];

    /// <summary>Rules over amount bands, a set of kinds, urgency and an age range, as a fee table would have them.</summary>
    internal static DmnModel CreateModel()
    {
        var kinds = new[] { "\"privat\"", "\"gewerblich\"", "\"verein\"", "\"privat\",\"verein\"", "-" };
        var rules = new StringBuilder();
        for (var r = 0; r < 50; r++)
        {
            var low = r * 1_000;
            var high = low + 1_500;
            var urgent = (r % 3) switch { 0 => "true", 1 => "false", _ => "-" };
            var age = (r % 4) switch { 0 => "[18..65]", 1 => "< 18", 2 => "> 65", _ => "-" };
            rules.Append(CultureInfo.InvariantCulture, $"""
                  <rule id="rule{r + 1}">
                    <inputEntry id="r{r + 1}a"><text>[{low}..{high}[</text></inputEntry>
                    <inputEntry id="r{r + 1}b"><text>{kinds[r % kinds.Length]}</text></inputEntry>
                    <inputEntry id="r{r + 1}c"><text>{urgent}</text></inputEntry>
                    <inputEntry id="r{r + 1}d"><text>{age.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal)}</text></inputEntry>
                    <outputEntry id="r{r + 1}o"><text>{10 + r} + betrag * 0.01</text></outputEntry>
                  </rule>
                """);
        }

        var xml = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="gebuehren" name="Gebühren" namespace="http://prozessengine.example/dmn">
              <decision id="gebuehr" name="Gebühr">
                <decisionTable id="tabelle" hitPolicy="FIRST">
                  <input id="in1" label="Betrag"><inputExpression typeRef="number"><text>betrag</text></inputExpression></input>
                  <input id="in2" label="Art"><inputExpression typeRef="string"><text>art</text></inputExpression></input>
                  <input id="in3" label="Dringend"><inputExpression typeRef="boolean"><text>dringend</text></inputExpression></input>
                  <input id="in4" label="Alter"><inputExpression typeRef="number"><text>alter</text></inputExpression></input>
                  <output id="out" name="gebuehr" typeRef="number" />
                  {rules}
                </decisionTable>
              </decision>
            </definitions>
            """;
        var result = DmnParser.Parse(xml);
        return result.Model ?? throw new InvalidOperationException(string.Join("; ", result.Diagnostics.Select(d => d.Message)));
    }
}
