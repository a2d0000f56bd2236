using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal static class Rounding
{
    /// <summary>Scales allowed by decimal128: the rounded exponent must stay within -6176..6111.</summary>
    public const int MinScale = -FeelNumber.MaxExponent;
    public const int MaxScale = -FeelNumber.MinExponent;

    public static FeelValue Round(BuiltinCall call, FeelRounding mode)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        var scale = 0;
        if (call.Count > 1 && !call.Integer(1, out scale))
        {
            return FeelValue.Null;
        }

        if (scale is < MinScale or > MaxScale)
        {
            return call.Fail($"scale must be between {MinScale} and {MaxScale}, was {scale}");
        }

        return FeelValue.FromNumber(number.Round(scale, mode));
    }
}
