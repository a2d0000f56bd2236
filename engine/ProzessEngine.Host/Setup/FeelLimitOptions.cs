using ProzessEngine.Feel;

namespace ProzessEngine.Host.Setup;

/// <summary>
/// The limits of one FEEL evaluation (Engine:Limits:Feel, e.g. Engine__Limits__Feel__MaxStringLength). The defaults are
/// FeelEngineOptions' own; docs/operations.md explains each. An exceeded limit is an incident on the element.
/// </summary>
public sealed class FeelLimitOptions
{
    private static readonly FeelEngineOptions Defaults = new();

    public TimeSpan MaxEvaluationTime { get; set; } = Defaults.MaxEvaluationTime;

    public long MaxEvaluationSteps { get; set; } = Defaults.MaxEvaluationSteps;

    public int MaxCallDepth { get; set; } = Defaults.MaxCallDepth;

    public int MaxNestingDepth { get; set; } = Defaults.MaxNestingDepth;

    public int MaxExpressionLength { get; set; } = Defaults.MaxExpressionLength;

    public int MaxStringLength { get; set; } = Defaults.MaxStringLength;

    public int MaxListLength { get; set; } = Defaults.MaxListLength;

    public int MaxContextEntries { get; set; } = Defaults.MaxContextEntries;

    public long MaxValueSize { get; set; } = Defaults.MaxValueSize;

    public long MaxEvaluationMemory { get; set; } = Defaults.MaxEvaluationMemory;

    /// <summary>
    /// The FEEL engine with these limits and the engine's own functions (business calendars); a limit that cannot work
    /// stops the host at start-up, naming the key.
    /// </summary>
    public FeelEngine CreateEngine(TimeProvider clock, TimeZoneInfo zone, IReadOnlyList<FeelCustomFunction>? functions = null)
    {
        try
        {
            return new FeelEngine(new FeelEngineOptions
            {
                Clock = clock,
                DefaultTimeZone = zone,
                MaxEvaluationTime = MaxEvaluationTime,
                MaxEvaluationSteps = MaxEvaluationSteps,
                MaxCallDepth = MaxCallDepth,
                MaxNestingDepth = MaxNestingDepth,
                MaxExpressionLength = MaxExpressionLength,
                MaxStringLength = MaxStringLength,
                MaxListLength = MaxListLength,
                MaxContextEntries = MaxContextEntries,
                MaxValueSize = MaxValueSize,
                MaxEvaluationMemory = MaxEvaluationMemory,
                Functions = functions ?? [],
            });
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new InvalidOperationException($"Configuration Engine:Limits:Feel:{ex.ParamName} is {ex.ActualValue}: {ex.Message}", ex);
        }
    }
}
