namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class AfterFunction() : RangeRelationFunction("after", true, RangeRelations.PairSignatures)
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        order(a.Start, true, b.End, false) > 0 || (Equal(order, a.Start, true, b.End, false) && (!a.StartIncluded || !b.EndIncluded));
}
