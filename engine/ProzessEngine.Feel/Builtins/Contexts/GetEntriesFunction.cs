using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Contexts;

internal sealed class GetEntriesFunction : BuiltinFunction
{
    public override string Name => "get entries";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Entries, "m"),
        Signature(Entries, "context"),
    ];

    private static FeelValue Entries(BuiltinCall call)
    {
        if (!call.Context(0, out var context))
        {
            return FeelValue.Null;
        }

        var entries = new FeelValue[context.Count];
        for (var i = 0; i < context.Count; i++)
        {
            entries[i] = FeelValue.FromContext(new FeelContext(
            [
                new KeyValuePair<string, FeelValue>("key", FeelValue.FromString(context[i].Key)),
                new KeyValuePair<string, FeelValue>("value", context[i].Value),
            ]));
        }

        return FeelValue.FromOwnedArray(entries);
    }
}
