namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class StartsFunction() : RangeRelationFunction("starts", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => a.IsPoint
        ? b.StartIncluded && Equal(order, b.Start, true, a.Start, true)
        : Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
            && (order(b.End, false, a.End, false) > 0 || (Equal(order, b.End, false, a.End, false) && (!a.EndIncluded || b.EndIncluded)));
}
