namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class FinishedByFunction() : RangeRelationFunction("finished by", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? a.EndIncluded && Equal(order, a.End, false, b.Start, true)
        : a.EndIncluded == b.EndIncluded && Equal(order, a.End, false, b.End, false)
            && (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && (a.StartIncluded || !b.StartIncluded)));
}
