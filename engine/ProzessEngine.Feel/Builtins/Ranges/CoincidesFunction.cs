namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class CoincidesFunction() : RangeRelationFunction("coincides", true, ["point1", "point2"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
        && Equal(order, a.End, false, b.End, false) && a.EndIncluded == b.EndIncluded;
}
