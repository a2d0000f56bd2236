using BenchmarkDotNet.Attributes;
using ProzessEngine.Feel;

namespace ProzessEngine.Benchmarks.Feel;

/// <summary>Parsing and compiling typical expressions without the cache: at least 100,000 per second.</summary>
[MemoryDiagnoser]
public class FeelParsingBenchmarks
{
    /// <summary>Expressions as they appear in municipal process models (conditions, mappings, timers, assignees).</summary>
    public static readonly string[] TypicalExpressions =
    [
        "amount > 5000 and status = \"approved\"",
        "antrag.betrag <= 1000",
        "not(empty)",
        "if dringend then \"PT4H\" else \"P2D\"",
        "date and time(eingang) + duration(\"P14D\")",
        "sachbearbeiter.gruppe = \"bauamt\" or sachbearbeiter.gruppe = \"ordnungsamt\"",
        "{bescheid: antrag.id, datum: today(), gebuehr: antrag.betrag * 0.02}",
        "count(unterlagen[vollstaendig = false]) = 0",
        "some u in unterlagen satisfies u.typ = \"Personalausweis\"",
        "upper case(substring(name, 1, 1)) + substring(name, 2)",
    ];

    private FeelEngine _engine = null!;

    [GlobalSetup]
    public void Setup() => _engine = new FeelEngine(new FeelEngineOptions { CacheCapacity = 0 });

    [Benchmark(Description = "parse and compile 10 typical expressions", OperationsPerInvoke = 10)]
    public int ParseTypical()
    {
        var parsed = 0;
        foreach (var text in TypicalExpressions)
        {
            parsed += _engine.ParseExpression(text).Success ? 1 : 0;
        }

        return parsed;
    }
}
