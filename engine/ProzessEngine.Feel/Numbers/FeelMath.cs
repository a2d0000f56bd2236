using System.Numerics;

namespace ProzessEngine.Feel.Numbers;

/// <summary>
/// Square root, exponential, logarithm and powers with 34 correct digits. Transcendental functions work
/// in fixed point (BigInteger scaled by 10^WorkingDigits) with guard digits, then round once.
/// </summary>
internal static class FeelMath
{
    private const int WorkingDigits = 60;
    private static readonly BigInteger Scale = BigInteger.Pow(10, WorkingDigits);
    private static readonly Lazy<BigInteger> Ln2 = new(() => 2 * Atanh(Scale / 3));
    private static readonly Lazy<BigInteger> Ln10 = new(() => (3 * Ln2.Value) + (2 * Atanh(Scale / 9)));

    public static bool TrySqrt(FeelNumber value, out FeelNumber result)
    {
        result = default;
        if (value.IsNegative)
        {
            return false;
        }

        if (value.IsZero)
        {
            result = FeelNumber.Zero;
            return true;
        }

        var coefficient = (BigInteger)value.Coefficient;
        var exponent = value.Exponent;
        if ((exponent & 1) != 0)
        {
            coefficient *= 10;
            exponent--;
        }

        var digits = FeelNumber.DigitCount(coefficient);
        var extra = Math.Max(0, (72 - digits + 1) / 2);
        var scaled = coefficient * FeelNumber.BigPowerOfTen(2 * extra);
        var root = IntegerSqrt(scaled);
        var exact = root * root == scaled;
        var rootExponent = (exponent / 2) - extra;
        if (exact)
        {
            var idealExponent = (int)Math.Floor(value.Exponent / 2.0);
            while (rootExponent < idealExponent && root % 10 == 0)
            {
                root /= 10;
                rootExponent++;
            }
        }

        return FeelNumber.Create(root, rootExponent, !exact, out result);
    }

    private static BigInteger IntegerSqrt(BigInteger n)
    {
        if (n < 2)
        {
            return n;
        }

        var x = BigInteger.One << (int)((n.GetBitLength() + 1) / 2);
        while (true)
        {
            var y = (x + (n / x)) >> 1;
            if (y >= x)
            {
                return x;
            }

            x = y;
        }
    }

    public static bool TryLn(FeelNumber value, out FeelNumber result)
    {
        result = default;
        if (value.IsNegative || value.IsZero)
        {
            return false;
        }

        var fixedPoint = LnFixed(value);
        return FromFixed(fixedPoint, out result);
    }

    public static bool TryExp(FeelNumber value, out FeelNumber result)
    {
        result = default;
        if (!TryToFixed(value, out var fixedPoint))
        {
            if (value.IsNegative)
            {
                result = FeelNumber.Zero;
                return true;
            }

            return false;
        }

        return ExpFixed(fixedPoint, out result);
    }

    /// <summary>base ** exponent: exact repeated multiplication for integer exponents, exp(y ln x) otherwise.</summary>
    public static bool TryPower(FeelNumber baseValue, FeelNumber exponent, out FeelNumber result)
    {
        result = default;
        if (exponent.IsInteger && exponent.TryTruncateToInt64(out var integerExponent) && Math.Abs(integerExponent) <= 999_999_999)
        {
            return TryIntegerPower(baseValue, integerExponent, out result);
        }

        if (baseValue.IsZero)
        {
            if (exponent.IsNegative)
            {
                return false;
            }

            result = FeelNumber.Zero;
            return true;
        }

        if (baseValue.IsNegative)
        {
            return false;
        }

        var ln = LnFixed(baseValue);
        if (!TryToFixed(exponent, out var y))
        {
            return false;
        }

        var product = ln * y / Scale;
        return ExpFixed(product, out result);
    }

    private static bool TryIntegerPower(FeelNumber baseValue, long exponent, out FeelNumber result)
    {
        result = default;
        if (exponent == 0)
        {
            result = FeelNumber.One;
            return true;
        }

        if (baseValue.IsZero)
        {
            if (exponent < 0)
            {
                return false;
            }

            result = FeelNumber.Zero;
            return true;
        }

        var magnitude = Math.Abs(exponent);
        var coefficient = baseValue.Coefficient;
        var baseDigits = FeelNumber.DigitCount(coefficient);
        var negative = baseValue.IsNegative && (magnitude & 1) == 1;
        var exponentOfResult = (long)baseValue.Exponent * magnitude;
        var approximateTop = exponentOfResult + ((baseDigits - 1) * magnitude);
        if (approximateTop > FeelNumber.MaxExponent + 40 && exponent > 0)
        {
            return false;
        }

        BigInteger power;
        int powerExponent;
        bool sticky;
        if (baseDigits * magnitude <= 400)
        {
            power = BigInteger.Pow(coefficient, (int)magnitude);
            powerExponent = (int)exponentOfResult;
            sticky = false;
            if (exponent > 0)
            {
                return FeelNumber.Create(negative ? -power : power, powerExponent, out result);
            }
        }
        else
        {
            if (!ApproximatePower(coefficient, baseValue.Exponent, magnitude, out power, out powerExponent))
            {
                return false;
            }

            sticky = true;
            if (exponent > 0)
            {
                return FeelNumber.Create(negative ? -power : power, powerExponent, sticky, out result);
            }
        }

        // Negative exponent: 1 / base^|n| from the (possibly rounded) high-precision power.
        var numeratorDigits = FeelNumber.DigitCount(power) + 40;
        var quotient = BigInteger.DivRem(FeelNumber.BigPowerOfTen(numeratorDigits), power, out var remainder);
        var resultExponent = -numeratorDigits - powerExponent;
        var exact = !sticky && remainder.IsZero;
        if (!FeelNumber.Create(negative ? -quotient : quotient, resultExponent, !exact, out result))
        {
            return false;
        }

        if (exact)
        {
            result = result.StripTrailingZeros();
        }

        return true;
    }

    /// <summary>Square-and-multiply keeping 45 significant digits; returns coefficient and exponent.</summary>
    private static bool ApproximatePower(UInt128 coefficient, int exponent, long power, out BigInteger resultCoefficient, out int resultExponent)
    {
        var baseCoefficient = (BigInteger)coefficient;
        long baseExponent = exponent;
        resultCoefficient = BigInteger.One;
        long accumulatedExponent = 0;
        while (power > 0)
        {
            if ((power & 1) == 1)
            {
                resultCoefficient *= baseCoefficient;
                accumulatedExponent += baseExponent;
                Trim(ref resultCoefficient, ref accumulatedExponent);
            }

            power >>= 1;
            if (power > 0)
            {
                baseCoefficient *= baseCoefficient;
                baseExponent *= 2;
                Trim(ref baseCoefficient, ref baseExponent);
            }

            if (Math.Abs(accumulatedExponent) > 100_000 || Math.Abs(baseExponent) > 1_000_000)
            {
                resultExponent = 0;
                return false;
            }
        }

        resultExponent = (int)accumulatedExponent;
        return true;
    }

    private static void Trim(ref BigInteger coefficient, ref long exponent)
    {
        var digits = FeelNumber.DigitCount(coefficient);
        if (digits > 45)
        {
            coefficient /= FeelNumber.BigPowerOfTen(digits - 45);
            exponent += digits - 45;
        }
    }

    private static bool TryToFixed(FeelNumber value, out BigInteger fixedPoint)
    {
        fixedPoint = default;
        var top = value.Exponent + FeelNumber.DigitCount(value.Coefficient);
        if (top > 8)
        {
            return false;
        }

        var shift = value.Exponent + WorkingDigits;
        var coefficient = value.SignedBigCoefficient;
        fixedPoint = shift >= 0 ? coefficient * FeelNumber.BigPowerOfTen(shift) : coefficient / FeelNumber.BigPowerOfTen(-shift);
        return true;
    }

    private static bool FromFixed(BigInteger fixedPoint, out FeelNumber result) =>
        FeelNumber.Create(fixedPoint, -WorkingDigits, true, out result) && StripIfExact(ref result);

    private static bool StripIfExact(ref FeelNumber result)
    {
        result = result.StripTrailingZeros();
        return true;
    }

    /// <summary>ln(value) in fixed point: ln(c * 10^e) = ln(c) + e ln 10, ln(c) = j ln 2 + ln(m), m in [1, 2).</summary>
    private static BigInteger LnFixed(FeelNumber value)
    {
        var coefficient = (BigInteger)value.Coefficient;
        var twos = (int)coefficient.GetBitLength() - 1;
        // m = coefficient / 2^twos in [1, 2), in fixed point.
        var m = (coefficient * Scale) >> twos;
        if (m * 2 > 3 * Scale)
        {
            // Keep m near 1 for fast convergence: m in [0.75, 1.5).
            m /= 2;
            twos++;
        }

        var z = (m - Scale) * Scale / (m + Scale);
        var lnM = 2 * Atanh(z);
        return lnM + (twos * Ln2.Value) + (value.Exponent * Ln10.Value);
    }

    /// <summary>atanh(z) = z + z^3/3 + z^5/5 + ... for small fixed-point z.</summary>
    private static BigInteger Atanh(BigInteger z)
    {
        var zSquared = z * z / Scale;
        var term = z;
        var sum = BigInteger.Zero;
        for (var n = 1; !term.IsZero && n < 2000; n += 2)
        {
            sum += term / n;
            term = term * zSquared / Scale;
        }

        return sum;
    }

    private static bool ExpFixed(BigInteger x, out FeelNumber result)
    {
        result = default;
        // exp(x) = 2^k * exp(r), |r| <= ln2 / 2.
        var ln2 = Ln2.Value;
        var k = BigInteger.Divide(x + (ln2 / 2 * x.Sign), ln2);
        if (BigInteger.Abs(k) > 50_000)
        {
            if (x.Sign < 0)
            {
                result = FeelNumber.Zero;
                return true;
            }

            return false;
        }

        var r = x - (k * ln2);
        var sum = Scale;
        var term = Scale;
        for (var n = 1; n < 500; n++)
        {
            term = term * r / Scale / n;
            if (term.IsZero)
            {
                break;
            }

            sum += term;
        }

        var twoPower = (int)k;
        if (twoPower >= 0)
        {
            return FeelNumber.Create(sum << twoPower, -WorkingDigits, true, out result) && StripIfExact(ref result);
        }

        // 2^-n = 5^n / 10^n
        var scaled = sum * BigInteger.Pow(5, -twoPower);
        return FeelNumber.Create(scaled, -WorkingDigits + twoPower, true, out result) && StripIfExact(ref result);
    }
}
