using System.Text;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Runtime;

/// <summary>Text forms of values: FEEL literal text (for messages) and the string() conversion.</summary>
internal static class FeelFormatter
{
    private const int MaxDepth = 64;

    /// <summary>The result of FEEL string(value): strings as they are, everything else in FEEL notation.</summary>
    public static string ToFeelString(FeelValue value) => value.Kind switch
    {
        FeelValueKind.String => value.StringValue,
        FeelValueKind.Null => "null",
        FeelValueKind.Date => IsoTemporal.FormatDate(value.Date),
        FeelValueKind.Time => IsoTemporal.FormatTime(value.Time),
        FeelValueKind.DateTime => IsoTemporal.FormatDateTime(value.DateTime),
        FeelValueKind.DaysTimeDuration => IsoTemporal.FormatDaysTime(value.DaysTime),
        FeelValueKind.YearsMonthsDuration => IsoTemporal.FormatYearsMonths(value.YearsMonths),
        _ => ToLiteral(value),
    };

    public static string ToLiteral(FeelValue value) => ToLiteral(value, int.MaxValue);

    /// <summary>The literal text, cut off after about <paramref name="maxLength"/> characters (for messages: a list
    /// that refers to one long string many times must not be written out in full to describe it).</summary>
    private static string ToLiteral(FeelValue value, int maxLength)
    {
        var builder = new StringBuilder();
        AppendLiteral(builder, value, 0, maxLength);
        return builder.ToString();
    }

    private static void AppendLiteral(StringBuilder builder, FeelValue value, int depth, int maxLength)
    {
        if (depth > MaxDepth || builder.Length > maxLength)
        {
            builder.Append("...");
            return;
        }

        switch (value.Kind)
        {
            case FeelValueKind.Null:
                builder.Append("null");
                break;
            case FeelValueKind.Number:
                value.Number.AppendTo(builder);
                break;
            case FeelValueKind.String:
                AppendQuoted(builder, value.StringValue.Length > maxLength ? value.StringValue[..maxLength] : value.StringValue);
                break;
            case FeelValueKind.Boolean:
                builder.Append(value.BooleanValue ? "true" : "false");
                break;
            case FeelValueKind.Date:
            case FeelValueKind.Time:
            case FeelValueKind.DateTime:
            case FeelValueKind.DaysTimeDuration:
            case FeelValueKind.YearsMonthsDuration:
                builder.Append('@');
                AppendQuoted(builder, ToFeelString(value));
                break;
            case FeelValueKind.List:
                builder.Append('[');
                var first = true;
                foreach (var item in value.List.AsSpan())
                {
                    if (!first)
                    {
                        builder.Append(", ");
                    }

                    first = false;
                    AppendLiteral(builder, item, depth + 1, maxLength);
                    if (builder.Length > maxLength)
                    {
                        break;
                    }
                }

                builder.Append(']');
                break;
            case FeelValueKind.Context:
                builder.Append('{');
                var firstEntry = true;
                foreach (var entry in value.Context.AsSpan())
                {
                    if (!firstEntry)
                    {
                        builder.Append(", ");
                    }

                    firstEntry = false;
                    AppendKey(builder, entry.Key);
                    builder.Append(": ");
                    AppendLiteral(builder, entry.Value, depth + 1, maxLength);
                    if (builder.Length > maxLength)
                    {
                        break;
                    }
                }

                builder.Append('}');
                break;
            case FeelValueKind.Range:
                AppendRange(builder, value, depth, maxLength);
                break;
            case FeelValueKind.Function:
                builder.Append(value.Function.DisplayName);
                break;
        }
    }

    private static void AppendRange(StringBuilder builder, FeelValue value, int depth, int maxLength)
    {
        var range = value.Range;
        switch (range.Shape)
        {
            case Values.RangeShape.Interval:
                builder.Append(range.StartIncluded ? '[' : '(');
                AppendLiteral(builder, range.Start, depth + 1, maxLength);
                builder.Append("..");
                AppendLiteral(builder, range.End, depth + 1, maxLength);
                builder.Append(range.EndIncluded ? ']' : ')');
                return;
            case Values.RangeShape.LessThan:
                builder.Append("(< ");
                AppendLiteral(builder, range.End, depth + 1, maxLength);
                break;
            case Values.RangeShape.LessOrEqual:
                builder.Append("(<= ");
                AppendLiteral(builder, range.End, depth + 1, maxLength);
                break;
            case Values.RangeShape.GreaterThan:
                builder.Append("(> ");
                AppendLiteral(builder, range.Start, depth + 1, maxLength);
                break;
            case Values.RangeShape.GreaterOrEqual:
                builder.Append("(>= ");
                AppendLiteral(builder, range.Start, depth + 1, maxLength);
                break;
            case Values.RangeShape.EqualTo:
                builder.Append("(= ");
                AppendLiteral(builder, range.Start, depth + 1, maxLength);
                break;
            default:
                builder.Append("(!= ");
                AppendLiteral(builder, range.Start, depth + 1, maxLength);
                break;
        }

        builder.Append(')');
    }

    private static void AppendKey(StringBuilder builder, string key)
    {
        var plain = key.Length > 0 && (char.IsLetter(key[0]) || key[0] == '_');
        foreach (var c in key)
        {
            plain &= char.IsLetterOrDigit(c) || c == '_';
        }

        if (plain)
        {
            builder.Append(key);
        }
        else
        {
            AppendQuoted(builder, key);
        }
    }

    public static void AppendQuoted(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }

    /// <summary>FEEL type name of a value kind, as it appears in messages and 'instance of'.</summary>
    public static string TypeName(FeelValueKind kind) => kind switch
    {
        FeelValueKind.Null => "null",
        FeelValueKind.Number => "number",
        FeelValueKind.String => "string",
        FeelValueKind.Boolean => "boolean",
        FeelValueKind.Date => "date",
        FeelValueKind.Time => "time",
        FeelValueKind.DateTime => "date and time",
        FeelValueKind.DaysTimeDuration => "days and time duration",
        FeelValueKind.YearsMonthsDuration => "years and months duration",
        FeelValueKind.List => "list",
        FeelValueKind.Context => "context",
        FeelValueKind.Range => "range",
        _ => "function",
    };

    /// <summary>A short description of a value for warnings: its type and, when short, its text.</summary>
    public static string Describe(FeelValue value)
    {
        if (value.IsNull)
        {
            return "null";
        }

        var text = ToLiteral(value, 40);
        if (text.Length > 40)
        {
            text = string.Concat(text.AsSpan(0, 37), "...");
        }

        return $"{TypeName(value.Kind)} {text}";
    }
}
