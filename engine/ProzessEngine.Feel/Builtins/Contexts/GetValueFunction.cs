using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Contexts;

internal sealed class GetValueFunction : BuiltinFunction
{
    public override string Name => "get value";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Get, "m", "key"),
        Signature(Get, "context", "key"),
        Signature(Get, "context", "keys"),
    ];

    private static FeelValue Get(BuiltinCall call)
    {
        if (!call.Context(0, out var context))
        {
            return FeelValue.Null;
        }

        if (call[1].Kind == FeelValueKind.List)
        {
            var current = FeelValue.FromContext(context);
            foreach (var key in call[1].List.AsSpan())
            {
                if (key.Kind != FeelValueKind.String)
                {
                    return call.Fail($"keys must be strings, found {FeelFormatter.Describe(key)}");
                }

                if (current.Kind != FeelValueKind.Context || !current.Context.TryGetValue(key.StringValue, out current))
                {
                    return FeelValue.Null;
                }
            }

            return current;
        }

        if (!call.String(1, out var name))
        {
            return FeelValue.Null;
        }

        return context.TryGetValue(name, out var value) ? value : FeelValue.Null;
    }
}
