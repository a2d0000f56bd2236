using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class IsEmptyFunction : BuiltinFunction
{
    public override string Name => "is empty";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IsEmpty, "list")];

    private static FeelValue IsEmpty(BuiltinCall call)
    {
        if (call[0].Kind != FeelValueKind.List)
        {
            return call.Fail($"parameter 'list' must be a list, found {FeelFormatter.Describe(call[0])}");
        }

        return FeelValue.FromBoolean(call[0].List.Count == 0);
    }
}
