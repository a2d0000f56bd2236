namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class MaxFunction : BuiltinFunction
{
    public override string Name => "max";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => MinFunction.Extreme(call, 1), VarArgs.ListOrItems, "list")];
}
