namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class UuidFunction : BuiltinFunction
{
    public override string Name => "uuid";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Create)];

    private static FeelValue Create(BuiltinCall call) =>
        FeelValue.FromString(Guid.CreateVersion7(call.Evaluation.Options.Clock.GetUtcNow()).ToString());
}
