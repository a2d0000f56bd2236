namespace ProzessEngine.Feel.Builtins.Contexts;

/// <summary>Camunda's former name of 'context merge'.</summary>
internal sealed class PutAllFunction : BuiltinFunction
{
    public override string Name => "put all";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(ContextMergeFunction.Merge, VarArgs.ListOrItems, "contexts")];
}
