namespace ProzessEngine.Feel.Builtins.Ranges;

internal sealed class DuringFunction() : RangeRelationFunction("during", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => IncludesFunction.Includes(b, a, order);
}
