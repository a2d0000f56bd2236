using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class DecimalFunction : BuiltinFunction
{
    public override string Name => "decimal";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(call => Rounding.Round(call, FeelRounding.HalfEven), "n", "scale"),
        Signature(WithMode, "n", "scale", "mode"),
    ];

    /// <summary>Camunda extension: decimal(n, scale, mode) with a java.math.RoundingMode name.</summary>
    private static FeelValue WithMode(BuiltinCall call)
    {
        if (!call.String(2, out var mode))
        {
            return FeelValue.Null;
        }

        if (string.Equals(mode, "UNNECESSARY", StringComparison.OrdinalIgnoreCase))
        {
            var exact = Rounding.Round(call, FeelRounding.TowardZero);
            return exact.IsNull || exact.Equals(call[0]) ? exact : call.Fail($"{call[0]} needs rounding, but the mode is UNNECESSARY");
        }

        if (!TryParseMode(mode, out var rounding))
        {
            return call.Fail($"unknown rounding mode '{mode}' (expected UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN or UNNECESSARY)");
        }

        return Rounding.Round(call, rounding);
    }

    private static bool TryParseMode(string mode, out FeelRounding rounding)
    {
        (var known, rounding) = mode.ToUpperInvariant() switch
        {
            "UP" => (true, FeelRounding.AwayFromZero),
            "DOWN" => (true, FeelRounding.TowardZero),
            "CEILING" => (true, FeelRounding.Ceiling),
            "FLOOR" => (true, FeelRounding.Floor),
            "HALF_UP" => (true, FeelRounding.HalfUp),
            "HALF_DOWN" => (true, FeelRounding.HalfDown),
            "HALF_EVEN" => (true, FeelRounding.HalfEven),
            _ => (false, FeelRounding.HalfEven),
        };
        return known;
    }
}
