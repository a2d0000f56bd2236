using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Contexts;

internal sealed class ContextFunction : BuiltinFunction
{
    public override string Name => "context";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Create, "entries")];

    private static FeelValue Create(BuiltinCall call)
    {
        if (!call.List(0, out var entries))
        {
            return FeelValue.Null;
        }

        var result = new List<KeyValuePair<string, FeelValue>>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in entries.AsSpan())
        {
            if (entry.Kind != FeelValueKind.Context || !entry.Context.TryGetValue("key", out var key) || !entry.Context.TryGetValue("value", out var value))
            {
                return call.Fail($"entries must be contexts with 'key' and 'value', found {FeelFormatter.Describe(entry)}");
            }

            if (key.Kind != FeelValueKind.String)
            {
                return call.Fail($"an entry key must be a string, found {FeelFormatter.Describe(key)}");
            }

            if (!keys.Add(key.StringValue))
            {
                return call.Fail($"duplicate key '{key.StringValue}'");
            }

            result.Add(new KeyValuePair<string, FeelValue>(key.StringValue, value));
        }

        return FeelValue.FromContext(new FeelContext([.. result]));
    }
}
