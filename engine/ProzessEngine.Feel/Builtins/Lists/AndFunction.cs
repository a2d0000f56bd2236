namespace ProzessEngine.Feel.Builtins.Lists;

/// <summary>Camunda alias of all().</summary>
internal sealed class AndFunction : BuiltinFunction
{
    public override string Name => "and";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, false), VarArgs.ListOrItems, "list")];
}
