using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal static class ListArguments
{
    /// <summary>All items as numbers; false (with a warning) when an item is not a number.</summary>
    public static bool Numbers(BuiltinCall call, FeelList list, out FeelNumber[] numbers)
    {
        numbers = new FeelNumber[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Kind != FeelValueKind.Number)
            {
                call.Fail($"list items must be numbers, found {FeelFormatter.Describe(list[i])}");
                return false;
            }

            numbers[i] = list[i].Number;
        }

        return true;
    }

    /// <summary>1-based position (negative counts from the end) to a 0-based index; false when out of range.</summary>
    public static bool Index(int position, int count, out int index)
    {
        index = position > 0 ? position - 1 : count + position;
        return position != 0 && index >= 0 && index < count;
    }

    public static FeelValue Sum(BuiltinCall call, FeelNumber[] numbers)
    {
        var sum = FeelNumber.Zero;
        foreach (var number in numbers)
        {
            if (!FeelNumber.TryAdd(sum, number, out sum))
            {
                return call.Fail("sum out of range");
            }
        }

        return FeelValue.FromNumber(sum);
    }
}

internal sealed class ListContainsFunction : BuiltinFunction
{
    public override string Name => "list contains";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Contains, "list", "element")];

    private static FeelValue Contains(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        foreach (var item in list.AsSpan())
        {
            if (FeelEquality.Equal(item, call[1]) == true)
            {
                return FeelValue.True;
            }
        }

        return FeelValue.False;
    }
}

internal sealed class CountFunction : BuiltinFunction
{
    public override string Name => "count";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Count, VarArgs.ListOrItems, "list")];

    private static FeelValue Count(BuiltinCall call) => call.List(0, out var list) ? FeelValue.FromNumber(list.Count) : FeelValue.Null;
}

internal sealed class MinFunction : BuiltinFunction
{
    public override string Name => "min";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Extreme(call, -1), VarArgs.ListOrItems, "list")];

    /// <summary>The smallest (direction -1) or largest (+1) item; items must be comparable with each other.</summary>
    public static FeelValue Extreme(BuiltinCall call, int direction)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        if (list.Count == 0)
        {
            return FeelValue.Null;
        }

        var best = list[0];
        foreach (var item in list.AsSpan())
        {
            var order = FeelEquality.Compare(item, best);
            if (order is null)
            {
                return call.Fail($"cannot compare {FeelFormatter.Describe(item)} with {FeelFormatter.Describe(best)}");
            }

            if (order * direction > 0)
            {
                best = item;
            }
        }

        return best;
    }
}

internal sealed class MaxFunction : BuiltinFunction
{
    public override string Name => "max";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => MinFunction.Extreme(call, 1), VarArgs.ListOrItems, "list")];
}

internal sealed class SumFunction : BuiltinFunction
{
    public override string Name => "sum";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Sum, VarArgs.ListOrItems, "list")];

    private static FeelValue Sum(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        return numbers.Length == 0 ? FeelValue.Null : ListArguments.Sum(call, numbers);
    }
}

internal sealed class ProductFunction : BuiltinFunction
{
    public override string Name => "product";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Product, VarArgs.ListOrItems, "list")];

    private static FeelValue Product(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return call.Fail("the list is empty");
        }

        var product = FeelNumber.One;
        foreach (var number in numbers)
        {
            if (!FeelNumber.TryMultiply(product, number, out product))
            {
                return call.Fail("product out of range");
            }
        }

        return FeelValue.FromNumber(product);
    }
}

internal sealed class MeanFunction : BuiltinFunction
{
    public override string Name => "mean";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Mean, VarArgs.ListOrItems, "list")];

    private static FeelValue Mean(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return FeelValue.Null;
        }

        var sum = ListArguments.Sum(call, numbers);
        return sum.IsNull || !FeelNumber.TryDivide(sum.Number, FeelNumber.FromInt64(numbers.Length), out var mean)
            ? FeelValue.Null
            : FeelValue.FromNumber(mean);
    }
}

internal sealed class MedianFunction : BuiltinFunction
{
    public override string Name => "median";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Median, VarArgs.ListOrItems, "list")];

    private static FeelValue Median(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return FeelValue.Null;
        }

        Array.Sort(numbers);
        var middle = numbers.Length / 2;
        if (numbers.Length % 2 == 1)
        {
            return FeelValue.FromNumber(numbers[middle]);
        }

        FeelNumber.TryAdd(numbers[middle - 1], numbers[middle], out var sum);
        FeelNumber.TryDivide(sum, FeelNumber.FromInt64(2), out var median);
        return FeelValue.FromNumber(median);
    }
}

internal sealed class StddevFunction : BuiltinFunction
{
    public override string Name => "stddev";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Stddev, VarArgs.ListOrItems, "list")];

    private static FeelValue Stddev(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length < 2)
        {
            return call.Fail("needs at least two numbers");
        }

        var sum = ListArguments.Sum(call, numbers);
        if (sum.IsNull || !FeelNumber.TryDivide(sum.Number, FeelNumber.FromInt64(numbers.Length), out var mean))
        {
            return FeelValue.Null;
        }

        var squares = FeelNumber.Zero;
        foreach (var number in numbers)
        {
            FeelNumber.TrySubtract(number, mean, out var deviation);
            FeelNumber.TryMultiply(deviation, deviation, out var square);
            if (!FeelNumber.TryAdd(squares, square, out squares))
            {
                return call.Fail("out of range");
            }
        }

        if (!FeelNumber.TryDivide(squares, FeelNumber.FromInt64(numbers.Length - 1), out var variance) || !FeelMath.TrySqrt(variance, out var deviationResult))
        {
            return call.Fail("out of range");
        }

        return FeelValue.FromNumber(deviationResult);
    }
}

internal sealed class ModeFunction : BuiltinFunction
{
    public override string Name => "mode";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Mode, VarArgs.ListOrItems, "list")];

    private static FeelValue Mode(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        var counts = new Dictionary<FeelNumber, int>();
        foreach (var number in numbers)
        {
            counts[number] = counts.GetValueOrDefault(number) + 1;
        }

        if (counts.Count == 0)
        {
            return FeelValue.EmptyList;
        }

        var highest = counts.Values.Max();
        var modes = counts.Where(pair => pair.Value == highest).Select(pair => pair.Key).Order().Select(FeelValue.FromNumber).ToArray();
        return FeelValue.FromOwnedArray(modes);
    }
}

internal sealed class AllFunction : BuiltinFunction
{
    public override string Name => "all";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => Decide(call, false), VarArgs.ListOrItems, "list")];

    /// <summary>all (decisive = false) or any (decisive = true) over booleans; other items give null with a warning.</summary>
    public static FeelValue Decide(BuiltinCall call, bool decisive)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var undecided = false;
        foreach (var item in list.AsSpan())
        {
            if (item.Kind == FeelValueKind.Boolean)
            {
                if (item.BooleanValue == decisive)
                {
                    return FeelValue.FromBoolean(decisive);
                }
            }
            else if (item.IsNull)
            {
                undecided = true;
            }
            else
            {
                return call.Fail($"list items must be booleans, found {FeelFormatter.Describe(item)}");
            }
        }

        return undecided ? FeelValue.Null : FeelValue.FromBoolean(!decisive);
    }
}

internal sealed class AnyFunction : BuiltinFunction
{
    public override string Name => "any";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, true), VarArgs.ListOrItems, "list")];
}

/// <summary>Camunda alias of all().</summary>
internal sealed class AndFunction : BuiltinFunction
{
    public override string Name => "and";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, false), VarArgs.ListOrItems, "list")];
}

/// <summary>Camunda alias of any().</summary>
internal sealed class OrFunction : BuiltinFunction
{
    public override string Name => "or";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(call => AllFunction.Decide(call, true), VarArgs.ListOrItems, "list")];
}

internal sealed class SublistFunction : BuiltinFunction
{
    public override string Name => "sublist";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Sublist, "list", "start position"),
        Signature(Sublist, "list", "start position", "length"),
        Signature(Sublist, "list", "start"),
        Signature(Sublist, "list", "start", "length"),
    ];

    private static FeelValue Sublist(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var start))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(start, list.Count, out var first))
        {
            return call.Fail($"start position {start} is outside the list of {list.Count} item(s)");
        }

        var length = list.Count - first;
        if (call.Count > 2 && !call[2].IsNull)
        {
            if (!call.Integer(2, out var requested))
            {
                return FeelValue.Null;
            }

            if (requested < 0 || first + requested > list.Count)
            {
                return call.Fail($"length {requested} goes beyond the list of {list.Count} item(s)");
            }

            length = requested;
        }

        return FeelValue.FromOwnedArray(list.AsSpan().Slice(first, length).ToArray());
    }
}

internal sealed class AppendFunction : BuiltinFunction
{
    public override string Name => "append";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Append, VarArgs.Collect, "list", "item"),
        Signature(Append, VarArgs.Collect, "list", "items"),
    ];

    private static FeelValue Append(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var items = call[1].Kind == FeelValueKind.List ? call[1].List.AsSpan() : new[] { call[1] };
        var result = new FeelValue[list.Count + items.Length];
        list.AsSpan().CopyTo(result);
        items.CopyTo(result.AsSpan(list.Count));
        return FeelValue.FromOwnedArray(result);
    }
}

internal sealed class ConcatenateFunction : BuiltinFunction
{
    public override string Name => "concatenate";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Concatenate, VarArgs.Collect, "list"),
        Signature(Concatenate, VarArgs.Collect, "lists"),
    ];

    private static FeelValue Concatenate(BuiltinCall call)
    {
        if (!call.List(0, out var lists))
        {
            return FeelValue.Null;
        }

        var result = new List<FeelValue>();
        foreach (var list in lists.AsSpan())
        {
            if (list.Kind != FeelValueKind.List)
            {
                return call.Fail($"arguments must be lists, found {FeelFormatter.Describe(list)}");
            }

            result.AddRange(list.List);
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class InsertBeforeFunction : BuiltinFunction
{
    public override string Name => "insert before";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Insert, "list", "position", "newItem")];

    private static FeelValue Insert(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, list.Count + (position > 0 ? 1 : 0), out var index))
        {
            return call.Fail($"position {position} is outside the list of {list.Count} item(s)");
        }

        var result = new List<FeelValue>(list);
        result.Insert(index, call[2]);
        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class RemoveFunction : BuiltinFunction
{
    public override string Name => "remove";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Remove, "list", "position")];

    private static FeelValue Remove(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, list.Count, out var index))
        {
            return call.Fail($"position {position} is outside the list of {list.Count} item(s)");
        }

        var result = new List<FeelValue>(list);
        result.RemoveAt(index);
        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class ReverseFunction : BuiltinFunction
{
    public override string Name => "reverse";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Reverse, "list")];

    private static FeelValue Reverse(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = list.AsSpan().ToArray();
        Array.Reverse(result);
        return FeelValue.FromOwnedArray(result);
    }
}

internal sealed class IndexOfFunction : BuiltinFunction
{
    public override string Name => "index of";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(IndexOf, "list", "match")];

    private static FeelValue IndexOf(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var positions = new List<FeelValue>();
        for (var i = 0; i < list.Count; i++)
        {
            if (FeelEquality.Equal(list[i], call[1]) == true)
            {
                positions.Add(FeelValue.FromNumber(i + 1));
            }
        }

        return FeelValue.FromOwnedArray([.. positions]);
    }
}

internal sealed class UnionFunction : BuiltinFunction
{
    public override string Name => "union";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Union, VarArgs.Collect, "list"),
        Signature(Union, VarArgs.Collect, "lists"),
    ];

    private static FeelValue Union(BuiltinCall call)
    {
        if (!call.List(0, out var lists))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var list in lists.AsSpan())
        {
            if (list.Kind != FeelValueKind.List)
            {
                return call.Fail($"arguments must be lists, found {FeelFormatter.Describe(list)}");
            }

            foreach (var item in list.List.AsSpan())
            {
                if (seen.Add(item))
                {
                    result.Add(item);
                }
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class DistinctValuesFunction : BuiltinFunction
{
    public override string Name => "distinct values";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Distinct, "list")];

    private static FeelValue Distinct(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var item in list.AsSpan())
        {
            if (seen.Add(item))
            {
                result.Add(item);
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class DuplicateValuesFunction : BuiltinFunction
{
    public override string Name => "duplicate values";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Duplicates, "list")];

    private static FeelValue Duplicates(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var reported = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var item in list.AsSpan())
        {
            if (!seen.Add(item) && reported.Add(item))
            {
                result.Add(item);
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}

internal sealed class FlattenFunction : BuiltinFunction
{
    public override string Name => "flatten";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Flatten, "list")];

    private static FeelValue Flatten(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = new List<FeelValue>();
        Add(list, result, call.Evaluation);
        return FeelValue.FromOwnedArray([.. result]);
    }

    private static void Add(FeelList list, List<FeelValue> result, EvalContext context)
    {
        foreach (var item in list.AsSpan())
        {
            context.Step();
            if (item.Kind == FeelValueKind.List)
            {
                Add(item.List, result, context);
            }
            else
            {
                result.Add(item);
            }
        }
    }
}

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

internal sealed class PartitionFunction : BuiltinFunction
{
    public override string Name => "partition";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Partition, "list", "size")];

    private static FeelValue Partition(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.Integer(1, out var size))
        {
            return FeelValue.Null;
        }

        if (size <= 0)
        {
            return call.Fail($"size must be greater than zero, was {size}");
        }

        var parts = new List<FeelValue>();
        for (var start = 0; start < list.Count; start += size)
        {
            parts.Add(FeelValue.FromOwnedArray(list.AsSpan().Slice(start, Math.Min(size, list.Count - start)).ToArray()));
        }

        return FeelValue.FromOwnedArray([.. parts]);
    }
}

internal sealed class ListReplaceFunction : BuiltinFunction
{
    public override string Name => "list replace";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Replace, "list", "position", "newItem"),
        Signature(Replace, "list", "match", "newItem"),
    ];

    private static FeelValue Replace(BuiltinCall call)
    {
        if (!call.List(0, out var list))
        {
            return FeelValue.Null;
        }

        var result = list.AsSpan().ToArray();
        if (call[1].Kind == FeelValueKind.Function)
        {
            var match = call[1].Function;
            if (!match.AcceptsArity(2))
            {
                return call.Fail("parameter 'match' must be a function of two parameters");
            }

            var arguments = new FeelValue[2];
            for (var i = 0; i < result.Length; i++)
            {
                arguments[0] = result[i];
                arguments[1] = call[2];
                var decision = match.Invoke(arguments, call.Evaluation, call.Position);
                if (decision.Kind != FeelValueKind.Boolean)
                {
                    return call.Fail($"'match' must return a boolean, returned {FeelFormatter.Describe(decision)}");
                }

                if (decision.BooleanValue)
                {
                    result[i] = call[2];
                }
            }

            return FeelValue.FromOwnedArray(result);
        }

        if (!call.Integer(1, out var position))
        {
            return FeelValue.Null;
        }

        if (!ListArguments.Index(position, result.Length, out var index))
        {
            return call.Fail($"position {position} is outside the list of {result.Length} item(s)");
        }

        result[index] = call[2];
        return FeelValue.FromOwnedArray(result);
    }
}
