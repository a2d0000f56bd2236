using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class SortFunction : BuiltinFunction
{
    public override string Name => "sort";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(SortNatural, "list"),
        Signature(SortWith, "list", "precedes"),
    ];

    private static FeelValue SortNatural(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var items = list.AsSpan().ToArray();
        string? problem = null;
        var context = call.Evaluation;
        MergeSort(items, (a, b) =>
        {
            context.Step();
            var order = FeelEquality.Compare(a, b);
            if (order is null)
            {
                problem ??= $"cannot compare {FeelFormatter.Describe(a)} with {FeelFormatter.Describe(b)}";
                return false;
            }

            return order < 0;
        });
        return problem is null ? FeelValue.FromOwnedArray(items) : call.Fail(problem);
    }

    private static FeelValue SortWith(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Function(1, out var precedes))
        {
            return FeelValue.Null;
        }

        if (!precedes.AcceptsArity(2))
        {
            return call.Fail("parameter 'precedes' must be a function of two parameters");
        }

        var items = list.AsSpan().ToArray();
        string? problem = null;
        var context = call.Evaluation;
        var position = call.Position;
        var arguments = new FeelValue[2];
        MergeSort(items, (a, b) =>
        {
            arguments[0] = a;
            arguments[1] = b;
            var result = precedes.Invoke(arguments, context, position);
            if (result.Kind != FeelValueKind.Boolean)
            {
                problem ??= $"'precedes' must return a boolean, returned {FeelFormatter.Describe(result)}";
                return false;
            }

            return result.BooleanValue;
        });
        return problem is null ? FeelValue.FromOwnedArray(items) : call.Fail(problem);
    }

    /// <summary>Stable merge sort that only asks "does a come before b" (a user function may be inconsistent without harm).</summary>
    private static void MergeSort(FeelValue[] items, Func<FeelValue, FeelValue, bool> precedes)
    {
        if (items.Length < 2)
        {
            return;
        }

        var buffer = new FeelValue[items.Length];
        for (var width = 1; width < items.Length; width *= 2)
        {
            for (var start = 0; start < items.Length; start += 2 * width)
            {
                var middle = Math.Min(start + width, items.Length);
                var end = Math.Min(start + (2 * width), items.Length);
                int left = start, right = middle, target = start;
                while (left < middle && right < end)
                {
                    buffer[target++] = precedes(items[right], items[left]) ? items[right++] : items[left++];
                }

                while (left < middle)
                {
                    buffer[target++] = items[left++];
                }

                while (right < end)
                {
                    buffer[target++] = items[right++];
                }
            }

            Array.Copy(buffer, items, items.Length);
        }
    }
}
