using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class YearsAndMonthsDurationFunction : BuiltinFunction
{
    public override string Name => "years and months duration";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Between, "from", "to")];

    private static FeelValue Between(BuiltinCall call)
    {
        if (!TryDate(call, 0, out var from) || !TryDate(call, 1, out var to))
        {
            return FeelValue.Null;
        }

        return FeelValue.FromYearsMonths(new YearsMonthsDuration(TemporalArithmetic.MonthsBetween(from, to)));
    }

    private static bool TryDate(BuiltinCall call, int index, out FeelDate date)
    {
        switch (call[index].Kind)
        {
            case FeelValueKind.Date:
                date = call[index].Date;
                return true;
            case FeelValueKind.DateTime:
                date = call[index].DateTime.Date;
                return true;
            default:
                date = default;
                call.Fail($"parameter '{(index == 0 ? "from" : "to")}' must be a date or date and time, found {FeelFormatter.Describe(call[index])}");
                return false;
        }
    }
}
