using System.Globalization;
using System.Numerics;
using System.Text;

namespace ProzessEngine.Feel.Numbers;

/// <summary>
/// A FEEL number: the value set of IEEE 754 decimal128 (34 significant digits, exponent
/// -6176..6111) with half-even rounding. System.Decimal holds only 28-29 digits, so FEEL
/// needs its own type. The value is (-1)^negative * coefficient * 10^exponent; the
/// coefficient is kept as two 64-bit halves so the struct stays 8-byte aligned and small.
/// Operations that overflow the exponent range report failure instead of throwing.
/// </summary>
internal readonly struct FeelNumber : IEquatable<FeelNumber>, IComparable<FeelNumber>
{
    public const int Precision = 34;
    public const int MinExponent = -6176;
    public const int MaxExponent = 6111;

    private static readonly UInt128[] PowersOfTen = CreatePowersOfTen();
    private static readonly UInt128 MaxCoefficient = PowersOfTen[Precision] - 1;

    private readonly ulong _low;
    private readonly ulong _high;
    private readonly int _exponent;
    private readonly bool _negative;

    internal FeelNumber(ulong low, ulong high, int exponent, bool negative)
    {
        _low = low;
        _high = high;
        _exponent = exponent;
        _negative = negative && (low != 0 || high != 0);
    }

    private FeelNumber(UInt128 coefficient, int exponent, bool negative)
        : this((ulong)coefficient, (ulong)(coefficient >> 64), exponent, negative)
    {
    }

    public static FeelNumber Zero => default;

    public static FeelNumber One => new(1, 0, 0, false);

    public ulong RawLow => _low;

    public ulong RawHigh => _high;

    public UInt128 Coefficient => new(_high, _low);

    public int Exponent => _exponent;

    public bool IsNegative => _negative;

    public bool IsZero => _low == 0 && _high == 0;

    public int Sign => IsZero ? 0 : _negative ? -1 : 1;

    public bool IsInteger
    {
        get
        {
            if (_exponent >= 0 || IsZero)
            {
                return true;
            }

            if (-_exponent > 38)
            {
                return false;
            }

            return Coefficient % PowersOfTen[-_exponent] == 0;
        }
    }

    public static FeelNumber FromInt64(long value)
    {
        var negative = value < 0;
        var magnitude = negative ? (ulong)(-(value + 1)) + 1 : (ulong)value;
        return new FeelNumber(magnitude, 0, 0, negative);
    }

    public static FeelNumber FromDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var low = (ulong)(uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        var high = (ulong)(uint)bits[2];
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var coefficient = new UInt128(high, low);
        Create(negative, coefficient, -scale, out var result);
        return result;
    }

    public static FeelNumber FromDouble(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return Zero;
        }

        return TryParse(value.ToString("R", CultureInfo.InvariantCulture), out var result) ? result : Zero;
    }

    /// <summary>Creates a number, rounding a coefficient beyond 34 digits; false on exponent overflow.</summary>
    public static bool Create(bool negative, UInt128 coefficient, int exponent, out FeelNumber result)
    {
        if (coefficient > MaxCoefficient)
        {
            var digits = DigitCount(coefficient);
            var drop = digits - Precision;
            coefficient = DivideRounded(coefficient, drop, false, negative, FeelRounding.HalfEven);
            exponent += drop;
            if (coefficient > MaxCoefficient)
            {
                coefficient /= 10;
                exponent++;
            }
        }

        return Normalize(negative, coefficient, exponent, out result);
    }

    public static bool Create(BigInteger signedCoefficient, int exponent, out FeelNumber result) =>
        Create(signedCoefficient, exponent, false, out result);

    /// <summary>Creates a number from an arbitrary coefficient; <paramref name="sticky"/> says a non-zero
    /// remainder below the coefficient was already dropped (so ties are not ties).</summary>
    public static bool Create(BigInteger signedCoefficient, int exponent, bool sticky, out FeelNumber result)
    {
        var negative = signedCoefficient.Sign < 0;
        var magnitude = BigInteger.Abs(signedCoefficient);
        if (magnitude <= MaxCoefficientBig && !sticky)
        {
            return Normalize(negative, (UInt128)magnitude, exponent, out result);
        }

        var digits = DigitCount(magnitude);
        var drop = Math.Max(0, digits - Precision);
        if (drop == 0)
        {
            // Only a sticky remainder below a short coefficient: it is below half an ulp, no rounding needed
            // for half-even.
            return Normalize(negative, (UInt128)magnitude, exponent, out result);
        }

        var divisor = BigPowerOfTen(drop);
        var quotient = BigInteger.DivRem(magnitude, divisor, out var remainder);
        var halfComparison = (remainder * 2).CompareTo(divisor);
        if (halfComparison == 0 && sticky)
        {
            halfComparison = 1;
        }

        if (FeelRoundingDecision.RoundsUp(FeelRounding.HalfEven, halfComparison, !remainder.IsZero || sticky, !quotient.IsEven, negative))
        {
            quotient += 1;
        }

        exponent += drop;
        if (quotient > MaxCoefficientBig)
        {
            quotient /= 10;
            exponent++;
        }

        return Normalize(negative, (UInt128)quotient, exponent, out result);
    }

    private static readonly BigInteger MaxCoefficientBig = (BigInteger)(PowersOfTen[Precision] - 1);

    private static bool Normalize(bool negative, UInt128 coefficient, int exponent, out FeelNumber result)
    {
        if (coefficient == 0)
        {
            result = new FeelNumber(0, 0, Math.Clamp(exponent, MinExponent, MaxExponent), false);
            return true;
        }

        if (exponent > MaxExponent)
        {
            // Clamp: move the exponent into range by adding trailing zeros while there is room.
            var digits = DigitCount(coefficient);
            var shift = exponent - MaxExponent;
            if (digits + shift > Precision)
            {
                result = default;
                return false;
            }

            coefficient *= PowersOfTen[shift];
            exponent = MaxExponent;
        }
        else if (exponent < MinExponent)
        {
            var drop = MinExponent - exponent;
            coefficient = drop > 38 ? 0 : DivideRounded(coefficient, drop, false, negative, FeelRounding.HalfEven);
            exponent = MinExponent;
        }

        result = new FeelNumber(coefficient, exponent, negative);
        return true;
    }

    /// <summary>Divides by 10^digits and rounds by <paramref name="mode"/>.</summary>
    private static UInt128 DivideRounded(UInt128 value, int digits, bool sticky, bool negative, FeelRounding mode)
    {
        if (digits <= 0)
        {
            return value;
        }

        if (digits > 38)
        {
            var inexact = value != 0 || sticky;
            return FeelRoundingDecision.RoundsUp(mode, -1, inexact, false, negative) ? UInt128.One : UInt128.Zero;
        }

        var divisor = PowersOfTen[digits];
        var quotient = UInt128.DivRem(value, divisor);
        var remainder = quotient.Remainder;
        var halfComparison = CompareDoubled(remainder, divisor);
        if (halfComparison == 0 && sticky)
        {
            halfComparison = 1;
        }

        var result = quotient.Quotient;
        if (FeelRoundingDecision.RoundsUp(mode, halfComparison, remainder != 0 || sticky, (result & 1) == 1, negative))
        {
            result++;
        }

        return result;
    }

    /// <summary>Compares 2*remainder with divisor without overflowing.</summary>
    private static int CompareDoubled(UInt128 remainder, UInt128 divisor)
    {
        var half = divisor / 2;
        var cmp = remainder.CompareTo(half);
        if (cmp != 0)
        {
            return cmp;
        }

        // remainder == floor(divisor / 2): exactly half only when the divisor is even.
        return (divisor & 1) == 0 ? 0 : -1;
    }

    public static int DigitCount(UInt128 value)
    {
        if (value < 10)
        {
            return 1;
        }

        var upper = (ulong)(value >> 64);
        var start = upper == 0 ? 1 : 19;
        for (var i = start; i < PowersOfTen.Length; i++)
        {
            if (value < PowersOfTen[i])
            {
                return i;
            }
        }

        return 39;
    }

    public static int DigitCount(BigInteger magnitude)
    {
        if (magnitude.IsZero)
        {
            return 1;
        }

        var bits = (long)magnitude.GetBitLength();
        var estimate = (int)(bits * 0.30102999566398119521) + 1;
        if (magnitude < BigPowerOfTen(estimate - 1))
        {
            return estimate - 1;
        }

        return magnitude >= BigPowerOfTen(estimate) ? estimate + 1 : estimate;
    }

    private static readonly BigInteger[] SmallBigPowers = CreateBigPowers();

    public static BigInteger BigPowerOfTen(int exponent) =>
        exponent < SmallBigPowers.Length ? SmallBigPowers[exponent] : BigInteger.Pow(10, exponent);

    public static UInt128 PowerOfTen(int exponent) => PowersOfTen[exponent];

    private static BigInteger[] CreateBigPowers()
    {
        var powers = new BigInteger[80];
        powers[0] = BigInteger.One;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    private static UInt128[] CreatePowersOfTen()
    {
        var powers = new UInt128[39];
        powers[0] = 1;
        for (var i = 1; i < powers.Length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }

        return powers;
    }

    public BigInteger SignedBigCoefficient
    {
        get
        {
            var magnitude = (BigInteger)Coefficient;
            return _negative ? -magnitude : magnitude;
        }
    }

    public FeelNumber Negate() => new(_low, _high, _exponent, !_negative);

    public FeelNumber Abs() => new(_low, _high, _exponent, false);

    public static bool TryAdd(FeelNumber left, FeelNumber right, out FeelNumber result)
    {
        if (right.IsZero)
        {
            result = left.IsZero && right._exponent < left._exponent ? right : left;
            return true;
        }

        if (left.IsZero)
        {
            result = right;
            return true;
        }

        // Let big be the operand with the larger exponent.
        var big = left;
        var small = right;
        if (big._exponent < small._exponent)
        {
            (big, small) = (small, big);
        }

        var bigCoefficient = big.Coefficient;
        var smallCoefficient = small.Coefficient;
        var bigDigits = DigitCount(bigCoefficient);
        var shift = big._exponent - small._exponent;
        if (bigDigits + shift <= 38)
        {
            var aligned = bigCoefficient * PowersOfTen[shift];
            if (big._negative == small._negative)
            {
                return Create(big._negative, aligned + smallCoefficient, small._exponent, out result);
            }

            if (aligned >= smallCoefficient)
            {
                return Create(big._negative, aligned - smallCoefficient, small._exponent, out result);
            }

            return Create(small._negative, smallCoefficient - aligned, small._exponent, out result);
        }

        // The small operand may lie entirely below the rounding position of the result. Then only its
        // sign matters: replace it by a tiny value two digits below the result's precision.
        var smallTop = small._exponent + DigitCount(smallCoefficient);
        var roundingPosition = big._exponent + bigDigits - Precision - 2;
        var smallBig = small.SignedBigCoefficient;
        var smallExponent = small._exponent;
        if (smallTop < roundingPosition)
        {
            smallBig = small._negative ? BigInteger.MinusOne : BigInteger.One;
            smallExponent = roundingPosition - 1;
        }

        var exponent = Math.Min(big._exponent, smallExponent);
        var bigAligned = big.SignedBigCoefficient * BigPowerOfTen(big._exponent - exponent);
        var smallAligned = smallBig * BigPowerOfTen(smallExponent - exponent);
        return Create(bigAligned + smallAligned, exponent, out result);
    }

    public static bool TrySubtract(FeelNumber left, FeelNumber right, out FeelNumber result) =>
        TryAdd(left, right.Negate(), out result);

    public static bool TryMultiply(FeelNumber left, FeelNumber right, out FeelNumber result)
    {
        var negative = left._negative != right._negative;
        var exponent = left._exponent + right._exponent;
        if (left._high == 0 && right._high == 0)
        {
            var product = (UInt128)left._low * right._low;
            return Create(negative, product, exponent, out result);
        }

        var big = (BigInteger)left.Coefficient * (BigInteger)right.Coefficient;
        return Create(negative ? -big : big, exponent, out result);
    }

    /// <summary>Divides with 34 significant digits; false when the divisor is zero or the result overflows.</summary>
    public static bool TryDivide(FeelNumber dividend, FeelNumber divisor, out FeelNumber result)
    {
        if (divisor.IsZero)
        {
            result = default;
            return false;
        }

        var negative = dividend._negative != divisor._negative;
        var exponent = dividend._exponent - divisor._exponent;
        if (dividend.IsZero)
        {
            return Normalize(false, 0, exponent, out result);
        }

        var denominator = divisor.Coefficient;
        var division = UInt128.DivRem(dividend.Coefficient, denominator);
        var quotient = division.Quotient;
        var remainder = division.Remainder;
        while (remainder != 0 && (quotient == 0 || DigitCount(quotient) < Precision))
        {
            remainder *= 10;
            var step = UInt128.DivRem(remainder, denominator);
            quotient = (quotient * 10) + step.Quotient;
            remainder = step.Remainder;
            exponent--;
        }

        if (remainder != 0)
        {
            var halfComparison = CompareDoubled(remainder, denominator);
            if (FeelRoundingDecision.RoundsUp(FeelRounding.HalfEven, halfComparison, true, (quotient & 1) == 1, negative))
            {
                quotient++;
                if (quotient > MaxCoefficient)
                {
                    quotient /= 10;
                    exponent++;
                }
            }
        }

        return Create(negative, quotient, exponent, out result);
    }

    /// <summary>Remainder with the sign of the divisor (FEEL modulo: a - b * floor(a / b)).</summary>
    public static bool TryModulo(FeelNumber dividend, FeelNumber divisor, out FeelNumber result)
    {
        if (divisor.IsZero)
        {
            result = default;
            return false;
        }

        if (Math.Abs(dividend._exponent - divisor._exponent) > 2 * (MaxExponent + Precision))
        {
            result = default;
            return false;
        }

        var exponent = Math.Min(dividend._exponent, divisor._exponent);
        var a = dividend.SignedBigCoefficient * BigPowerOfTen(dividend._exponent - exponent);
        var b = divisor.SignedBigCoefficient * BigPowerOfTen(divisor._exponent - exponent);
        var remainder = BigInteger.Remainder(a, b);
        if (!remainder.IsZero && remainder.Sign != b.Sign)
        {
            remainder += b;
        }

        return Create(remainder, exponent, out result);
    }

    /// <summary>Rounds to <paramref name="scale"/> digits after the decimal point.</summary>
    public FeelNumber Round(int scale, FeelRounding mode)
    {
        var targetExponent = -scale;
        if (_exponent >= targetExponent)
        {
            return this;
        }

        var drop = targetExponent - _exponent;
        var coefficient = DivideRounded(Coefficient, drop, false, _negative, mode);
        Normalize(_negative, coefficient, targetExponent, out var result);
        return result;
    }

    /// <summary>The integer part, truncated toward zero; false when it does not fit a long.</summary>
    public bool TryTruncateToInt64(out long value)
    {
        value = 0;
        var truncated = Round(0, FeelRounding.TowardZero);
        if (truncated.IsZero)
        {
            return true;
        }

        if (truncated._exponent > 18)
        {
            return false;
        }

        var coefficient = truncated.Coefficient;
        if (truncated._exponent > 0)
        {
            if (DigitCount(coefficient) + truncated._exponent > 19)
            {
                return false;
            }

            coefficient *= PowersOfTen[truncated._exponent];
        }

        if (coefficient > (UInt128)long.MaxValue + (truncated._negative ? 1u : 0u))
        {
            return false;
        }

        value = truncated._negative ? (long)(0 - coefficient) : (long)coefficient;
        return true;
    }

    public static FeelNumber FromInt128(Int128 value)
    {
        var negative = value < 0;
        var magnitude = negative ? (UInt128)(-(value + 1)) + 1 : (UInt128)value;
        Create(negative, magnitude, 0, out var result);
        return result;
    }

    /// <summary>The integer part, truncated toward zero; false when it does not fit an Int128.</summary>
    public bool TryTruncateToInt128(out Int128 value)
    {
        value = 0;
        var truncated = Round(0, FeelRounding.TowardZero);
        if (truncated.IsZero)
        {
            return true;
        }

        var coefficient = truncated.Coefficient;
        if (truncated._exponent > 0)
        {
            if (DigitCount(coefficient) + truncated._exponent > 38)
            {
                return false;
            }

            coefficient *= PowersOfTen[truncated._exponent];
        }

        if (coefficient > (UInt128)Int128.MaxValue)
        {
            return false;
        }

        value = truncated._negative ? -(Int128)coefficient : (Int128)coefficient;
        return true;
    }

    public bool TryTruncateToInt32(out int value)
    {
        if (TryTruncateToInt64(out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            return true;
        }

        value = 0;
        return false;
    }

    public bool TryToDecimal(out decimal value)
    {
        var number = this;
        if (number._exponent > 0)
        {
            var digits = DigitCount(number.Coefficient);
            if (digits + number._exponent > 29)
            {
                value = 0;
                return false;
            }

            number = new FeelNumber(number.Coefficient * PowersOfTen[number._exponent], 0, number._negative);
        }

        var coefficient = number.Coefficient;
        var scale = -number._exponent;
        // System.Decimal: 96-bit coefficient, scale 0..28.
        var limit = (UInt128)ulong.MaxValue + ((UInt128)uint.MaxValue << 64);
        while (scale > 28 || coefficient > limit)
        {
            if (scale == 0)
            {
                value = 0;
                return false;
            }

            coefficient = DivideRounded(coefficient, 1, false, number._negative, FeelRounding.HalfEven);
            scale--;
        }

        value = new decimal((int)(uint)coefficient, (int)(uint)(coefficient >> 32), (int)(uint)(coefficient >> 64), number._negative, (byte)scale);
        return true;
    }

    /// <summary>Parses decimal text ("12.50", "-1e-3"), rounding to 34 significant digits; false when the text is
    /// not a number or its exponent is out of range.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out FeelNumber result) => Parse(text, false, out result) == NumberText.Valid;

    /// <summary>Parses decimal text only when its value can be kept exactly: at most 34 significant digits (zeros at
    /// either end do not count) and a magnitude within the exponent range. Rounding such a number, or turning a tiny
    /// one into 0, would silently change a value the caller gave.</summary>
    public static NumberText TryParseExact(ReadOnlySpan<char> text, out FeelNumber result) => Parse(text, true, out result);

    /// <summary>Why a number's text cannot be read exactly, to follow the number in a message ("12... has ...").</summary>
    public static string Describe(NumberText problem) => problem switch
    {
        NumberText.TooManyDigits => $"has more than {Precision} significant digits; FEEL numbers keep {Precision}, so it would be rounded",
        NumberText.OutOfRange => $"is out of the range of FEEL numbers ({Precision} digits, exponent {MinExponent} to {MaxExponent})",
        _ => "is not a number",
    };

    private static NumberText Parse(ReadOnlySpan<char> text, bool exact, out FeelNumber result)
    {
        result = default;
        var position = 0;
        var negative = false;
        if (position < text.Length && (text[position] == '-' || text[position] == '+'))
        {
            negative = text[position] == '-';
            position++;
        }

        var digits = new StringBuilder();
        var fractionDigits = 0;
        var sawDigit = false;
        var sawPoint = false;
        for (; position < text.Length; position++)
        {
            var c = text[position];
            if (c is >= '0' and <= '9')
            {
                sawDigit = true;
                if (digits.Length > 0 || c != '0')
                {
                    digits.Append(c);
                }

                if (sawPoint)
                {
                    fractionDigits++;
                }
            }
            else if (c == '.' && !sawPoint)
            {
                sawPoint = true;
            }
            else
            {
                break;
            }
        }

        if (!sawDigit)
        {
            return NumberText.NotANumber;
        }

        long exponent = -fractionDigits;
        if (position < text.Length && (text[position] == 'e' || text[position] == 'E'))
        {
            position++;
            var exponentNegative = false;
            if (position < text.Length && (text[position] == '-' || text[position] == '+'))
            {
                exponentNegative = text[position] == '-';
                position++;
            }

            var start = position;
            long explicitExponent = 0;
            for (; position < text.Length && text[position] is >= '0' and <= '9'; position++)
            {
                explicitExponent = Math.Min((explicitExponent * 10) + (text[position] - '0'), 1_000_000_000L);
            }

            if (position == start)
            {
                return NumberText.NotANumber;
            }

            exponent += exponentNegative ? -explicitExponent : explicitExponent;
        }

        if (position != text.Length)
        {
            return NumberText.NotANumber;
        }

        if (digits.Length == 0)
        {
            result = new FeelNumber(0, 0, (int)Math.Clamp(exponent, MinExponent, MaxExponent), false);
            return NumberText.Valid;
        }

        if (exact)
        {
            var significant = digits.Length;
            while (digits[significant - 1] == '0')
            {
                significant--;
            }

            if (significant > Precision)
            {
                return NumberText.TooManyDigits;
            }

            // The exponent of the last significant digit must be reachable with a coefficient of at most 34 digits.
            var lowest = exponent + (digits.Length - significant);
            if (lowest < MinExponent || lowest > MaxExponent + (Precision - significant))
            {
                return NumberText.OutOfRange;
            }
        }

        if (exponent is > int.MaxValue / 2 or < int.MinValue / 2)
        {
            return NumberText.OutOfRange;
        }

        bool created;
        if (digits.Length <= 38)
        {
            var coefficient = UInt128.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
            created = Create(negative, coefficient, (int)exponent, out result);
        }
        else
        {
            var big = BigInteger.Parse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
            created = Create(negative ? -big : big, (int)exponent, out result);
        }

        return created ? NumberText.Valid : NumberText.OutOfRange;
    }

    public int CompareTo(FeelNumber other)
    {
        var sign = Sign;
        var otherSign = other.Sign;
        if (sign != otherSign)
        {
            return sign.CompareTo(otherSign);
        }

        if (sign == 0)
        {
            return 0;
        }

        var magnitude = CompareMagnitude(this, other);
        return sign > 0 ? magnitude : -magnitude;
    }

    private static int CompareMagnitude(FeelNumber left, FeelNumber right)
    {
        var leftCoefficient = left.Coefficient;
        var rightCoefficient = right.Coefficient;
        if (left._exponent == right._exponent)
        {
            return leftCoefficient.CompareTo(rightCoefficient);
        }

        var leftDigits = DigitCount(leftCoefficient);
        var rightDigits = DigitCount(rightCoefficient);
        var leftTop = leftDigits + left._exponent;
        var rightTop = rightDigits + right._exponent;
        if (leftTop != rightTop)
        {
            return leftTop.CompareTo(rightTop);
        }

        // Same magnitude: the operand with the larger exponent has fewer digits, so scaling it up
        // stays within 34 digits.
        if (left._exponent > right._exponent)
        {
            return (leftCoefficient * PowersOfTen[left._exponent - right._exponent]).CompareTo(rightCoefficient);
        }

        return leftCoefficient.CompareTo(rightCoefficient * PowersOfTen[right._exponent - left._exponent]);
    }

    public bool Equals(FeelNumber other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is FeelNumber other && Equals(other);

    public override int GetHashCode()
    {
        if (IsZero)
        {
            return 0;
        }

        var coefficient = Coefficient;
        var exponent = _exponent;
        while (coefficient % 10 == 0)
        {
            coefficient /= 10;
            exponent++;
        }

        return HashCode.Combine(coefficient, exponent, _negative);
    }

    public static bool operator ==(FeelNumber left, FeelNumber right) => left.Equals(right);

    public static bool operator !=(FeelNumber left, FeelNumber right) => !left.Equals(right);

    public static bool operator <(FeelNumber left, FeelNumber right) => left.CompareTo(right) < 0;

    public static bool operator <=(FeelNumber left, FeelNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >(FeelNumber left, FeelNumber right) => left.CompareTo(right) > 0;

    public static bool operator >=(FeelNumber left, FeelNumber right) => left.CompareTo(right) >= 0;

    /// <summary>Removes trailing zeros from the coefficient (1.500 becomes 1.5, 1200 stays 1.2E+3 internally).</summary>
    public FeelNumber StripTrailingZeros()
    {
        if (IsZero)
        {
            return Zero;
        }

        var coefficient = Coefficient;
        var exponent = _exponent;
        while (exponent < MaxExponent && coefficient % 10 == 0)
        {
            coefficient /= 10;
            exponent++;
        }

        return new FeelNumber(coefficient, exponent, _negative);
    }

    /// <summary>Plain notation, never scientific: 1.50, 0.001, 12300.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        AppendTo(builder);
        return builder.ToString();
    }

    public void AppendTo(StringBuilder builder)
    {
        if (_negative)
        {
            builder.Append('-');
        }

        var digits = Coefficient.ToString(CultureInfo.InvariantCulture);
        if (IsZero && _exponent > 0)
        {
            builder.Append('0');
            return;
        }

        if (_exponent >= 0)
        {
            builder.Append(digits);
            builder.Append('0', _exponent);
            return;
        }

        var fraction = -_exponent;
        if (digits.Length > fraction)
        {
            builder.Append(digits, 0, digits.Length - fraction);
            builder.Append('.');
            builder.Append(digits, digits.Length - fraction, fraction);
        }
        else
        {
            builder.Append("0.");
            builder.Append('0', fraction - digits.Length);
            builder.Append(digits);
        }
    }

    /// <summary>Text for JSON: plain notation for ordinary magnitudes, exponent form for extreme ones.</summary>
    public string ToJsonText()
    {
        var digits = DigitCount(Coefficient);
        if (_exponent is >= -40 and <= 40 || IsZero)
        {
            return IsZero ? "0" : ToString();
        }

        var mantissa = Coefficient.ToString(CultureInfo.InvariantCulture);
        var builder = new StringBuilder();
        if (_negative)
        {
            builder.Append('-');
        }

        builder.Append(mantissa[0]);
        if (mantissa.Length > 1)
        {
            builder.Append('.').Append(mantissa, 1, mantissa.Length - 1);
        }

        builder.Append('E').Append((_exponent + digits - 1).ToString(CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}

/// <summary>What reading a number's text found.</summary>
internal enum NumberText
{
    Valid,
    NotANumber,

    /// <summary>More than 34 significant digits: the value would be rounded.</summary>
    TooManyDigits,

    /// <summary>The magnitude is beyond what 34 digits and the exponent range can hold (or below the smallest).</summary>
    OutOfRange,
}
