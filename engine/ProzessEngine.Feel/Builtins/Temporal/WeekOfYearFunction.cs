namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class WeekOfYearFunction : BuiltinFunction
{
    public override string Name => "week of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(WeekOfYear, "date")];

    private static FeelValue WeekOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromNumber(date.IsoWeekOfYear) : FeelValue.Null;
}
