using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ProzessEngine.Feel;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Http;
using ProzessEngine.Persistence;
using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Host.Endpoints;

/// <summary>
/// The body of every search, in Camunda 8's v2 shape. The filter is read against the search's fields (docs/api.md), so
/// that an unknown field or operator is a 400 that names it instead of a filter that is silently left out.
/// </summary>
public sealed record SearchRequest(JsonElement? Filter, IReadOnlyList<SortRequest>? Sort, PageRequest? Page);

public sealed record SortRequest(string? Field, string? Order);

/// <summary>
/// Camunda 8's page: by offset (from, limit), or by cursor (after or before, with limit) where the search offers
/// cursors (the user task search); a search without them refuses after and before by name.
/// </summary>
public sealed record PageRequest(int? From, int? Limit, string? After = null, string? Before = null)
{
    internal static Page Resolve(PageRequest? page, SearchSchema schema, IReadOnlyList<SortCriterion> sort, RequestErrors errors)
    {
        var from = page?.From ?? 0;
        var limit = page?.Limit ?? 100;
        if (from < 0)
        {
            errors.Add("page.from", "must be 0 or more.");
        }

        if (limit is < 1 or > Page.MaxLimit)
        {
            errors.Add("page.limit", $"must be between 1 and {Page.MaxLimit}.");
        }

        foreach (var (field, cursor) in new[] { ("page.after", page?.After), ("page.before", page?.Before) })
        {
            if (cursor is null)
            {
                continue;
            }

            if (!schema.SupportsCursors)
            {
                errors.Add(field, $"Cursor paging is not supported by the {schema.Name} search; page with from and limit.");
            }
            else if (page?.From is not null)
            {
                errors.Add(field, "Page by cursor or by offset, not both: leave out page.from.");
            }
            else if (schema.CheckCursor(cursor, sort) is { } problem)
            {
                errors.Add(field, problem);
            }
        }

        if (page is { After: not null, Before: not null })
        {
            errors.Add("page.before", "Give after or before, not both.");
        }

        return new Page(Math.Max(0, from), Math.Clamp(limit, 1, Page.MaxLimit), page?.After, page?.Before);
    }
}

/// <summary>
/// Camunda 8's page of an answer: totalItems (counted up to a bound in the user task search, then hasMoreTotalItems),
/// and the cursors of the first and last item for the next search's page.before and page.after (user tasks only).
/// </summary>
public sealed record PageInfo(int TotalItems, bool HasMoreTotalItems = false, string? StartCursor = null, string? EndCursor = null);

public sealed record SearchResponse<T>(IReadOnlyList<T> Items, PageInfo Page);

public static class SearchResponse
{
    public static SearchResponse<T> From<T>(PagedResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new SearchResponse<T>(result.Items, new PageInfo(result.TotalItems, result.HasMoreTotalItems, result.StartCursor, result.EndCursor));
    }
}

/// <summary>A search as the engine runs it: the query, and the tenants it looks in.</summary>
internal sealed record ResolvedSearch(SearchQuery Query, IReadOnlyList<string> Tenants);

/// <summary>Reads a <see cref="SearchRequest"/> against a search's fields.</summary>
internal static partial class SearchRequestReader
{
    public const string TenantField = "tenantId";

    /// <summary>More values than this in $in or $notIn is a mistake rather than a search.</summary>
    public const int MaxListValues = 100;

    /// <summary>
    /// The query, and the tenants it runs in: the caller's own tenant unless the filter names tenantId, then every tenant
    /// the caller is allowed in (further narrowed by that filter). Naming a tenant the caller is not in is a 403.
    /// </summary>
    public static ResolvedSearch Read(SearchRequest? request, SearchSchema schema, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(caller);
        var errors = new RequestErrors();
        var conditions = ReadFilter(request?.Filter, schema, errors);
        var sort = ReadSort(request?.Sort, schema, errors);
        var page = PageRequest.Resolve(request?.Page, schema, sort, errors);
        errors.ThrowIfAny();

        var tenantConditions = conditions.Where(c => c.Field == TenantField).ToList();
        foreach (var named in tenantConditions.Where(c => c.Operator is FilterOperator.Equal or FilterOperator.In)
                     .SelectMany(c => c.Value is List<object> list ? list.Cast<string>() : [(string)c.Value]))
        {
            caller.Tenant(named, $"filter.{TenantField}");
        }

        return new ResolvedSearch(new SearchQuery(conditions, sort, page), tenantConditions.Count > 0 ? caller.TenantIds : [caller.TenantId]);
    }

    private static List<FieldCondition> ReadFilter(JsonElement? filter, SearchSchema schema, RequestErrors errors)
    {
        var conditions = new List<FieldCondition>();
        if (filter is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return conditions;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add("filter", $"must be a JSON object of field filters, not {Describe(element)}.");
            return conditions;
        }

        foreach (var property in element.EnumerateObject())
        {
            var path = $"filter.{property.Name}";
            if (schema.Unsupported.TryGetValue(property.Name, out var reason))
            {
                errors.Add(path, $"This Camunda 8 filter is not supported by the {schema.Name} search. {reason}");
                continue;
            }

            if (schema.Field(property.Name) is not { Filterable: true } field)
            {
                errors.Add(path, $"is not a filter of the {schema.Name} search; it offers {Names(schema.Fields.Where(f => f.Filterable))}.");
                continue;
            }

            ReadField(field, property.Value, path, conditions, errors);
        }

        return conditions;
    }

    private static void ReadField(SearchFieldInfo field, JsonElement value, string path, List<FieldCondition> conditions, RequestErrors errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(path, "null is not a filter value: leave the field out, or ask for a missing value with { \"$exists\": false }.");
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            if (ReadValue(field, value, path, errors) is { } plain)
            {
                conditions.Add(new FieldCondition(field.Name, FilterOperator.Equal, plain));
            }

            return;
        }

        if (field.PlainOnly)
        {
            errors.Add(path, $"takes only a plain value, {KindName(field.Kind)}: {field.Name} has no operators.");
            return;
        }

        var any = false;
        foreach (var property in value.EnumerateObject())
        {
            any = true;
            var operatorPath = $"{path}.{property.Name}";
            if (!FilterOperators.TryParse(property.Name, out var filterOperator))
            {
                errors.Add(operatorPath, $"is not a filter operator; {field.Name} takes {FilterOperators.Describe(field.Operators)}.");
                continue;
            }

            if (!field.Operators.Contains(filterOperator))
            {
                errors.Add(operatorPath, $"is not supported for {field.Name}; it takes {FilterOperators.Describe(field.Operators)}.");
                continue;
            }

            if (ReadOperand(field, filterOperator, property.Value, operatorPath, errors) is { } operand)
            {
                conditions.Add(new FieldCondition(field.Name, filterOperator, operand));
            }
        }

        if (!any)
        {
            errors.Add(path, $"names no operator; use a plain value or one of {FilterOperators.Describe(field.Operators)}.");
        }
    }

    private static object? ReadOperand(SearchFieldInfo field, FilterOperator filterOperator, JsonElement value, string path, RequestErrors errors)
    {
        switch (filterOperator)
        {
            case FilterOperator.Exists:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return value.GetBoolean();
                }

                errors.Add(path, $"takes true or false, not {Describe(value)}.");
                return null;

            case FilterOperator.Like:
                if (value.ValueKind == JsonValueKind.String)
                {
                    return value.GetString()!;
                }

                errors.Add(path, $"takes a pattern string (* for any characters, ? for one, \\ before a literal * or ?), not {Describe(value)}.");
                return null;

            case FilterOperator.In or FilterOperator.NotIn:
                if (value.ValueKind != JsonValueKind.Array)
                {
                    errors.Add(path, $"takes an array of values, not {Describe(value)}.");
                    return null;
                }

                if (value.GetArrayLength() > MaxListValues)
                {
                    errors.Add(path, $"takes at most {MaxListValues} values.");
                    return null;
                }

                var values = new List<object>();
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (ReadValue(field, item, $"{path}[{index++}]", errors) is { } read)
                    {
                        values.Add(read);
                    }
                }

                return values.Count == index ? values : null;

            default:
                return ReadValue(field, value, path, errors);
        }
    }

    private static object? ReadValue(SearchFieldInfo field, JsonElement value, string path, RequestErrors errors)
    {
        if (field.Kind == FieldKind.Variables)
        {
            return ReadVariables(value, path, errors);
        }

        object? read = field.Kind switch
        {
            FieldKind.Key => value.ValueKind switch
            {
                JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var key) => key,
                JsonValueKind.Number when value.TryGetInt64(out var key) && key >= 0 => key,
                _ => null,
            },
            FieldKind.Text => value.ValueKind == JsonValueKind.String ? value.GetString() : null,
            FieldKind.Number => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null,
            FieldKind.DateTime => value.ValueKind == JsonValueKind.String && ReadInstant(value.GetString()!) is { } instant ? instant : null,
            FieldKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.GetBoolean() : null,
            _ => null,
        };

        if (read is null)
        {
            errors.Add(path, $"must be {KindName(field.Kind)}, not {Describe(value)}.");
            return null;
        }

        if (field.AllowedValues is { } allowed && read is string text && !allowed.Contains(text, StringComparer.Ordinal))
        {
            errors.Add(path, $"'{text}' is not a value of {field.Name}; it is one of {string.Join(", ", allowed)}.");
            return null;
        }

        return read;
    }

    /// <summary>
    /// Camunda's [{ "name", "value" }], the value as JSON text ("\"R-1\"", "7350.2", "true") or a JSON number or boolean;
    /// every variable must match. Only values the engine keeps for the search can match, so others are refused.
    /// </summary>
    private static List<VariableCondition>? ReadVariables(JsonElement value, string path, RequestErrors errors)
    {
        const int MaxVariables = 10;
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add(path, "must be a non-empty list of { \"name\", \"value\" }, the value as JSON text (\"\\\"R-2026-001\\\"\" or \"7350.2\").");
            return null;
        }

        if (value.GetArrayLength() > MaxVariables)
        {
            errors.Add(path, $"takes at most {MaxVariables} variables.");
            return null;
        }

        var result = new List<VariableCondition>();
        var index = 0;
        var failed = false;
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(itemPath, "must be an object { \"name\", \"value\" }.");
                failed = true;
                continue;
            }

            string? name = null;
            string? canonical = null;
            foreach (var property in item.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name" when property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= 255 } text:
                        name = text;
                        break;
                    case "name":
                        errors.Add($"{itemPath}.name", "must be a variable name of 1 to 255 characters.");
                        failed = true;
                        break;
                    case "value":
                        canonical = ReadVariableValue(property.Value, $"{itemPath}.value", errors);
                        failed |= canonical is null;
                        break;
                    default:
                        errors.Add($"{itemPath}.{property.Name}", "is not part of a variable filter; it takes name and value (values are compared for equality).");
                        failed = true;
                        break;
                }
            }

            if (name is null && !item.TryGetProperty("name", out _))
            {
                errors.Add($"{itemPath}.name", "is required.");
                failed = true;
            }

            if (canonical is null && !item.TryGetProperty("value", out _))
            {
                errors.Add($"{itemPath}.value", "is required.");
                failed = true;
            }

            if (name is not null && canonical is not null)
            {
                result.Add(new VariableCondition(name, canonical));
            }
        }

        return failed ? null : result;
    }

    private static string? ReadVariableValue(JsonElement value, string path, RequestErrors errors)
    {
        FeelValue parsed;
        try
        {
            parsed = value.ValueKind == JsonValueKind.String ? FeelJson.FromJson(value.GetString()!) : FeelJson.FromJson(value);
        }
        catch (JsonException)
        {
            errors.Add(path, $"must be the variable's value as JSON text: \"\\\"{Shorten(value.GetString() ?? "")}\\\"\" for a text, \"7350.2\" for a number.");
            return null;
        }

        if (UserTaskSearchData.CanonicalValue(parsed) is { } canonical)
        {
            return canonical;
        }

        errors.Add(path, $"only texts, numbers, booleans and dates of at most {UserTaskSearchData.MaxVariableValueLength} characters (as JSON) are kept for " +
            "the search; lists, objects, null and longer values cannot be searched for.");
        return null;
    }

    /// <summary>An instant needs its offset: a local time would mean something else on every server.</summary>
    private static DateTimeOffset? ReadInstant(string text) =>
        WithOffset().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            ? instant.ToUniversalTime()
            : null;

    private static List<SortCriterion> ReadSort(IReadOnlyList<SortRequest>? sort, SearchSchema schema, RequestErrors errors)
    {
        var criteria = new List<SortCriterion>();
        for (var i = 0; i < (sort?.Count ?? 0); i++)
        {
            var item = sort![i];
            var path = $"sort[{i}]";
            if (item is null)
            {
                errors.Add(path, "must be an object { \"field\", \"order\" }.");
                continue;
            }

            var descending = false;
            switch (item.Order?.ToUpperInvariant())
            {
                case null or "ASC":
                    break;
                case "DESC":
                    descending = true;
                    break;
                default:
                    errors.Add($"{path}.order", $"'{item.Order}' is not an order; use ASC or DESC.");
                    break;
            }

            if (string.IsNullOrEmpty(item.Field))
            {
                errors.Add($"{path}.field", "is required.");
            }
            else if (schema.Field(item.Field) is not { Sortable: true })
            {
                errors.Add($"{path}.field", $"'{item.Field}' cannot be sorted on in the {schema.Name} search; it sorts by " +
                    $"{Names(schema.Fields.Where(f => f.Sortable))}.");
            }
            else
            {
                criteria.Add(new SortCriterion(item.Field, descending));
            }
        }

        return criteria;
    }

    private static string Names(IEnumerable<SearchFieldInfo> fields) => string.Join(", ", fields.Select(f => f.Name));

    private static string KindName(FieldKind kind) => kind switch
    {
        FieldKind.Key => "a key (a string of digits)",
        FieldKind.Text => "a string",
        FieldKind.Number => "a whole number",
        FieldKind.DateTime => "an ISO 8601 date-time with offset (2026-11-23T08:00:00Z)",
        FieldKind.Variables => "a list of { \"name\", \"value\" }",
        _ => "true or false",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{Shorten(value.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Shorten(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    [GeneratedRegex(@"(Z|z|[+-]\d{2}:?\d{2})$")]
    private static partial Regex WithOffset();
}
