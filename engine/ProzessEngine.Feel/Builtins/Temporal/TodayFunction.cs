using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class TodayFunction : BuiltinFunction
{
    public override string Name => "today";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Today)];

    private static FeelValue Today(BuiltinCall call)
    {
        var options = call.Evaluation.Options;
        var local = TimeZoneInfo.ConvertTime(options.Clock.GetUtcNow(), options.DefaultTimeZone);
        return FeelValue.FromDate(FeelDate.FromDateOnly(DateOnly.FromDateTime(local.DateTime)));
    }
}
