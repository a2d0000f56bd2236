using BenchmarkDotNet.Attributes;
using ProzessEngine.Feel;

namespace ProzessEngine.Benchmarks.Feel;

/// <summary>Matching unary tests, as a decision table or an 'in' condition does per row.</summary>
[MemoryDiagnoser]
public class FeelUnaryTestBenchmarks
{
    private FeelUnaryTests _comparison = null!;
    private FeelUnaryTests _interval = null!;
    private FeelUnaryTests _strings = null!;
    private FeelValue _number;
    private FeelValue _status;

    [GlobalSetup]
    public void Setup()
    {
        var engine = new FeelEngine();
        _comparison = engine.ParseUnaryTests("< 10000").UnaryTests!;
        _interval = engine.ParseUnaryTests("[1000..5000), >= 20000").UnaryTests!;
        _strings = engine.ParseUnaryTests("\"approved\", \"pending\"").UnaryTests!;
        _number = FeelValue.FromNumber(6250);
        _status = FeelValue.FromString("pending");
    }

    [Benchmark(Description = "< 10000")]
    public bool? Comparison() => _comparison.Matches(_number, FeelVariables.Empty);

    [Benchmark(Description = "[1000..5000), >= 20000")]
    public bool? Interval() => _interval.Matches(_number, FeelVariables.Empty);

    [Benchmark(Description = "\"approved\", \"pending\"")]
    public bool? Strings() => _strings.Matches(_status, FeelVariables.Empty);
}
