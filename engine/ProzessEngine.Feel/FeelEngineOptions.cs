namespace ProzessEngine.Feel;

/// <summary>Settings of a <see cref="FeelEngine"/>. Evaluation is bounded twice: by wall time and by a step budget
/// (loop iterations, filter items, function calls), so a fake clock in tests cannot make an evaluation run forever.</summary>
public sealed class FeelEngineOptions
{
    /// <summary>Clock for now() and today(), and for measuring <see cref="MaxEvaluationTime"/>.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Zone of now() and today(); also the zone in which <see cref="FeelTemporal.TryGetInstant"/> callers usually read local date-times.</summary>
    public TimeZoneInfo DefaultTimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Deepest syntactic nesting the parser accepts (brackets, operators, nested expressions).</summary>
    public int MaxNestingDepth { get; init; } = 200;

    /// <summary>Wall time one evaluation may take before it stops with null and a warning.</summary>
    public TimeSpan MaxEvaluationTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Iterations, filter items and function calls one evaluation may make before it stops with null and a warning.</summary>
    public long MaxEvaluationSteps { get; init; } = 1_000_000;

    /// <summary>Deepest chain of user-defined function calls (recursion) before evaluation stops.</summary>
    public int MaxCallDepth { get; init; } = 256;

    /// <summary>Longest expression text the parser accepts, in characters.</summary>
    public int MaxExpressionLength { get; init; } = 100_000;

    /// <summary>How many compiled expressions the engine keeps per kind (expressions, unary tests); 0 turns caching off.</summary>
    public int CacheCapacity { get; init; } = 10_000;
}
