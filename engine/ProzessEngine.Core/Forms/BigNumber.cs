using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// An exact decimal number as form-js's number checks see it: form-js compares, counts decimals and steps through
/// big.js, so this reads the same text big.js reads, and prints as big.js prints (plain digits, switching to
/// exponent notation from 1e21 and below 1e-6), so that a message names the same numbers in the browser and here.
/// </summary>
internal readonly partial struct BigNumber : IComparable<BigNumber>, IEquatable<BigNumber>
{
    // Value = _digits × 10^(-_scale); _digits has no trailing zeros (0 has scale 0), so equal values are equal fields.
    private readonly BigInteger _digits;
    private readonly int _scale;

    private BigNumber(BigInteger digits, int scale)
    {
        if (digits.IsZero)
        {
            scale = 0;
        }
        else
        {
            while (digits % 10 == 0)
            {
                digits /= 10;
                scale--;
            }
        }

        _digits = digits;
        _scale = scale;
    }

    public bool IsZero => _digits.IsZero;

    /// <summary>Digits after the decimal point, trailing zeros not counted ("7350.20" has 1).</summary>
    public int DecimalPlaces => Math.Max(0, _scale);

    /// <summary>Reads the text big.js accepts: an optional minus, digits with an optional point, an optional exponent.</summary>
    public static bool TryParse(string? text, out BigNumber number)
    {
        number = default;
        if (text is null || text.Length > 400 || !NumberText().IsMatch(text))
        {
            return false;
        }

        var negative = text[0] == '-';
        var body = negative ? text[1..] : text;
        var exponent = 0;
        var e = body.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(body.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent) || Math.Abs(exponent) > 10_000)
            {
                return false;
            }

            body = body[..e];
        }

        var point = body.IndexOf('.', StringComparison.Ordinal);
        var fraction = point >= 0 ? body[(point + 1)..] : "";
        var whole = point >= 0 ? body[..point] : body;
        var digits = BigInteger.Parse("0" + whole + fraction, CultureInfo.InvariantCulture);
        number = new BigNumber(negative ? -digits : digits, fraction.Length - exponent);
        return true;
    }

    public static BigNumber FromInteger(long value) => new(value, 0);

    public BigNumber Plus(BigNumber other)
    {
        var scale = Math.Max(_scale, other._scale);
        return new BigNumber(Align(scale) + other.Align(scale), scale);
    }

    public BigNumber Minus(BigNumber other)
    {
        var scale = Math.Max(_scale, other._scale);
        return new BigNumber(Align(scale) - other.Align(scale), scale);
    }

    /// <summary>The remainder with the sign of this number, as big.js's mod (the quotient is truncated toward zero).</summary>
    public BigNumber Mod(BigNumber divisor)
    {
        if (divisor.IsZero)
        {
            throw new DivideByZeroException("The increment is zero.");
        }

        var scale = Math.Max(_scale, divisor._scale);
        return new BigNumber(BigInteger.Remainder(Align(scale), divisor.Align(scale)), scale);
    }

    public int CompareTo(BigNumber other)
    {
        var scale = Math.Max(_scale, other._scale);
        return Align(scale).CompareTo(other.Align(scale));
    }

    public bool Equals(BigNumber other) => _digits == other._digits && _scale == other._scale;

    public override bool Equals(object? obj) => obj is BigNumber other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_digits, _scale);

    public static bool operator ==(BigNumber left, BigNumber right) => left.Equals(right);

    public static bool operator !=(BigNumber left, BigNumber right) => !left.Equals(right);

    public static bool operator <(BigNumber left, BigNumber right) => left.CompareTo(right) < 0;

    public static bool operator >(BigNumber left, BigNumber right) => left.CompareTo(right) > 0;

    public static bool operator <=(BigNumber left, BigNumber right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BigNumber left, BigNumber right) => left.CompareTo(right) >= 0;

    /// <summary>big.js's toString: "7350.2", "0.001", "1e+21", "1.5e-7".</summary>
    public override string ToString()
    {
        if (_digits.IsZero)
        {
            return "0";
        }

        var digits = BigInteger.Abs(_digits).ToString(CultureInfo.InvariantCulture);
        var sign = _digits.Sign < 0 ? "-" : "";

        // The exponent of the leading digit: 7350.2 is 7.3502e3.
        var exponent = digits.Length - 1 - _scale;
        var text = new StringBuilder(sign);
        if (exponent <= -7 || exponent >= 21)
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            return text.Append('e').Append(exponent < 0 ? "-" : "+").Append(Math.Abs(exponent).ToString(CultureInfo.InvariantCulture)).ToString();
        }

        if (_scale <= 0)
        {
            return text.Append(digits).Append('0', -_scale).ToString();
        }

        if (_scale >= digits.Length)
        {
            return text.Append("0.").Append('0', _scale - digits.Length).Append(digits).ToString();
        }

        return text.Append(digits, 0, digits.Length - _scale).Append('.').Append(digits, digits.Length - _scale, _scale).ToString();
    }

    private BigInteger Align(int scale) => _digits * BigInteger.Pow(10, scale - _scale);

    [GeneratedRegex(@"^-?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\z")]
    private static partial Regex NumberText();
}
