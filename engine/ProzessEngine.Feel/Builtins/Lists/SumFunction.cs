namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class SumFunction : BuiltinFunction
{
    public override string Name => "sum";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Sum, VarArgs.ListOrItems, "list")];

    private static FeelValue Sum(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        return numbers.Length == 0 ? FeelValue.Null : ListArguments.Sum(call, numbers);
    }
}
