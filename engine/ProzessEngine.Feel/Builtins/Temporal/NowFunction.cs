using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class NowFunction : BuiltinFunction
{
    public override string Name => "now";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Now)];

    private static FeelValue Now(BuiltinCall call)
    {
        var options = call.Evaluation.Options;
        var utc = options.Clock.GetUtcNow();
        var instant = ((Int128)(utc.UtcTicks - DateTime.UnixEpoch.Ticks)) * 100;
        var zone = options.DefaultTimeZone;
        if (zone == TimeZoneInfo.Utc)
        {
            return FeelValue.FromDateTime(FeelDateTime.FromLocalNanos(instant, 0, true, null));
        }

        return FeelValue.FromDateTime(FeelTimeZones.AtInstant(instant, FeelTimeZones.IdOf(zone), zone));
    }
}
