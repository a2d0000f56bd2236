using ProzessEngine.Feel.Syntax;

namespace ProzessEngine.Feel.Compilation;

/// <summary>Builds 'instance of' checks from type expressions (number, list&lt;string&gt;, context&lt;a: number&gt;, ...).</summary>
internal static class TypeChecks
{
    /// <summary>The check for <paramref name="type"/>, or null with <paramref name="unknown"/> set when a type name is unknown.</summary>
    public static Func<FeelValue, bool>? Build(TypeNode type, out string? unknown)
    {
        unknown = null;
        switch (type)
        {
            case NamedTypeNode named:
                var check = Named(named.Name);
                if (check is null)
                {
                    unknown = named.Name;
                }

                return check;
            case ListTypeNode list:
                var item = Build(list.Item, out unknown);
                if (item is null)
                {
                    return null;
                }

                return value => value.Kind == FeelValueKind.List && AllItems(value, item);
            case RangeTypeNode range:
                var point = Build(range.Point, out unknown);
                if (point is null)
                {
                    return null;
                }

                return value => value.Kind == FeelValueKind.Range && RangePointConforms(value, point);
            case ContextTypeNode context:
                var entries = new List<(string Key, Func<FeelValue, bool> Check)>();
                foreach (var entry in context.Entries)
                {
                    var entryCheck = Build(entry.Value, out unknown);
                    if (entryCheck is null)
                    {
                        return null;
                    }

                    entries.Add((entry.Key, entryCheck));
                }

                return value => value.Kind == FeelValueKind.Context && EntriesConform(value, entries);
            case FunctionTypeNode:
                return value => value.Kind == FeelValueKind.Function;
            default:
                unknown = "?";
                return null;
        }
    }

    private static bool AllItems(FeelValue list, Func<FeelValue, bool> check)
    {
        foreach (var item in list.List.AsSpan())
        {
            if (!item.IsNull && !check(item))
            {
                return false;
            }
        }

        return true;
    }

    private static bool RangePointConforms(FeelValue range, Func<FeelValue, bool> check)
    {
        var value = range.Range;
        return (value.Start.IsNull || check(value.Start)) && (value.End.IsNull || check(value.End));
    }

    private static bool EntriesConform(FeelValue context, List<(string Key, Func<FeelValue, bool> Check)> entries)
    {
        foreach (var (key, check) in entries)
        {
            if (!context.Context.TryGetValue(key, out var value) || (!value.IsNull && !check(value)))
            {
                return false;
            }
        }

        return true;
    }

    private static Func<FeelValue, bool>? Named(string name) => name switch
    {
        "Any" or "feel:Any" => value => !value.IsNull,
        "Null" or "feel:Null" => value => value.IsNull,
        "number" or "feel:number" => Kind(FeelValueKind.Number),
        "string" or "feel:string" => Kind(FeelValueKind.String),
        "boolean" or "feel:boolean" => Kind(FeelValueKind.Boolean),
        "date" or "feel:date" => Kind(FeelValueKind.Date),
        "time" or "feel:time" => Kind(FeelValueKind.Time),
        "date and time" or "dateTime" or "feel:date and time" => Kind(FeelValueKind.DateTime),
        "days and time duration" or "dayTimeDuration" or "feel:days and time duration" => Kind(FeelValueKind.DaysTimeDuration),
        "years and months duration" or "yearMonthDuration" or "feel:years and months duration" => Kind(FeelValueKind.YearsMonthsDuration),
        "list" => Kind(FeelValueKind.List),
        "context" => Kind(FeelValueKind.Context),
        "range" => Kind(FeelValueKind.Range),
        "function" => Kind(FeelValueKind.Function),
        _ => null,
    };

    private static Func<FeelValue, bool> Kind(FeelValueKind kind) => value => value.Kind == kind;
}
