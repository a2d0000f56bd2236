namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class FinishesFunction() : RangeRelationFunction("finishes", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => a.IsPoint
        ? b.EndIncluded && Equal(order, b.End, false, a.Start, true)
        : a.EndIncluded == b.EndIncluded && Equal(order, a.End, false, b.End, false)
            && (order(a.Start, true, b.Start, true) > 0 || (Equal(order, a.Start, true, b.Start, true) && (!a.StartIncluded || b.StartIncluded)));
}
