namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class StartedByFunction() : RangeRelationFunction("started by", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? a.StartIncluded && Equal(order, a.Start, true, b.Start, true)
        : Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
            && (order(a.End, false, b.End, false) > 0 || (Equal(order, a.End, false, b.End, false) && (!b.EndIncluded || a.EndIncluded)));
}
