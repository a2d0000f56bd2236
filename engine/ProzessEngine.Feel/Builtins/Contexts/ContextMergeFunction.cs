using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Contexts;

internal sealed class ContextMergeFunction : BuiltinFunction
{
    public override string Name => "context merge";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Merge, VarArgs.ListOrItems, "contexts")];

    public static FeelValue Merge(BuiltinCall call)
    {
        if (!call.List(0, out var contexts))
        {
            return FeelValue.Null;
        }

        var result = FeelContext.Empty;
        foreach (var item in contexts.AsSpan())
        {
            if (item.Kind != FeelValueKind.Context)
            {
                return call.Fail($"items must be contexts, found {FeelFormatter.Describe(item)}");
            }

            foreach (var entry in item.Context.AsSpan())
            {
                result = result.With(entry.Key, entry.Value);
            }
        }

        return FeelValue.FromContext(result);
    }
}
