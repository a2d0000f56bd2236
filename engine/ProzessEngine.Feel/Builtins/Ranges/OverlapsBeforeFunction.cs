namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class OverlapsBeforeFunction() : RangeRelationFunction("overlaps before", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && a.StartIncluded && !b.StartIncluded))
        && (order(a.End, false, b.Start, true) > 0 || (Equal(order, a.End, false, b.Start, true) && a.EndIncluded && b.StartIncluded))
        && (order(a.End, false, b.End, false) < 0 || (Equal(order, a.End, false, b.End, false) && (!a.EndIncluded || b.EndIncluded)));
}
