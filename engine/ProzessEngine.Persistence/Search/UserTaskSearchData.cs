using System.Globalization;
using System.Text;
using ProzessEngine.Core.Text;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence.Search;

/// <summary>
/// What a task keeps for the task list and its search, derived from what the runtime computed (title, columns) and
/// from the instance's process variables: the columns as JSON, the lower-case text the free-text search looks in,
/// and the variables the process-variable search finds, each value as canonical JSON text. Written once here, read by
/// the command path and by the search, so that a filter value is compared in exactly the form that was stored.
/// </summary>
public static class UserTaskSearchData
{
    public const int MaxSearchTextLength = 2000;

    /// <summary>Longer values (as JSON) are not kept for the variable search: a case is found by short identifying values.</summary>
    public const int MaxVariableValueLength = 256;

    /// <summary>A column value longer than this (as JSON) is kept cut, as text.</summary>
    public const int MaxColumnValueLength = 1000;

    public const string DueDateIndex = "IX_user_tasks_list_due_date";
    public const string FollowUpDateIndex = "IX_user_tasks_list_follow_up_date";
    public const string PriorityIndex = "IX_user_tasks_list_priority";
    public const string CreationIndex = "IX_user_tasks_list_creation";
    public const string SearchTextIndex = "IX_user_tasks_search_text";

    /// <summary>The columns as a JSON object in their order; null when the process names none.</summary>
    public static string? ColumnsJson(IReadOnlyList<KeyValuePair<string, FeelValue>> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            return null;
        }

        return FeelJson.ToJsonString(FeelValue.FromContext(columns.Select(c => new KeyValuePair<string, FeelValue>(c.Key, ColumnValue(c.Value)))));
    }

    /// <summary>
    /// Title, column values and task name in lower case, separated by spaces. Numbers are there as written
    /// (7350.2) and as a German list shows them (7.350,20), so that a clerk finds what they see.
    /// </summary>
    public static string? SearchText(string? title, IReadOnlyList<KeyValuePair<string, FeelValue>> columns, string name)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var text = new StringBuilder();
        Append(text, title);
        foreach (var (_, value) in columns)
        {
            switch (value.Kind)
            {
                case FeelValueKind.Null:
                    break;
                case FeelValueKind.String:
                    value.TryGetString(out var s);
                    Append(text, s);
                    break;
                case FeelValueKind.Number:
                    value.TryGetNumberText(out var number);
                    Append(text, number);
                    if (value.TryGetDecimal(out var amount))
                    {
                        Append(text, amount.ToString("N2", GermanFormat.Culture));
                    }

                    break;
                case FeelValueKind.Date when value.TryGetDate(out var date):
                    Append(text, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    Append(text, date.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture));
                    break;
                default:
                    Append(text, FeelJson.ToJsonString(value));
                    break;
            }
        }

        Append(text, name);
        var result = text.ToString().ToLowerInvariant();
        return result.Length <= MaxSearchTextLength ? result : result[..MaxSearchTextLength];
    }

    /// <summary>The words of a free-text search, in lower case, as they are compared with <see cref="SearchText"/>.</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. text.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The process variables kept for the search: names of at most 255 characters whose value is a string, number,
    /// boolean or date and at most <see cref="MaxVariableValueLength"/> characters as JSON.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string>> SearchableVariables(IEnumerable<KeyValuePair<string, FeelValue>> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        foreach (var (name, value) in variables)
        {
            if (name.Length <= 255 && CanonicalValue(value) is { } text)
            {
                yield return new(name, text);
            }
        }
    }

    /// <summary>
    /// The value as the search keeps and compares it: JSON text, numbers without trailing zeros (7350.20 and 7350.2
    /// are one value); null for values the search does not keep (lists, contexts, durations, long texts, null).
    /// </summary>
    public static string? CanonicalValue(FeelValue value)
    {
        string text;
        switch (value.Kind)
        {
            case FeelValueKind.String or FeelValueKind.Boolean or FeelValueKind.Date or FeelValueKind.DateTime or FeelValueKind.Time:
                text = FeelJson.ToJsonString(value);
                break;
            case FeelValueKind.Number:
                text = value.TryGetDecimal(out var number)
                    ? (number / 1.0000000000000000000000000000m).ToString(CultureInfo.InvariantCulture)
                    : FeelJson.ToJsonString(value);
                break;
            default:
                return null;
        }

        return text.Length <= MaxVariableValueLength ? text : null;
    }

    private static FeelValue ColumnValue(FeelValue value)
    {
        var json = FeelJson.ToJsonString(value);
        if (json.Length <= MaxColumnValueLength)
        {
            return value;
        }

        var text = value.TryGetString(out var s) ? s : json;
        return FeelValue.FromString(string.Concat(text.AsSpan(0, Math.Min(text.Length, MaxColumnValueLength - 1)), "…"));
    }

    private static void Append(StringBuilder text, string? part)
    {
        if (string.IsNullOrWhiteSpace(part))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append(' ');
        }

        text.Append(part.Trim());
    }
}
