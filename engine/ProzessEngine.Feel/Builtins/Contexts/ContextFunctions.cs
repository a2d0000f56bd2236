using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

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

/// <summary>Camunda's former name of 'context put'.</summary>
internal sealed class PutFunction : BuiltinFunction
{
    public override string Name => "put";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(ContextPutFunction.Put, "context", "key", "value")];
}

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

/// <summary>Camunda's former name of 'context merge'.</summary>
internal sealed class PutAllFunction : BuiltinFunction
{
    public override string Name => "put all";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(ContextMergeFunction.Merge, VarArgs.ListOrItems, "contexts")];
}

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
