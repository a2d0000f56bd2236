namespace ProzessEngine.Feel.Builtins.Ranges;

internal abstract class RangeRelationFunction : BuiltinFunction
{
    protected RangeRelationFunction(string name, bool pointsAllowed, params string[][] parameterPairs)
    {
        Name = name;
        var body = (BuiltinBody)(call => RangeRelations.Relate(call, Relation, pointsAllowed));
        Signatures = parameterPairs.Select(pair => Signature(body, pair)).ToArray();
    }

    public override string Name { get; }

    public override IReadOnlyList<BuiltinSignature> Signatures { get; }

    protected abstract bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order);

    protected static bool Equal(Func<FeelValue, bool, FeelValue, bool, int> order, FeelValue a, bool aStart, FeelValue b, bool bStart) => order(a, aStart, b, bStart) == 0;
}
