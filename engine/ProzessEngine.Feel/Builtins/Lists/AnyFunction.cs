namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class AnyFunction : BuiltinFunction
{
    public override string Name => "any";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, true), VarArgs.ListOrItems, "list")];
}
