namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class BeforeFunction() : RangeRelationFunction("before", true, RangeRelations.PairSignatures)
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        order(a.End, false, b.Start, true) < 0 || (Equal(order, a.End, false, b.Start, true) && (!a.EndIncluded || !b.StartIncluded));
}
