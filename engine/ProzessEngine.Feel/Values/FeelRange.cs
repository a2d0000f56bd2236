namespace ProzessEngine.Feel.Values;

internal enum RangeShape : byte
{
    /// <summary>An interval with two endpoints, e.g. [1..10) or (null..10].</summary>
    Interval,

    /// <summary>A unary comparison used as a range: (&lt; 10), (&gt;= 5), (= 3), (!= 3).</summary>
    LessThan,
    LessOrEqual,
    GreaterThan,
    GreaterOrEqual,
    EqualTo,
    NotEqualTo,
}

/// <summary>A FEEL range value. Comparison shapes keep their endpoint in <see cref="End"/> (&lt;, &lt;=, =, !=) or <see cref="Start"/> (&gt;, &gt;=).</summary>
internal sealed record FeelRange(RangeShape Shape, FeelValue Start, bool StartIncluded, FeelValue End, bool EndIncluded)
{
    public static FeelRange FromComparison(RangeShape shape, FeelValue endpoint) => shape switch
    {
        RangeShape.LessThan => new FeelRange(shape, FeelValue.Null, false, endpoint, false),
        RangeShape.LessOrEqual => new FeelRange(shape, FeelValue.Null, false, endpoint, true),
        RangeShape.GreaterThan => new FeelRange(shape, endpoint, false, FeelValue.Null, false),
        RangeShape.GreaterOrEqual => new FeelRange(shape, endpoint, true, FeelValue.Null, false),
        _ => new FeelRange(shape, endpoint, true, endpoint, true),
    };

    /// <summary>The point type of the range (the kind of its non-null endpoints).</summary>
    public FeelValueKind PointKind => !Start.IsNull ? Start.Kind : End.Kind;
}
