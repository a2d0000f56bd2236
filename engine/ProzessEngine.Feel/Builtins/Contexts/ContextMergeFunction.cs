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

        // Built in one pass (a later key replaces the earlier value in place): copying the context for every entry
        // would take quadratic time for large contexts.
        var entries = new List<KeyValuePair<string, FeelValue>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in contexts.AsSpan())
        {
            if (item.Kind != FeelValueKind.Context)
            {
                return call.Fail($"items must be contexts, found {FeelFormatter.Describe(item)}");
            }

            foreach (var entry in item.Context.AsSpan())
            {
                call.Evaluation.Step();
                if (positions.TryGetValue(entry.Key, out var position))
                {
                    entries[position] = entry;
                }
                else
                {
                    positions[entry.Key] = entries.Count;
                    entries.Add(entry);
                    if (entries.Count > call.Evaluation.Options.MaxContextEntries)
                    {
                        call.Evaluation.CheckContext(entries.Count, 0);
                    }
                }
            }
        }

        return FeelValue.FromContext(new FeelContext([.. entries]));
    }
}
