namespace ProzessEngine.Feel.Builtins.Misc;

internal sealed class ToJsonFunction : BuiltinFunction
{
    public override string Name => "to json";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => FeelValue.FromString(FeelJson.ToJsonString(call[0])), "value")];
}
