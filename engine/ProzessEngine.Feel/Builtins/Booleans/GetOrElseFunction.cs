namespace ProzessEngine.Feel.Builtins.Booleans;

internal sealed class GetOrElseFunction : BuiltinFunction
{
    public override string Name => "get or else";

    public override bool QuietArguments => true;

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(GetOrElse, "value", "default")];

    private static FeelValue GetOrElse(BuiltinCall call) => call[0].IsNull ? call[1] : call[0];
}
