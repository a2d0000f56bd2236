using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class StringFunction : BuiltinFunction
{
    public override string Name => "string";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Convert, "from")];

    private static FeelValue Convert(BuiltinCall call)
    {
        var value = call[0];
        if (value.IsNull || value.Kind == FeelValueKind.String)
        {
            return value;
        }

        // The text of a list or context is about as long as its JSON: refuse before formatting a list that refers
        // to one large string many times.
        call.Evaluation.CheckStringLength(FeelSize.Of(value));
        return FeelValue.FromString(FeelFormatter.ToFeelString(value));
    }
}
