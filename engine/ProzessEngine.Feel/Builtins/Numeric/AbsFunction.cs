using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class AbsFunction : BuiltinFunction
{
    public override string Name => "abs";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Abs, "n")];

    private static FeelValue Abs(BuiltinCall call) => call[0].Kind switch
    {
        FeelValueKind.Number => FeelValue.FromNumber(call[0].Number.Abs()),
        FeelValueKind.DaysTimeDuration => FeelValue.FromDaysTime(new DaysTimeDuration(call[0].DaysTime.Magnitude)),
        FeelValueKind.YearsMonthsDuration => FeelValue.FromYearsMonths(new YearsMonthsDuration(Math.Abs(call[0].YearsMonths.Months))),
        _ => call.Fail($"parameter 'n' must be a number or duration, found {FeelFormatter.Describe(call[0])}"),
    };
}
