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
    public static SearchContext For(EngineDatabase database, EngineDbContext context, DateTimeOffset? now = null) =>
        new(database.Provider == DatabaseProvider.Sqlite ? SearchDialect.Sqlite : SearchDialect.PostgreSql, context) { Now = now ?? default };

    /// <summary>The engine's clock at the search, for filters relative to now (a follow-up date still ahead).</summary>
    public DateTimeOffset Now { get; init; }

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

    /// <summary>Whether the search pages with cursors (page.after, page.before) besides offsets.</summary>
    public abstract bool SupportsCursors { get; }

    public SearchFieldInfo? Field(string field) => Fields.FirstOrDefault(f => f.Name == field);

    /// <summary>Null when <paramref name="cursor"/> is one this search wrote for the order <paramref name="sort"/>; else why not.</summary>
    public abstract string? CheckCursor(string cursor, IReadOnlyList<SortCriterion> sort);
}

/// <summary>A search over rows of <typeparamref name="TRow"/>, evaluated by the database (or in memory for derived data).</summary>
internal sealed class SearchSchema<TRow>(string name, Expression<Func<TRow, long>> key, params SortCriterion[] defaultSort) : SearchSchema(name)
{
    private static readonly MethodInfo CollateMethod = typeof(RelationalDbFunctionsExtensions)
        .GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!.MakeGenericMethod(typeof(string));

    private static readonly MethodInfo CompareMethod = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string), typeof(StringComparison)])!;

    // EF Core translates the two-argument string.Compare(a, b) > 0 to a > b.
    private static readonly MethodInfo CompareTwoMethod = typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!;

    private readonly List<Definition> _fields = [];
    private readonly Dictionary<string, string> _unsupported = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Func<TRow, object?>> _compiled = new(StringComparer.Ordinal);
    private bool _cursors;

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
    /// <paramref name="reverse"/> turns the whole order round (paging backwards from a cursor).
    /// </summary>
    public IOrderedQueryable<TRow> Sort(IQueryable<TRow> rows, SearchQuery query, SearchContext context, bool reverse = false)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        IOrderedQueryable<TRow>? ordered = null;
        foreach (var sortKey in SortKeys(Criteria(query)))
        {
            ordered = OrderBy(rows, ordered, Collated(sortKey.Key, context), sortKey.Descending != reverse, context);
        }

        return ordered!;
    }

    /// <summary>Offers cursor paging: a cursor holds the sort values of a row, and the next page starts after them.</summary>
    public SearchSchema<TRow> WithCursors()
    {
        _cursors = true;
        return this;
    }

    public override bool SupportsCursors => _cursors;

    /// <summary>The rows after the cursor's row in the query's order (before it when <paramref name="backwards"/>).</summary>
    public IQueryable<TRow> Seek(IQueryable<TRow> rows, SearchQuery query, SearchContext context, string cursor, bool backwards)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(query);
        var keys = SortKeys(Criteria(query));
        var values = ReadCursor(cursor, Criteria(query), keys, out var problem) ?? throw new ArgumentException(problem, nameof(cursor));
        var row = Expression.Parameter(typeof(TRow), "r");
        if (context.Dialect == SearchDialect.PostgreSql && RowComparison(keys, values, backwards, row) is { } together)
        {
            return rows.Where(Expression.Lambda<Func<TRow, bool>>(together, row));
        }

        Expression? after = null;
        Expression equalSoFar = Expression.Constant(true);
        for (var i = 0; i < keys.Count; i++)
        {
            var body = new ParameterReplacer(keys[i].Key.Parameters[0], row).Visit(keys[i].Key.Body);
            var beyond = Beyond(body, values[i], keys[i].Descending != backwards, context);
            var term = And(equalSoFar, beyond);
            after = after is null ? term : Or(after, term);
            equalSoFar = And(equalSoFar, Same(body, values[i]));
        }

        return rows.Where(Expression.Lambda<Func<TRow, bool>>(after ?? Expression.Constant(true), row));
    }

    private static readonly MethodInfo RowGreaterThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.GreaterThan),
        [typeof(DbFunctions), typeof(System.Runtime.CompilerServices.ITuple), typeof(System.Runtime.CompilerServices.ITuple)])!;

    private static readonly MethodInfo RowLessThan = typeof(NpgsqlDbFunctionsExtensions).GetMethod(nameof(NpgsqlDbFunctionsExtensions.LessThan),
        [typeof(DbFunctions), typeof(System.Runtime.CompilerServices.ITuple), typeof(System.Runtime.CompilerServices.ITuple)])!;

    /// <summary>
    /// On PostgreSQL, the rows after the cursor as one row comparison, (missing, due, key) &gt; (false, d, k), when it
    /// means the same as the terms <see cref="Seek"/> writes: every key in one direction, none of the cursor's values
    /// missing (a NULL in a row comparison answers unknown), no text (compared in collation C). PostgreSQL reads that
    /// as a range of the order's index and starts the page at the cursor; the OR of terms it can only check row by
    /// row, after reading every row of the pages before (a second page of a group cost twice the first, measured
    /// with TaskListBenchmark). Null when the terms must do.
    /// </summary>
    private static MethodCallExpression? RowComparison(List<(LambdaExpression Key, bool Descending)> keys, object?[] values, bool backwards,
        ParameterExpression row)
    {
        var descending = keys[0].Descending != backwards;
        if (keys.Count is < 2 or > 7 || keys.Any(k => k.Descending != backwards != descending || k.Key.Body.Type == typeof(string))
            || values.Any(v => v is null))
        {
            return null;
        }

        var bodies = keys.Select(k => new ParameterReplacer(k.Key.Parameters[0], row).Visit(k.Key.Body)).ToList();
        var types = bodies.Select(b => b.Type).ToArray();
        var tupleType = typeof(ValueTuple).Assembly.GetType($"System.ValueTuple`{keys.Count}")!.MakeGenericType(types);
        var constructor = tupleType.GetConstructor(types)!;
        Expression Tuple(IEnumerable<Expression> items) =>
            Expression.Convert(Expression.New(constructor, items), typeof(System.Runtime.CompilerServices.ITuple));
        return Expression.Call(descending ? RowLessThan : RowGreaterThan, SearchPredicates.EfFunctions,
            Tuple(bodies), Tuple(values.Select((v, i) => Parameter(v!, types[i]))));
    }

    /// <summary>The cursor of a row: its sort values under the query's order, opaque to the client.</summary>
    public string Cursor(TRow row, SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var criteria = Criteria(query);
        var values = SortKeys(criteria).Select(k => Compiled(k.Key)(row!)).ToList();
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("s", Signature(criteria));
            writer.WriteStartArray("v");
            foreach (var value in values)
            {
                switch (value)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case bool flag:
                        writer.WriteBooleanValue(flag);
                        break;
                    case int number:
                        writer.WriteNumberValue(number);
                        break;
                    case long number:
                        writer.WriteNumberValue(number);
                        break;
                    case DateTimeOffset instant:
                        writer.WriteStringValue(instant.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        writer.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Convert.ToBase64String(buffer.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public override string? CheckCursor(string cursor, IReadOnlyList<SortCriterion> sort)
    {
        var criteria = sort.Count > 0 ? sort : defaultSort;
        _ = ReadCursor(cursor, criteria, SortKeys(criteria), out var problem);
        return problem;
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

    private IReadOnlyList<SortCriterion> Criteria(SearchQuery query) => query.Sort.Count > 0 ? query.Sort : defaultSort;

    /// <summary>What the order compares, in turn: per criterion its missing flag (nullable values) and value, then the key.</summary>
    private List<(LambdaExpression Key, bool Descending)> SortKeys(IReadOnlyList<SortCriterion> criteria)
    {
        var keys = new List<(LambdaExpression Key, bool Descending)>();
        foreach (var criterion in criteria)
        {
            var sortKey = Find(criterion.Field).SortKey ?? throw new ArgumentException($"'{criterion.Field}' cannot be sorted on.", nameof(criteria));
            if (SearchPredicates.IsNullable(sortKey.Body.Type))
            {
                keys.Add((Expression.Lambda(Expression.Equal(sortKey.Body, Expression.Constant(null, sortKey.Body.Type)), sortKey.Parameters), false));
            }

            keys.Add((sortKey, criterion.Descending));
        }

        keys.Add((key, false));
        return keys;
    }

    private static LambdaExpression Collated(LambdaExpression sortKey, SearchContext context) =>
        sortKey.Body.Type == typeof(string) && context.Dialect == SearchDialect.PostgreSql
            ? Expression.Lambda(Expression.Call(CollateMethod, SearchPredicates.EfFunctions, sortKey.Body, Expression.Constant("C")), sortKey.Parameters)
            : sortKey;

    private static string Signature(IReadOnlyList<SortCriterion> criteria) =>
        string.Join(",", criteria.Select(c => c.Field + (c.Descending ? ":desc" : ":asc")));

    /// <summary>The cursor's values, typed as the sort keys are; null with the reason when it is no cursor of this order.</summary>
    private static object?[]? ReadCursor(string cursor, IReadOnlyList<SortCriterion> criteria, List<(LambdaExpression Key, bool Descending)> keys,
        out string? problem)
    {
        const string NotOurs = "is not a cursor of this search: pass the startCursor or endCursor of an earlier answer unchanged.";
        problem = null;
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            using var document = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(base64));
            var root = document.RootElement;
            if (root.GetProperty("s").GetString() != Signature(criteria))
            {
                problem = "belongs to another sort order; page with the sort the cursor was made with, or start again without a cursor.";
                return null;
            }

            var items = root.GetProperty("v");
            if (items.GetArrayLength() != keys.Count)
            {
                problem = NotOurs;
                return null;
            }

            var values = new object?[keys.Count];
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                var type = Nullable.GetUnderlyingType(keys[index].Key.Body.Type) ?? keys[index].Key.Body.Type;
                values[index++] = item.ValueKind == System.Text.Json.JsonValueKind.Null ? null
                    : type == typeof(bool) ? item.GetBoolean()
                    : type == typeof(int) ? item.GetInt32()
                    : type == typeof(long) ? item.GetInt64()
                    : type == typeof(DateTimeOffset) ? DateTimeOffset.Parse(item.GetString()!, System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.RoundtripKind)
                    : type == typeof(string) ? item.GetString()
                    : throw new FormatException();
            }

            // A value is missing exactly where its flag says so, and the key is there.
            for (var i = 0; i < keys.Count - 1; i++)
            {
                if (keys[i].Key.Body.Type == typeof(bool) && keys[i].Key.Body is BinaryExpression { NodeType: ExpressionType.Equal }
                    && values[i] is bool missing && missing != (values[i + 1] is null))
                {
                    problem = NotOurs;
                    return null;
                }
            }

            if (values[^1] is null)
            {
                problem = NotOurs;
                return null;
            }

            return values;
        }
        catch (Exception ex) when (ex is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            problem = NotOurs;
            return null;
        }
    }

    /// <summary>The key's value beyond the cursor's in the direction of the order (false when none can be: all missing).</summary>
    private static Expression Beyond(Expression body, object? value, bool descending, SearchContext context)
    {
        if (value is null)
        {
            return Expression.Constant(false);
        }

        if (body.Type == typeof(bool))
        {
            // false sorts before true.
            return (bool)value == descending ? Expression.Equal(body, Expression.Constant(!descending)) : Expression.Constant(false);
        }

        var parameter = Parameter(value, body.Type);
        if (body.Type == typeof(string))
        {
            var left = context.Dialect == SearchDialect.PostgreSql
                ? Expression.Call(CollateMethod, SearchPredicates.EfFunctions, body, Expression.Constant("C"))
                : body;
            var compare = Expression.Call(CompareMethod, left, parameter, Expression.Constant(StringComparison.Ordinal));
            var databaseCompare = context.Dialect == SearchDialect.InMemory ? (Expression)compare : Expression.Call(CompareTwoMethod, left, parameter);
            return descending ? Expression.LessThan(databaseCompare, Expression.Constant(0)) : Expression.GreaterThan(databaseCompare, Expression.Constant(0));
        }

        return descending ? Expression.LessThan(body, parameter) : Expression.GreaterThan(body, parameter);
    }

    private static BinaryExpression Same(Expression body, object? value) =>
        value is null ? Expression.Equal(body, Expression.Constant(null, body.Type)) : Expression.Equal(body, Parameter(value, body.Type));

    private static Expression Parameter(object value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var holder = Activator.CreateInstance(typeof(QueryParameter<>).MakeGenericType(underlying), value)!;
        Expression read = Expression.Property(Expression.Constant(holder), nameof(QueryParameter<object>.Value));
        return read.Type == type ? read : Expression.Convert(read, type);
    }

    private static Expression And(Expression left, Expression right) =>
        left is ConstantExpression { Value: true } ? right : Expression.AndAlso(left, right);

    private static Expression Or(Expression left, Expression right) =>
        right is ConstantExpression { Value: false } ? left : left is ConstantExpression { Value: false } ? right : Expression.OrElse(left, right);

    private Func<TRow, object?> Compiled(LambdaExpression sortKey) =>
        _compiled.GetOrAdd(sortKey.ToString(), _ => Expression.Lambda<Func<TRow, object?>>(
            Expression.Convert(sortKey.Body, typeof(object)), sortKey.Parameters).Compile());

    /// <summary>Puts one lambda's body onto another lambda's parameter.</summary>
    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
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
