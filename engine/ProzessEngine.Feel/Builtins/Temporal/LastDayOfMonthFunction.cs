using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class LastDayOfMonthFunction : BuiltinFunction
{
    public override string Name => "last day of month";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(LastDay, "date")];

    private static FeelValue LastDay(BuiltinCall call)
    {
        if (!DateArgument.TryGet(call, out var date))
        {
            return FeelValue.Null;
        }

        var (year, month, _) = date.ToCivil();
        return FeelDate.TryCreateClamped(year, month, 31, out var last) ? FeelValue.FromDate(last) : FeelValue.Null;
    }
}
