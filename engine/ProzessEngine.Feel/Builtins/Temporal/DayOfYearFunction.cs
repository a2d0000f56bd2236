namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class DayOfYearFunction : BuiltinFunction
{
    public override string Name => "day of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(DayOfYear, "date")];

    private static FeelValue DayOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromNumber(date.DayOfYear) : FeelValue.Null;
}
