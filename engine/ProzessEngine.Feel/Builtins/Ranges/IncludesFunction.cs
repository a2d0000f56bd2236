namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class IncludesFunction() : RangeRelationFunction("includes", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => Includes(a, b, order);

    public static bool Includes(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? (order(a.Start, true, b.Start, true) < 0 && order(a.End, false, b.Start, true) > 0)
            || (Equal(order, a.Start, true, b.Start, true) && a.StartIncluded)
            || (Equal(order, a.End, false, b.Start, true) && a.EndIncluded)
        : (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && (a.StartIncluded || !b.StartIncluded)))
            && (order(a.End, false, b.End, false) > 0 || (Equal(order, a.End, false, b.End, false) && (a.EndIncluded || !b.EndIncluded)));
}
