namespace ProzessEngine.Feel.Builtins.Contexts;

/// <summary>Camunda's former name of 'context put'.</summary>
internal sealed class PutFunction : BuiltinFunction
{
    public override string Name => "put";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(ContextPutFunction.Put, "context", "key", "value")];
}
