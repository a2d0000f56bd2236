using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence.Search;

/// <summary>Where a search runs: the database decides how $like and string ordering are written.</summary>
internal enum SearchDialect
{
    Sqlite,
    PostgreSql,
    InMemory,
}

/// <summary>What a field's filter may need besides the condition: the dialect, and the context for sub-queries.</summary>
internal sealed record SearchContext(SearchDialect Dialect, EngineDbContext? Database = null)
{
    public static SearchContext For(EngineDatabase database, EngineDbContext context) =>
        new(database.Provider == DatabaseProvider.Sqlite ? SearchDialect.Sqlite : SearchDialect.PostgreSql, context);

    public EngineDbContext Db => Database ?? throw new InvalidOperationException("This filter needs the database.");
}

/// <summary>
/// The fields one search offers (Camunda 8's names), which operators each takes and which can be sorted on; the Camunda
/// fields it knows but does not offer, with the reason. The API reads requests against this, so that an unknown field
/// is rejected by name instead of being ignored.
/// </summary>
public abstract class SearchSchema(string name)
{
    /// <summary>What is searched, for messages ("process instances").</summary>
    public string Name { get; } = name;

    public abstract IReadOnlyList<SearchFieldInfo> Fields { get; }

    /// <summary>Filters Camunda 8 has for this search that the engine cannot answer exactly, with the reason.</summary>
    public abstract IReadOnlyDictionary<string, string> Unsupported { get; }

    public SearchFieldInfo? Field(string field) => Fields.FirstOrDefault(f => f.Name == field);
}

/// <summary>A search over rows of <typeparamref name="TRow"/>, evaluated by the database (or in memory for derived data).</summary>
internal sealed class SearchSchema<TRow>(string name, Expression<Func<TRow, long>> key, params SortCriterion[] defaultSort) : SearchSchema(name)
{
    private static readonly MethodInfo CollateMethod = typeof(RelationalDbFunctionsExtensions)
        .GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!.MakeGenericMethod(typeof(string));

    private readonly List<Definition> _fields = [];
    private readonly Dictionary<string, string> _unsupported = new(StringComparer.Ordinal);

    public override IReadOnlyList<SearchFieldInfo> Fields => [.. _fields.Select(f => f.Info)];

    public override IReadOnlyDictionary<string, string> Unsupported => _unsupported;

    /// <summary>A field whose filter compares the selected column (or expression) with the condition's value.</summary>
    public SearchSchema<TRow> Column<TValue>(string field, FieldKind kind, Expression<Func<TRow, TValue>> selector, IReadOnlySet<FilterOperator> operators,
        bool sortable = true, IReadOnlyList<string>? allowedValues = null)
    {
        _fields.Add(new Definition(new SearchFieldInfo(field, kind, operators, sortable, allowedValues),
            operators.Count > 0 ? (condition, context) => Predicate(selector, condition, context) : null,
            sortable ? selector : null));
        return this;
    }

    /// <summary>A field whose filter is written by hand (candidates of a task, the latest version of a definition).</summary>
    public SearchSchema<TRow> Custom(string field, FieldKind kind, IReadOnlySet<FilterOperator> operators,
        Func<FieldCondition, SearchContext, Expression<Func<TRow, bool>>> filter, LambdaExpression? sortKey = null)
    {
        _fields.Add(new Definition(new SearchFieldInfo(field, kind, operators, sortKey is not null), filter, sortKey));
        return this;
    }

    public SearchSchema<TRow> NotSupported(string field, string reason)
    {
        _unsupported[field] = reason;
        return this;
    }

    /// <summary>Every condition of the query, each as a WHERE the database evaluates.</summary>
    public IQueryable<TRow> Filter(IQueryable<TRow> rows, SearchQuery query, SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        foreach (var condition in query.Conditions)
        {
            var filter = Find(condition.Field).Filter ?? throw new ArgumentException($"'{condition.Field}' cannot be filtered on.", nameof(query));
            rows = rows.Where(filter(condition, context));
        }

        return rows;
    }

    /// <summary>
    /// The query's order (or this search's default), then the key, so that equal values keep one order across pages.
    /// Missing values come last in either direction on both databases; strings compare by code point on both.
    /// </summary>
    public IOrderedQueryable<TRow> Sort(IQueryable<TRow> rows, SearchQuery query, SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        IOrderedQueryable<TRow>? ordered = null;
        foreach (var criterion in query.Sort.Count > 0 ? query.Sort : defaultSort)
        {
            var sortKey = Find(criterion.Field).SortKey ?? throw new ArgumentException($"'{criterion.Field}' cannot be sorted on.", nameof(query));
            if (SearchPredicates.IsNullable(sortKey.Body.Type))
            {
                var missing = Expression.Lambda(Expression.Equal(sortKey.Body, Expression.Constant(null, sortKey.Body.Type)), sortKey.Parameters);
                ordered = OrderBy(rows, ordered, missing, descending: false, context);
            }

            var body = sortKey.Body.Type == typeof(string) && context.Dialect == SearchDialect.PostgreSql
                ? Expression.Call(CollateMethod, SearchPredicates.EfFunctions, sortKey.Body, Expression.Constant("C"))
                : sortKey.Body;
            ordered = OrderBy(rows, ordered, Expression.Lambda(body, sortKey.Parameters), criterion.Descending, context);
        }

        return OrderBy(rows, ordered, key, descending: false, context);
    }

    public IQueryable<TRow> Page(IQueryable<TRow> rows, SearchQuery query, SearchContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Sort(Filter(rows, query, context), query, context).Skip(query.Page.From).Take(query.Page.Limit);
    }

    /// <summary>The condition as a predicate on the selected value, its value a query parameter, $like written for the database.</summary>
    public static Expression<Func<TRow, bool>> Predicate<TValue>(Expression<Func<TRow, TValue>> selector, FieldCondition condition,
        SearchContext context) =>
        Expression.Lambda<Func<TRow, bool>>(SearchPredicates.Compare(selector.Body, condition, context.Dialect), selector.Parameters);

    private static IOrderedQueryable<TRow> OrderBy(IQueryable<TRow> rows, IOrderedQueryable<TRow>? ordered, LambdaExpression sortKey, bool descending,
        SearchContext context)
    {
        var name = (ordered is null ? "OrderBy" : "ThenBy") + (descending ? "Descending" : "");
        // LINQ to objects would compare strings by culture; the databases compare code points.
        var ordinal = context.Dialect == SearchDialect.InMemory && sortKey.Body.Type == typeof(string);
        var method = typeof(Queryable).GetMethods()
            .Single(m => m.Name == name && m.GetParameters().Length == (ordinal ? 3 : 2))
            .MakeGenericMethod(typeof(TRow), sortKey.Body.Type);
        object[] arguments = ordinal ? [ordered ?? rows, sortKey, StringComparer.Ordinal] : [ordered ?? rows, sortKey];
        return (IOrderedQueryable<TRow>)method.Invoke(null, arguments)!;
    }

    private Definition Find(string field) =>
        _fields.FirstOrDefault(f => f.Info.Name == field) ?? throw new ArgumentException($"'{field}' is not a field of the {Name} search.", nameof(field));

    private sealed record Definition(SearchFieldInfo Info, Func<FieldCondition, SearchContext, Expression<Func<TRow, bool>>>? Filter,
        LambdaExpression? SortKey);
}

/// <summary>Conditions as expressions EF Core translates on SQLite and PostgreSQL alike (and LINQ to objects runs).</summary>
internal static class SearchPredicates
{
    private static readonly MethodInfo LikeMethod = typeof(DbFunctionsExtensions).GetMethod(nameof(DbFunctionsExtensions.Like),
        [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

    private static readonly MethodInfo GlobMethod = typeof(SqliteDbFunctionsExtensions).GetMethod(nameof(SqliteDbFunctionsExtensions.Glob))!;

    private static readonly MethodInfo InMemoryLikeMethod = typeof(LikePattern).GetMethod(nameof(LikePattern.IsMatch))!;

    public static Expression Compare(Expression value, FieldCondition condition, SearchDialect dialect)
    {
        var type = value.Type;
        return condition.Operator switch
        {
            FilterOperator.Equal => Expression.Equal(value, Parameter(condition.Value, type)),
            FilterOperator.NotEqual => Expression.NotEqual(value, Parameter(condition.Value, type)),
            FilterOperator.Exists => !IsNullable(type)
                ? Expression.Constant((bool)condition.Value)
                : (bool)condition.Value
                    ? Expression.NotEqual(value, Expression.Constant(null, type))
                    : Expression.Equal(value, Expression.Constant(null, type)),
            FilterOperator.In => Values(condition).Select(v => (Expression)Expression.Equal(value, Parameter(v, type)))
                .DefaultIfEmpty(Expression.Constant(false)).Aggregate(Expression.OrElse),
            FilterOperator.NotIn => Values(condition).Select(v => (Expression)Expression.NotEqual(value, Parameter(v, type)))
                .DefaultIfEmpty(Expression.Constant(true)).Aggregate(Expression.AndAlso),
            FilterOperator.GreaterThan => Expression.GreaterThan(value, Parameter(condition.Value, type)),
            FilterOperator.GreaterThanOrEqual => Expression.GreaterThanOrEqual(value, Parameter(condition.Value, type)),
            FilterOperator.LessThan => Expression.LessThan(value, Parameter(condition.Value, type)),
            FilterOperator.LessThanOrEqual => Expression.LessThanOrEqual(value, Parameter(condition.Value, type)),
            FilterOperator.Like => Like(value, (string)condition.Value, dialect),
            _ => throw new ArgumentOutOfRangeException(nameof(condition), condition.Operator, "Unknown operator."),
        };
    }

    private static MethodCallExpression Like(Expression value, string pattern, SearchDialect dialect) => dialect switch
    {
        SearchDialect.Sqlite => Expression.Call(GlobMethod, EfFunctions, value, Parameter(LikePattern.ToGlob(pattern), typeof(string))),
        SearchDialect.PostgreSql => Expression.Call(LikeMethod, EfFunctions, value, Parameter(LikePattern.ToSqlLike(pattern), typeof(string)),
            Expression.Constant("\\")),
        _ => Expression.Call(InMemoryLikeMethod, value, Expression.Constant(pattern)),
    };

    public static MemberExpression EfFunctions => Expression.Property(null, typeof(EF), nameof(EF.Functions));

    private static IEnumerable<object> Values(FieldCondition condition) => (IEnumerable<object>)condition.Value;

    /// <summary>
    /// The value read from a closure object, which EF Core sends as a parameter instead of writing it into the SQL (one
    /// cached plan per query shape, no quoting).
    /// </summary>
    private static Expression Parameter(object value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is DateTimeOffset instant)
        {
            // PostgreSQL's timestamptz takes UTC only.
            value = instant.ToUniversalTime();
        }

        var holder = Activator.CreateInstance(typeof(QueryParameter<>).MakeGenericType(underlying), value)!;
        Expression read = Expression.Property(Expression.Constant(holder), nameof(QueryParameter<object>.Value));
        return read.Type == type ? read : Expression.Convert(read, type);
    }

    public static bool IsNullable(Type type) => !type.IsValueType || Nullable.GetUnderlyingType(type) is not null;
}

/// <summary>A value held by an object, so that EF Core reads it as a parameter.</summary>
internal sealed class QueryParameter<T>(T value)
{
    public T Value { get; } = value;
}
