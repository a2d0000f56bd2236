namespace ProzessEngine.Feel.Builtins.Lists;

/// <summary>Camunda alias of any().</summary>
internal sealed class OrFunction : BuiltinFunction
{
    public override string Name => "or";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, true), VarArgs.ListOrItems, "list")];
}
