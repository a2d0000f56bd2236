using BenchmarkDotNet.Attributes;
using ProzessEngine.Feel;

namespace ProzessEngine.Benchmarks.Feel;

/// <summary>Evaluating compiled expressions: a typical gateway condition must run at 5 million per second
/// on one core and allocate nothing.</summary>
[MemoryDiagnoser]
public class FeelEvaluationBenchmarks
{
    private FeelExpression _condition = null!;
    private FeelExpression _numberCondition = null!;
    private FeelExpression _pathCondition = null!;
    private FeelExpression _stringFunction = null!;
    private FeelExpression _mapping = null!;
    private FeelExpression _listBuilding = null!;
    private FeelVariables _variables = null!;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new FeelEngine();
        _condition = Compile(engine, "amount > 5000 and status = \"approved\"");
        _numberCondition = Compile(engine, "amount >= 1000 and amount < 10000 or priority = 1");
        _pathCondition = Compile(engine, "applicant.age >= 18 and applicant.address.zip = \"50667\"");
        _stringFunction = Compile(engine, "string length(status) > 3 and not(rejected)");
        _mapping = Compile(engine, "{name: applicant.name, adult: applicant.age >= 18, fee: amount * 0.02}");
        _listBuilding = Compile(engine, "for i in 1..100 return {position: i, text: status}");
        _variables = new FeelVariables
        {
            ["amount"] = FeelValue.FromNumber(6250.50m),
            ["status"] = FeelValue.FromString("approved"),
            ["priority"] = FeelValue.FromNumber(2),
            ["rejected"] = FeelValue.False,
            ["applicant"] = FeelJson.FromJson("""{"name": "Erika Mustermann", "age": 41, "address": {"city": "Köln", "zip": "50667"}}"""),
        };
    }

    private static FeelExpression Compile(FeelEngine engine, string text) =>
        engine.ParseExpression(text).Expression ?? throw new InvalidOperationException($"'{text}' does not parse");

    [Benchmark(Baseline = true, Description = "amount > 5000 and status = \"approved\"")]
    public FeelValue TypicalCondition() => _condition.Evaluate(_variables);

    [Benchmark(Description = "number range condition with or")]
    public FeelValue NumberCondition() => _numberCondition.Evaluate(_variables);

    [Benchmark(Description = "condition on context paths")]
    public FeelValue PathCondition() => _pathCondition.Evaluate(_variables);

    [Benchmark(Description = "string length(status) > 3 and not(rejected)")]
    public FeelValue FunctionCondition() => _stringFunction.Evaluate(_variables);

    [Benchmark(Description = "output mapping building a context")]
    public FeelValue Mapping() => _mapping.Evaluate(_variables);

    /// <summary>What the size accounting of lists and contexts costs where it is paid: building many of them.</summary>
    [Benchmark(Description = "for loop building 100 contexts")]
    public FeelValue ListBuilding() => _listBuilding.Evaluate(_variables);
}
