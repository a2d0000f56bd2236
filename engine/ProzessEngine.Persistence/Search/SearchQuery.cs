namespace ProzessEngine.Persistence.Search;

/// <summary>The operators of Camunda 8's advanced search filters ($eq, $neq, $exists, $in, $notIn, $gt, $gte, $lt, $lte, $like).</summary>
public enum FilterOperator
{
    Equal,
    NotEqual,
    Exists,
    In,
    NotIn,
    GreaterThan,
    GreaterThanOrEqual,
    LessThan,
    LessThanOrEqual,
    Like,
}

/// <summary>What a search field holds, which decides how a filter value is read.</summary>
public enum FieldKind
{
    /// <summary>A 64-bit key, written as a string (or a number).</summary>
    Key,
    Text,

    /// <summary>A whole number (32 bits).</summary>
    Number,

    /// <summary>An instant, written as ISO 8601 with an offset.</summary>
    DateTime,
    Boolean,

    /// <summary>Camunda's variable filter: a list of { "name", "value" } that must all match, the value as JSON text.</summary>
    Variables,
}

/// <summary>One entry of a variable filter: the variable's name and its value in canonical JSON text (<see cref="UserTaskSearchData.CanonicalValue"/>).</summary>
public sealed record VariableCondition(string Name, string Value);

/// <summary>
/// One condition on one field. <see cref="Value"/> is the typed value (string, long, int, DateTimeOffset, bool), a list
/// of them for <see cref="FilterOperator.In"/> and <see cref="FilterOperator.NotIn"/>, a bool for
/// <see cref="FilterOperator.Exists"/>, and the Camunda pattern (with * and ?) for <see cref="FilterOperator.Like"/>.
/// </summary>
public sealed record FieldCondition(string Field, FilterOperator Operator, object Value);

public sealed record SortCriterion(string Field, bool Descending);

/// <summary>A search as the API asked for it: every condition must hold; sorted by the criteria, then by key.</summary>
public sealed record SearchQuery(IReadOnlyList<FieldCondition> Conditions, IReadOnlyList<SortCriterion> Sort, Page Page)
{
    public static SearchQuery All(Page? page = null) => new([], [], page ?? new Page());

    public IEnumerable<FieldCondition> On(string field) => Conditions.Where(c => c.Field == field);
}

/// <summary>A field of a search as the API names it (Camunda 8's names), with what may be done with it.</summary>
public sealed record SearchFieldInfo(string Name, FieldKind Kind, IReadOnlySet<FilterOperator> Operators, bool Sortable,
    IReadOnlyList<string>? AllowedValues = null)
{
    public bool Filterable => Operators.Count > 0;

    /// <summary>Takes only a plain value, no operator object (Camunda 8 offers no operators for it either).</summary>
    public bool PlainOnly => Operators.Count == 1 && Operators.Contains(FilterOperator.Equal);
}

/// <summary>The operator sets Camunda 8 offers per kind of field.</summary>
public static class FilterOperators
{
    public static IReadOnlySet<FilterOperator> None { get; } = new HashSet<FilterOperator>();

    public static IReadOnlySet<FilterOperator> Plain { get; } = new HashSet<FilterOperator> { FilterOperator.Equal };

    /// <summary>Keys: $eq, $neq, $exists, $in, $notIn.</summary>
    public static IReadOnlySet<FilterOperator> Basic { get; } = new HashSet<FilterOperator>
    {
        FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.Exists, FilterOperator.In, FilterOperator.NotIn,
    };

    /// <summary>Strings: the basic ones and $like.</summary>
    public static IReadOnlySet<FilterOperator> Text { get; } = new HashSet<FilterOperator>(Basic) { FilterOperator.Like };

    /// <summary>States and types with a fixed set of values: $eq, $neq, $exists, $in, $like.</summary>
    public static IReadOnlySet<FilterOperator> Enumeration { get; } = new HashSet<FilterOperator>
    {
        FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.Exists, FilterOperator.In, FilterOperator.Like,
    };

    /// <summary>Numbers and instants: $eq, $neq, $exists, $in and the comparisons.</summary>
    public static IReadOnlySet<FilterOperator> Range { get; } = new HashSet<FilterOperator>
    {
        FilterOperator.Equal, FilterOperator.NotEqual, FilterOperator.Exists, FilterOperator.In, FilterOperator.GreaterThan,
        FilterOperator.GreaterThanOrEqual, FilterOperator.LessThan, FilterOperator.LessThanOrEqual,
    };

    private static readonly Dictionary<string, FilterOperator> ByName = new(StringComparer.Ordinal)
    {
        ["$eq"] = FilterOperator.Equal,
        ["$neq"] = FilterOperator.NotEqual,
        ["$exists"] = FilterOperator.Exists,
        ["$in"] = FilterOperator.In,
        ["$notIn"] = FilterOperator.NotIn,
        ["$gt"] = FilterOperator.GreaterThan,
        ["$gte"] = FilterOperator.GreaterThanOrEqual,
        ["$lt"] = FilterOperator.LessThan,
        ["$lte"] = FilterOperator.LessThanOrEqual,
        ["$like"] = FilterOperator.Like,
    };

    public static bool TryParse(string name, out FilterOperator filterOperator) => ByName.TryGetValue(name, out filterOperator);

    public static string Name(FilterOperator filterOperator) => ByName.First(p => p.Value == filterOperator).Key;

    /// <summary>"$eq, $neq or $in", in the order of the enum.</summary>
    public static string Describe(IEnumerable<FilterOperator> operators)
    {
        var names = operators.Order().Select(Name).ToList();
        return names.Count <= 1 ? string.Concat(names) : string.Join(", ", names[..^1]) + " or " + names[^1];
    }
}
