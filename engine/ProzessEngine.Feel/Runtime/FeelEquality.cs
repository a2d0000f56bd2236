using System.Runtime.CompilerServices;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Runtime;

/// <summary>FEEL equality ('=') and ordering ('&lt;' ...) of values.</summary>
internal static class FeelEquality
{
    /// <summary>FEEL '=': true or false, or null when the two values cannot be compared (different kinds).
    /// null = null is true, and a value compared with null is false.</summary>
    public static bool? Equal(FeelValue left, FeelValue right)
    {
        if (left.IsNull || right.IsNull)
        {
            return left.IsNull && right.IsNull;
        }

        if (left.Kind != right.Kind)
        {
            return null;
        }

        switch (left.Kind)
        {
            case FeelValueKind.Number:
                return left.Number == right.Number;
            case FeelValueKind.String:
                return string.Equals(left.StringValue, right.StringValue, StringComparison.Ordinal);
            case FeelValueKind.Boolean:
                return left.BooleanValue == right.BooleanValue;
            case FeelValueKind.Date:
                return left.Date.EpochDay == right.Date.EpochDay;
            case FeelValueKind.Time:
                return CompareTimes(left.Time, right.Time) is { } timeOrder ? timeOrder == 0 : null;
            case FeelValueKind.DateTime:
                return CompareDateTimes(left.DateTime, right.DateTime) is { } order ? order == 0 : null;
            case FeelValueKind.DaysTimeDuration:
                return left.DaysTime.Nanos == right.DaysTime.Nanos;
            case FeelValueKind.YearsMonthsDuration:
                return left.YearsMonths.Months == right.YearsMonths.Months;
            case FeelValueKind.List:
                return ListsEqual(left, right);
            case FeelValueKind.Context:
                return ContextsEqual(left, right);
            case FeelValueKind.Range:
                return RangesEqual(left, right);
            case FeelValueKind.Function:
                return ReferenceEquals(left.Function, right.Function);
            default:
                return false;
        }
    }

    private static bool? ListsEqual(FeelValue left, FeelValue right)
    {
        var a = left.List.AsSpan();
        var b = right.List.AsSpan();
        if (a.Length != b.Length)
        {
            return false;
        }

        var undecided = false;
        for (var i = 0; i < a.Length; i++)
        {
            var itemEqual = Equal(a[i], b[i]);
            if (itemEqual == false)
            {
                return false;
            }

            undecided |= itemEqual is null;
        }

        return undecided ? null : true;
    }

    private static bool? ContextsEqual(FeelValue left, FeelValue right)
    {
        var a = left.Context;
        var b = right.Context;
        if (a.Count != b.Count)
        {
            return false;
        }

        var undecided = false;
        foreach (var entry in a.AsSpan())
        {
            if (!b.TryGetValue(entry.Key, out var other))
            {
                return false;
            }

            var valueEqual = Equal(entry.Value, other);
            if (valueEqual == false)
            {
                return false;
            }

            undecided |= valueEqual is null;
        }

        return undecided ? null : true;
    }

    private static bool? RangesEqual(FeelValue left, FeelValue right)
    {
        var a = left.Range;
        var b = right.Range;
        if (a.Shape != b.Shape || a.StartIncluded != b.StartIncluded || a.EndIncluded != b.EndIncluded)
        {
            return false;
        }

        var start = Equal(a.Start, b.Start);
        var end = Equal(a.End, b.End);
        if (start == false || end == false)
        {
            return false;
        }

        return start is null || end is null ? null : true;
    }

    /// <summary>FEEL ordering: negative, zero or positive; null when the values are not comparable.</summary>
    public static int? Compare(FeelValue left, FeelValue right)
    {
        if (left.Kind != right.Kind || left.IsNull)
        {
            return null;
        }

        return left.Kind switch
        {
            FeelValueKind.Number => left.Number.CompareTo(right.Number),
            FeelValueKind.String => CompareCodePoints(left.StringValue, right.StringValue),
            FeelValueKind.Date => left.Date.EpochDay.CompareTo(right.Date.EpochDay),
            FeelValueKind.Time => CompareTimes(left.Time, right.Time),
            FeelValueKind.DateTime => CompareDateTimes(left.DateTime, right.DateTime),
            FeelValueKind.DaysTimeDuration => left.DaysTime.Nanos.CompareTo(right.DaysTime.Nanos),
            FeelValueKind.YearsMonthsDuration => left.YearsMonths.Months.CompareTo(right.YearsMonths.Months),
            _ => null,
        };
    }

    /// <summary>Orders strings by Unicode code point (UTF-16 order differs above U+FFFF).</summary>
    public static int CompareCodePoints(string left, string right)
    {
        var length = Math.Min(left.Length, right.Length);
        for (var i = 0; i < length; i++)
        {
            var a = left[i];
            var b = right[i];
            if (a == b)
            {
                continue;
            }

            // Surrogates (U+D800..DFFF) encode code points above U+FFFF, which sort after U+E000..FFFF.
            var aSurrogate = char.IsSurrogate(a);
            var bSurrogate = char.IsSurrogate(b);
            if (aSurrogate != bSurrogate && (a >= '\uE000' || b >= '\uE000'))
            {
                return aSurrogate ? 1 : -1;
            }

            return a < b ? -1 : 1;
        }

        return left.Length.CompareTo(right.Length);
    }

    public static int? CompareTimes(FeelTime left, FeelTime right)
    {
        if (left.Zone is not null || right.Zone is not null)
        {
            if (left.Zone is not null && right.Zone is not null && string.Equals(left.Zone, right.Zone, StringComparison.Ordinal))
            {
                return left.Nanos.CompareTo(right.Nanos);
            }

            return null;
        }

        if (left.HasOffset != right.HasOffset)
        {
            return null;
        }

        return left.HasOffset ? left.UtcNanos.CompareTo(right.UtcNanos) : left.Nanos.CompareTo(right.Nanos);
    }

    public static int? CompareDateTimes(FeelDateTime left, FeelDateTime right)
    {
        if (left.HasOffset != right.HasOffset)
        {
            return null;
        }

        return left.HasOffset ? left.InstantNanos.CompareTo(right.InstantNanos) : left.LocalNanos.CompareTo(right.LocalNanos);
    }

    /// <summary>Equality for IEquatable: FEEL '=' where it decides, otherwise not equal.</summary>
    public static bool AreEqual(FeelValue left, FeelValue right) => Equal(left, right) == true;

    public static int GetHashCode(FeelValue value)
    {
        switch (value.Kind)
        {
            case FeelValueKind.Null:
                return 0;
            case FeelValueKind.Number:
                return value.Number.GetHashCode();
            case FeelValueKind.String:
                return StringComparer.Ordinal.GetHashCode(value.StringValue);
            case FeelValueKind.Boolean:
                return value.BooleanValue ? 1 : 2;
            case FeelValueKind.Date:
                return value.Date.EpochDay.GetHashCode();
            case FeelValueKind.Time:
                var time = value.Time;
                return HashCode.Combine(time.Zone is null && time.HasOffset ? time.UtcNanos : time.Nanos, time.Zone);
            case FeelValueKind.DateTime:
                var dateTime = value.DateTime;
                return (dateTime.HasOffset ? dateTime.InstantNanos : dateTime.LocalNanos).GetHashCode();
            case FeelValueKind.DaysTimeDuration:
                return value.DaysTime.Nanos.GetHashCode();
            case FeelValueKind.YearsMonthsDuration:
                return value.YearsMonths.Months.GetHashCode();
            case FeelValueKind.List:
                var hash = new HashCode();
                foreach (var item in value.List.AsSpan())
                {
                    hash.Add(GetHashCode(item));
                }

                return hash.ToHashCode();
            case FeelValueKind.Context:
                var combined = 17;
                foreach (var entry in value.Context.AsSpan())
                {
                    combined ^= HashCode.Combine(StringComparer.Ordinal.GetHashCode(entry.Key), GetHashCode(entry.Value));
                }

                return combined;
            case FeelValueKind.Range:
                var range = value.Range;
                return HashCode.Combine(range.Shape, GetHashCode(range.Start), GetHashCode(range.End), range.StartIncluded, range.EndIncluded);
            default:
                return RuntimeHelpers.GetHashCode(value.Function);
        }
    }

    /// <summary>Structural identity for is(): same kind and same value, including offset or zone.</summary>
    public static bool Is(FeelValue left, FeelValue right)
    {
        if (left.Kind != right.Kind)
        {
            return false;
        }

        switch (left.Kind)
        {
            case FeelValueKind.Time:
                return left.Time == right.Time;
            case FeelValueKind.DateTime:
                var a = left.DateTime;
                var b = right.DateTime;
                return a.EpochDay == b.EpochDay && a.Nanos == b.Nanos && a.HasOffset == b.HasOffset
                    && a.OffsetSeconds == b.OffsetSeconds && string.Equals(a.Zone, b.Zone, StringComparison.Ordinal);
            default:
                return Equal(left, right) == true;
        }
    }
}
