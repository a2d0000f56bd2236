using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

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

internal sealed class DecimalFunction : BuiltinFunction
{
    public override string Name => "decimal";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfEven), "n", "scale")];
}

internal sealed class FloorFunction : BuiltinFunction
{
    public override string Name => "floor";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(call => Rounding.Round(call, FeelRounding.Floor), "n"),
        Signature(call => Rounding.Round(call, FeelRounding.Floor), "n", "scale"),
    ];
}

internal sealed class CeilingFunction : BuiltinFunction
{
    public override string Name => "ceiling";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(call => Rounding.Round(call, FeelRounding.Ceiling), "n"),
        Signature(call => Rounding.Round(call, FeelRounding.Ceiling), "n", "scale"),
    ];
}

internal sealed class RoundUpFunction : BuiltinFunction
{
    public override string Name => "round up";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.AwayFromZero), "n", "scale")];
}

internal sealed class RoundDownFunction : BuiltinFunction
{
    public override string Name => "round down";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.TowardZero), "n", "scale")];
}

internal sealed class RoundHalfUpFunction : BuiltinFunction
{
    public override string Name => "round half up";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfUp), "n", "scale")];
}

internal sealed class RoundHalfDownFunction : BuiltinFunction
{
    public override string Name => "round half down";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Rounding.Round(call, FeelRounding.HalfDown), "n", "scale")];
}

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

internal sealed class ModuloFunction : BuiltinFunction
{
    public override string Name => "modulo";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Modulo, "dividend", "divisor")];

    private static FeelValue Modulo(BuiltinCall call)
    {
        if (!call.Number(0, out var dividend) || !call.Number(1, out var divisor))
        {
            return FeelValue.Null;
        }

        if (divisor.IsZero)
        {
            return call.Fail("division by zero");
        }

        return FeelNumber.TryModulo(dividend, divisor, out var result) ? FeelValue.FromNumber(result) : call.Fail("out of range");
    }
}

internal sealed class SqrtFunction : BuiltinFunction
{
    public override string Name => "sqrt";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Sqrt, "number")];

    private static FeelValue Sqrt(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TrySqrt(number, out var root) ? FeelValue.FromNumber(root) : call.Fail($"no square root of {number}");
    }
}

internal sealed class LogFunction : BuiltinFunction
{
    public override string Name => "log";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Log, "number")];

    private static FeelValue Log(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TryLn(number, out var log) ? FeelValue.FromNumber(log) : call.Fail($"no logarithm of {number}");
    }
}

internal sealed class ExpFunction : BuiltinFunction
{
    public override string Name => "exp";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Exp, "number")];

    private static FeelValue Exp(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TryExp(number, out var exp) ? FeelValue.FromNumber(exp) : call.Fail($"exp({number}) is out of range");
    }
}

internal sealed class OddFunction : BuiltinFunction
{
    public override string Name => "odd";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Parity(call, 1), "number")];

    public static FeelValue Parity(BuiltinCall call, int remainder)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        if (!number.IsInteger)
        {
            return FeelValue.False;
        }

        FeelNumber.TryModulo(number, FeelNumber.FromInt64(2), out var rest);
        return FeelValue.FromBoolean(rest == FeelNumber.FromInt64(remainder));
    }
}

internal sealed class EvenFunction : BuiltinFunction
{
    public override string Name => "even";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => OddFunction.Parity(call, 0), "number")];
}

internal sealed class RandomNumberFunction : BuiltinFunction
{
    public override string Name => "random number";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(_ => FeelValue.FromNumber(FeelNumber.FromDouble(Random.Shared.NextDouble())))];
}
