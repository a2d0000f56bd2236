namespace ProzessEngine.Feel.Builtins.Booleans;

internal sealed class IsDefinedFunction : BuiltinFunction
{
    public override string Name => "is defined";

    public override bool QuietArguments => true;

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IsDefined, "value")];

    private static FeelValue IsDefined(BuiltinCall call) => FeelValue.FromBoolean(!call[0].IsNull);
}
