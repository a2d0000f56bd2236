namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class MeetsFunction() : RangeRelationFunction("meets", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        a.EndIncluded && b.StartIncluded && Equal(order, a.End, false, b.Start, true);
}
