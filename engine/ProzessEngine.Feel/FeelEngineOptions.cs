namespace ProzessEngine.Feel;

/// <summary>Settings of a <see cref="FeelEngine"/>. Evaluation is bounded twice: by wall time and by a step budget
/// (loop iterations, filter items, function calls), so a fake clock in tests cannot make an evaluation run forever.
/// What one evaluation builds is bounded too: each string, list and context it creates, the size of each value as
/// JSON, and the memory it allocates. An exceeded limit stops the evaluation with null and a warning naming the limit.</summary>
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

    /// <summary>Longest string (in UTF-16 characters) an evaluation may create: by +, string join, replace, string(),
    /// to json and every other function that returns a string. Strings read from variables are not limited.</summary>
    public int MaxStringLength { get; init; } = 4_000_000;

    /// <summary>Most items of a list an evaluation may create (list literals, for, filters, append, concatenate,
    /// flatten, union, ...).</summary>
    public int MaxListLength { get; init; } = 1_000_000;

    /// <summary>Most entries of a context an evaluation may create (context literals, context put, context merge, ...).</summary>
    public int MaxContextEntries { get; init; } = 100_000;

    /// <summary>Largest value an evaluation may create, measured as the approximate length of its JSON text. A list
    /// that refers to one string 200 times counts that string 200 times, because that is what storing it costs.</summary>
    public long MaxValueSize { get; init; } = 8_000_000;

    /// <summary>Approximate bytes of strings, lists and contexts one evaluation may allocate, garbage included (small
    /// strings and lists are not counted). Bounds memory that no single value shows, such as big strings held by many
    /// recursive calls at once.</summary>
    public long MaxEvaluationMemory { get; init; } = 128L * 1024 * 1024;

    /// <summary>Functions the host adds to the built-ins (the engine's business calendar functions, for instance).
    /// A name that a built-in already has is refused when the engine is created.</summary>
    public IReadOnlyList<FeelCustomFunction> Functions { get; init; } = [];

    /// <summary>Throws when a setting cannot work, naming the setting. The limits on what an evaluation builds have a
    /// floor: strings, lists and contexts are checked from a size on (small ones cannot add up to much, and checking
    /// them all would cost every condition), so a lower limit could not be held.</summary>
    internal void Validate()
    {
        AtLeast(MaxNestingDepth, 1, nameof(MaxNestingDepth));
        AtLeast(MaxEvaluationSteps, 1, nameof(MaxEvaluationSteps));
        AtLeast(MaxCallDepth, 1, nameof(MaxCallDepth));
        AtLeast(MaxExpressionLength, 1, nameof(MaxExpressionLength));
        AtLeast(MaxStringLength, Runtime.EvalContext.CheckedStringLength, nameof(MaxStringLength));
        AtLeast(MaxListLength, Runtime.EvalContext.CheckedCount, nameof(MaxListLength));
        AtLeast(MaxContextEntries, Runtime.EvalContext.CheckedCount, nameof(MaxContextEntries));
        AtLeast(MaxValueSize, Runtime.EvalContext.CheckedSize, nameof(MaxValueSize));
        AtLeast(MaxEvaluationMemory, 1024 * 1024, nameof(MaxEvaluationMemory));
        AtLeast(CacheCapacity, 0, nameof(CacheCapacity));
        if (MaxEvaluationTime <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxEvaluationTime), MaxEvaluationTime, $"FEEL setting {nameof(MaxEvaluationTime)} must be greater than zero.");
        }
    }

    private static void AtLeast(long value, long minimum, string name)
    {
        if (value < minimum)
        {
            throw new ArgumentOutOfRangeException(name, value, $"FEEL setting {name} must be at least {minimum}.");
        }
    }
}
