namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class OverlapsAfterFunction() : RangeRelationFunction("overlaps after", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        (order(b.Start, true, a.Start, true) < 0 || (Equal(order, b.Start, true, a.Start, true) && b.StartIncluded && !a.StartIncluded))
        && (order(b.End, false, a.Start, true) > 0 || (Equal(order, b.End, false, a.Start, true) && b.EndIncluded && a.StartIncluded))
        && (order(b.End, false, a.End, false) < 0 || (Equal(order, b.End, false, a.End, false) && (!b.EndIncluded || a.EndIncluded)));
}
