namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class MetByFunction() : RangeRelationFunction("met by", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        a.StartIncluded && b.EndIncluded && Equal(order, a.Start, true, b.End, false);
}
