using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Misc;

internal sealed class ToJsonFunction : BuiltinFunction
{
    public override string Name => "to json";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "value")];

    private static FeelValue Convert(BuiltinCall call)
    {
        // The size is the approximate JSON length: refuse before writing a list that refers to one long string many times.
        call.Evaluation.CheckStringLength(FeelSize.Of(call[0]));
        return FeelValue.FromString(FeelJson.ToJsonString(call[0]));
    }
}
