using ProzessEngine.Feel.Compilation;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Syntax;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Ranges;

/// <summary>An interval view of a range or a point: a null start is minus infinity, a null end plus infinity.</summary>
internal readonly record struct Interval(FeelValue Start, bool StartIncluded, FeelValue End, bool EndIncluded, bool IsPoint);

/// <summary>The relations of DMN 1.5 §10.3.4.10 (before, after, meets, overlaps, ...) on points and ranges.</summary>
internal static class RangeRelations
{
    public static bool TryInterval(FeelValue value, out Interval interval)
    {
        interval = default;
        if (value.Kind != FeelValueKind.Range)
        {
            if (value.IsNull || !FeelRanges.IsRangePointKind(value.Kind))
            {
                return false;
            }

            interval = new Interval(value, true, value, true, true);
            return true;
        }

        var range = value.Range;
        if (range.Shape == RangeShape.NotEqualTo)
        {
            return false;
        }

        interval = new Interval(range.Start, range.StartIncluded, range.End, range.EndIncluded, false);
        return true;
    }

    /// <summary>Orders two endpoints; 'start' tells whether a null endpoint is minus (start) or plus (end) infinity.</summary>
    public static int? Compare(FeelValue left, bool leftIsStart, FeelValue right, bool rightIsStart)
    {
        if (left.IsNull || right.IsNull)
        {
            var leftRank = left.IsNull ? (leftIsStart ? -1 : 1) : 0;
            var rightRank = right.IsNull ? (rightIsStart ? -1 : 1) : 0;
            return leftRank.CompareTo(rightRank);
        }

        return FeelEquality.Compare(left, right);
    }

    public static FeelValue Relate(BuiltinCall call, Func<Interval, Interval, Func<FeelValue, bool, FeelValue, bool, int>, bool?> relation, bool pointsAllowed = true)
    {
        if (!TryInterval(call[0], out var first) || !TryInterval(call[1], out var second))
        {
            return call.Fail($"arguments must be points or ranges, found {FeelFormatter.Describe(call[0])} and {FeelFormatter.Describe(call[1])}");
        }

        if (!pointsAllowed && (first.IsPoint || second.IsPoint))
        {
            return call.Fail("arguments must be ranges");
        }

        var comparable = true;
        int Order(FeelValue a, bool aStart, FeelValue b, bool bStart)
        {
            var order = Compare(a, aStart, b, bStart);
            comparable &= order is not null;
            return order ?? 0;
        }

        var result = relation(first, second, Order);
        if (!comparable || result is null)
        {
            return call.Fail($"cannot relate {FeelFormatter.Describe(call[0])} and {FeelFormatter.Describe(call[1])}");
        }

        return FeelValue.FromBoolean(result.Value);
    }

    public static string[][] PairSignatures => [["point1", "point2"], ["point", "range"], ["range", "point"], ["range1", "range2"]];
}

internal abstract class RangeRelationFunction : BuiltinFunction
{
    protected RangeRelationFunction(string name, bool pointsAllowed, params string[][] parameterPairs)
    {
        Name = name;
        var body = (BuiltinBody)(call => RangeRelations.Relate(call, Relation, pointsAllowed));
        Signatures = parameterPairs.Select(pair => Signature(body, pair)).ToArray();
    }

    public override string Name { get; }

    public override IReadOnlyList<BuiltinSignature> Signatures { get; }

    protected abstract bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order);

    protected static bool Equal(Func<FeelValue, bool, FeelValue, bool, int> order, FeelValue a, bool aStart, FeelValue b, bool bStart) => order(a, aStart, b, bStart) == 0;
}

internal sealed class BeforeFunction() : RangeRelationFunction("before", true, RangeRelations.PairSignatures)
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        order(a.End, false, b.Start, true) < 0 || (Equal(order, a.End, false, b.Start, true) && (!a.EndIncluded || !b.StartIncluded));
}

internal sealed class AfterFunction() : RangeRelationFunction("after", true, RangeRelations.PairSignatures)
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        order(a.Start, true, b.End, false) > 0 || (Equal(order, a.Start, true, b.End, false) && (!a.StartIncluded || !b.EndIncluded));
}

internal sealed class MeetsFunction() : RangeRelationFunction("meets", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        a.EndIncluded && b.StartIncluded && Equal(order, a.End, false, b.Start, true);
}

internal sealed class MetByFunction() : RangeRelationFunction("met by", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        a.StartIncluded && b.EndIncluded && Equal(order, a.Start, true, b.End, false);
}

internal sealed class OverlapsFunction() : RangeRelationFunction("overlaps", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        (order(a.End, false, b.Start, true) > 0 || (Equal(order, a.End, false, b.Start, true) && a.EndIncluded && b.StartIncluded))
        && (order(a.Start, true, b.End, false) < 0 || (Equal(order, a.Start, true, b.End, false) && a.StartIncluded && b.EndIncluded));
}

internal sealed class OverlapsBeforeFunction() : RangeRelationFunction("overlaps before", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && a.StartIncluded && !b.StartIncluded))
        && (order(a.End, false, b.Start, true) > 0 || (Equal(order, a.End, false, b.Start, true) && a.EndIncluded && b.StartIncluded))
        && (order(a.End, false, b.End, false) < 0 || (Equal(order, a.End, false, b.End, false) && (!a.EndIncluded || b.EndIncluded)));
}

internal sealed class OverlapsAfterFunction() : RangeRelationFunction("overlaps after", false, ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        (order(b.Start, true, a.Start, true) < 0 || (Equal(order, b.Start, true, a.Start, true) && b.StartIncluded && !a.StartIncluded))
        && (order(b.End, false, a.Start, true) > 0 || (Equal(order, b.End, false, a.Start, true) && b.EndIncluded && a.StartIncluded))
        && (order(b.End, false, a.End, false) < 0 || (Equal(order, b.End, false, a.End, false) && (!b.EndIncluded || a.EndIncluded)));
}

internal sealed class FinishesFunction() : RangeRelationFunction("finishes", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => a.IsPoint
        ? b.EndIncluded && Equal(order, b.End, false, a.Start, true)
        : a.EndIncluded == b.EndIncluded && Equal(order, a.End, false, b.End, false)
            && (order(a.Start, true, b.Start, true) > 0 || (Equal(order, a.Start, true, b.Start, true) && (!a.StartIncluded || b.StartIncluded)));
}

internal sealed class FinishedByFunction() : RangeRelationFunction("finished by", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? a.EndIncluded && Equal(order, a.End, false, b.Start, true)
        : a.EndIncluded == b.EndIncluded && Equal(order, a.End, false, b.End, false)
            && (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && (a.StartIncluded || !b.StartIncluded)));
}

internal sealed class IncludesFunction() : RangeRelationFunction("includes", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => Includes(a, b, order);

    public static bool Includes(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? (order(a.Start, true, b.Start, true) < 0 && order(a.End, false, b.Start, true) > 0)
            || (Equal(order, a.Start, true, b.Start, true) && a.StartIncluded)
            || (Equal(order, a.End, false, b.Start, true) && a.EndIncluded)
        : (order(a.Start, true, b.Start, true) < 0 || (Equal(order, a.Start, true, b.Start, true) && (a.StartIncluded || !b.StartIncluded)))
            && (order(a.End, false, b.End, false) > 0 || (Equal(order, a.End, false, b.End, false) && (a.EndIncluded || !b.EndIncluded)));
}

internal sealed class DuringFunction() : RangeRelationFunction("during", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => IncludesFunction.Includes(b, a, order);
}

internal sealed class StartsFunction() : RangeRelationFunction("starts", true, ["point", "range"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => a.IsPoint
        ? b.StartIncluded && Equal(order, b.Start, true, a.Start, true)
        : Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
            && (order(b.End, false, a.End, false) > 0 || (Equal(order, b.End, false, a.End, false) && (!a.EndIncluded || b.EndIncluded)));
}

internal sealed class StartedByFunction() : RangeRelationFunction("started by", true, ["range", "point"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) => b.IsPoint
        ? a.StartIncluded && Equal(order, a.Start, true, b.Start, true)
        : Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
            && (order(a.End, false, b.End, false) > 0 || (Equal(order, a.End, false, b.End, false) && (!b.EndIncluded || a.EndIncluded)));
}

internal sealed class CoincidesFunction() : RangeRelationFunction("coincides", true, ["point1", "point2"], ["range1", "range2"])
{
    protected override bool? Relation(Interval a, Interval b, Func<FeelValue, bool, FeelValue, bool, int> order) =>
        Equal(order, a.Start, true, b.Start, true) && a.StartIncluded == b.StartIncluded
        && Equal(order, a.End, false, b.End, false) && a.EndIncluded == b.EndIncluded;
}

/// <summary>range(from): a range from its text, whose endpoints must be literals (numbers, strings, @-literals,
/// or date/time/duration conversions of string literals).</summary>
internal sealed class RangeFunction : BuiltinFunction
{
    public override string Name => "range";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Create, "from")];

    private static FeelValue Create(BuiltinCall call)
    {
        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        Node node;
        try
        {
            node = Parser.ParseExpression(text, BuiltinRegistry.Default.KnownNames, 20);
        }
        catch (ParseException exception)
        {
            return call.Fail($"'{text}' is not a range: {exception.Message}");
        }

        if (node is not RangeNode range || !IsLiteral(range.Start) || !IsLiteral(range.End))
        {
            return call.Fail($"'{text}' is not a range with literal endpoints");
        }

        try
        {
            var evaluator = new Compiler(BuiltinRegistry.Default).Compile(node);
            var saved = call.Evaluation.Scope;
            var value = evaluator(call.Evaluation);
            call.Evaluation.Scope = saved;
            return value.IsNull ? call.Fail($"'{text}' is not a valid range") : value;
        }
        catch (ParseException exception)
        {
            return call.Fail($"'{text}' is not a range: {exception.Message}");
        }
    }

    private static bool IsLiteral(Node node) => node switch
    {
        NumberNode or StringNode or AtLiteralNode => true,
        NegateNode negate => negate.Operand is NumberNode,
        CallNode { Callee: NameNode name, Arguments: [StringNode], Names: null } =>
            name.Name is "date" or "time" or "date and time" or "duration",
        _ => false,
    };
}
