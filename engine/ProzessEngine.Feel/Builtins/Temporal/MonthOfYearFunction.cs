namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class MonthOfYearFunction : BuiltinFunction
{
    private static readonly string[] Names =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    public override string Name => "month of year";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(MonthOfYear, "date")];

    private static FeelValue MonthOfYear(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromString(Names[date.Month - 1]) : FeelValue.Null;
}
