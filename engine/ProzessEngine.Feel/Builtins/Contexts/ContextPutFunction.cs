using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Contexts;

internal sealed class ContextPutFunction : BuiltinFunction
{
    public override string Name => "context put";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Put, "context", "keys", "value"),
        Signature(PutKey, "context", "key", "value"),
    ];

    /// <summary>Positional calls reach this signature with either a key or a list of keys.</summary>
    public static FeelValue Put(BuiltinCall call) => call[1].Kind == FeelValueKind.List ? PutPath(call) : PutKey(call);

    private static FeelValue PutKey(BuiltinCall call)
    {
        if (!call.Context(0, out var context) || !call.String(1, out var name))
        {
            return FeelValue.Null;
        }

        return FeelValue.FromContext(context.With(name, call[2]));
    }

    private static FeelValue PutPath(BuiltinCall call)
    {
        if (!call.Context(0, out var context))
        {
            return FeelValue.Null;
        }

        if (call[1].Kind == FeelValueKind.List)
        {
            var keys = new List<string>();
            foreach (var key in call[1].List.AsSpan())
            {
                if (key.Kind != FeelValueKind.String)
                {
                    return call.Fail($"keys must be strings, found {FeelFormatter.Describe(key)}");
                }

                keys.Add(key.StringValue);
            }

            if (keys.Count == 0)
            {
                return call.Fail("keys must not be empty");
            }

            var nested = Nest(context, keys, 0, call[2]);
            return nested is null ? call.Fail($"cannot put a value at [{string.Join(", ", keys)}]: an intermediate value is not a context") : FeelValue.FromContext(nested);
        }

        return call.Fail($"parameter 'keys' must be a list of strings, found {FeelFormatter.Describe(call[1])}");
    }

    private static FeelContext? Nest(FeelContext context, List<string> keys, int index, FeelValue value)
    {
        if (index == keys.Count - 1)
        {
            return context.With(keys[index], value);
        }

        FeelContext inner;
        if (context.TryGetValue(keys[index], out var existing))
        {
            if (existing.Kind != FeelValueKind.Context)
            {
                return null;
            }

            inner = existing.Context;
        }
        else
        {
            inner = FeelContext.Empty;
        }

        var updated = Nest(inner, keys, index + 1, value);
        return updated is null ? null : context.With(keys[index], FeelValue.FromContext(updated));
    }
}
