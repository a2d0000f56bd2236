using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Runtime;

/// <summary>Membership of a point in a range, and checks of range endpoints.</summary>
internal static class FeelRanges
{
    public static bool? Contains(FeelRange range, FeelValue point, EvalContext context, int position)
    {
        switch (range.Shape)
        {
            case RangeShape.EqualTo:
                return Equal(range.Start, point, context, position);
            case RangeShape.NotEqualTo:
                return Equal(range.Start, point, context, position) is { } equal ? !equal : null;
        }

        bool? result = true;
        if (range.Shape is RangeShape.Interval or RangeShape.GreaterThan or RangeShape.GreaterOrEqual)
        {
            result = And(result, Bound(range.Start, point, range.StartIncluded, lower: true, context, position));
        }

        if (result != false && range.Shape is RangeShape.Interval or RangeShape.LessThan or RangeShape.LessOrEqual)
        {
            result = And(result, Bound(range.End, point, range.EndIncluded, lower: false, context, position));
        }

        return result;
    }

    private static bool? And(bool? left, bool? right) =>
        left == false || right == false ? false : left is null || right is null ? null : true;

    private static bool? Bound(FeelValue endpoint, FeelValue point, bool included, bool lower, EvalContext context, int position)
    {
        if (endpoint.IsNull)
        {
            // An open end at null is unknown, a closed one is an error.
            if (included)
            {
                context.Warn("range endpoint is null", position);
            }

            return null;
        }

        var order = FeelEquality.Compare(point, endpoint);
        if (order is not { } value)
        {
            context.Warn($"cannot compare {FeelFormatter.Describe(point)} with range endpoint {FeelFormatter.Describe(endpoint)}", position);
            return null;
        }

        return lower ? (included ? value >= 0 : value > 0) : (included ? value <= 0 : value < 0);
    }

    private static bool? Equal(FeelValue endpoint, FeelValue point, EvalContext context, int position)
    {
        var equal = FeelEquality.Equal(point, endpoint);
        if (equal is null)
        {
            context.Warn($"cannot compare {FeelFormatter.Describe(point)} with {FeelFormatter.Describe(endpoint)}", position);
        }

        return equal;
    }

    public static bool IsRangePointKind(FeelValueKind kind) => kind is FeelValueKind.Number or FeelValueKind.String
        or FeelValueKind.Date or FeelValueKind.Time or FeelValueKind.DateTime
        or FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration;

    /// <summary>Checks an interval's endpoints: comparable kinds, start not after end.</summary>
    public static string? Validate(FeelValue start, FeelValue end)
    {
        if (start.IsNull && end.IsNull)
        {
            return "a range needs at least one endpoint";
        }

        if ((!start.IsNull && !IsRangePointKind(start.Kind)) || (!end.IsNull && !IsRangePointKind(end.Kind)))
        {
            return $"cannot build a range of {FeelFormatter.Describe(start.IsNull ? end : start)}";
        }

        if (start.IsNull || end.IsNull)
        {
            return null;
        }

        var order = FeelEquality.Compare(start, end);
        if (order is null)
        {
            return $"range endpoints {FeelFormatter.Describe(start)} and {FeelFormatter.Describe(end)} are not comparable";
        }

        return order > 0 ? $"range start {FeelFormatter.Describe(start)} is after its end {FeelFormatter.Describe(end)}" : null;
    }
}
