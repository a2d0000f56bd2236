using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class DurationFunction : BuiltinFunction
{
    public override string Name => "duration";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "from")];

    private static FeelValue Convert(BuiltinCall call)
    {
        var from = call[0];
        if (from.Kind is FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration)
        {
            return from;
        }

        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        if (!IsoTemporal.TryParseDuration(text, out var daysTime, out var yearsMonths, out var isYearsMonths))
        {
            return call.Fail($"'{text}' is not a duration (expected e.g. P1DT2H or P1Y2M)");
        }

        return isYearsMonths ? FeelValue.FromYearsMonths(yearsMonths) : FeelValue.FromDaysTime(daysTime);
    }
}
