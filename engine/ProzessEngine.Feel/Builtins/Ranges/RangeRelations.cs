using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Ranges;

/// <summary>The relations of DMN 1.5 §10.3.4.10 (before, after, meets, overlaps, ...) on points and ranges.</summary>
internal static class RangeRelations
{
    public static bool TryInterval(FeelValue value, out Interval interval)
    {
        interval = default;
        if (value.Kind != FeelValueKind.Range)
        {
            if (value.IsNull || !FeelRanges.IsRangePointKind(value.Kind))
            {
                return false;
            }

            interval = new Interval(value, true, value, true, true);
            return true;
        }

        var range = value.Range;
        if (range.Shape == RangeShape.NotEqualTo)
        {
            return false;
        }

        interval = new Interval(range.Start, range.StartIncluded, range.End, range.EndIncluded, false);
        return true;
    }

    /// <summary>Orders two endpoints; 'start' tells whether a null endpoint is minus (start) or plus (end) infinity.</summary>
    public static int? Compare(FeelValue left, bool leftIsStart, FeelValue right, bool rightIsStart)
    {
        if (left.IsNull || right.IsNull)
        {
            var leftRank = left.IsNull ? (leftIsStart ? -1 : 1) : 0;
            var rightRank = right.IsNull ? (rightIsStart ? -1 : 1) : 0;
            return leftRank.CompareTo(rightRank);
        }

        return FeelEquality.Compare(left, right);
    }

    public static FeelValue Relate(BuiltinCall call, Func<Interval, Interval, Func<FeelValue, bool, FeelValue, bool, int>, bool?> relation, bool pointsAllowed = true)
    {
        if (!TryInterval(call[0], out var first) || !TryInterval(call[1], out var second))
        {
            return call.Fail($"arguments must be points or ranges, found {FeelFormatter.Describe(call[0])} and {FeelFormatter.Describe(call[1])}");
        }

        if (!pointsAllowed && (first.IsPoint || second.IsPoint))
        {
            return call.Fail("arguments must be ranges");
        }

        var comparable = true;
        int Order(FeelValue a, bool aStart, FeelValue b, bool bStart)
        {
            var order = Compare(a, aStart, b, bStart);
            comparable &= order is not null;
            return order ?? 0;
        }

        var result = relation(first, second, Order);
        if (!comparable || result is null)
        {
            return call.Fail($"cannot relate {FeelFormatter.Describe(call[0])} and {FeelFormatter.Describe(call[1])}");
        }

        return FeelValue.FromBoolean(result.Value);
    }

    public static string[][] PairSignatures => [["point1", "point2"], ["point", "range"], ["range", "point"], ["range1", "range2"]];
}
