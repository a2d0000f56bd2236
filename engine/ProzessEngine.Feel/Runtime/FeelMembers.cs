using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Runtime;

/// <summary>Path access 'value.name': context entries, temporal and duration properties, range properties;
/// on a list, the path applies to every item.</summary>
internal static class FeelMembers
{
    public static FeelValue Get(FeelValue target, string name, EvalContext context, int position)
    {
        switch (target.Kind)
        {
            case FeelValueKind.Context:
                if (target.Context.TryGetValue(name, out var entry))
                {
                    return entry;
                }

                context.Warn($"no context entry '{name}'", position);
                return FeelValue.Null;
            case FeelValueKind.List:
                var items = target.List.AsSpan();
                var results = new FeelValue[items.Length];
                for (var i = 0; i < items.Length; i++)
                {
                    context.Step();
                    results[i] = items[i].Kind == FeelValueKind.Context && items[i].Context.TryGetValue(name, out var value)
                        ? value
                        : items[i].Kind == FeelValueKind.Context ? FeelValue.Null : Get(items[i], name, context, position);
                }

                return FeelValue.FromOwnedArray(results);
            case FeelValueKind.Null:
                context.Warn($"cannot read '{name}' of null", position);
                return FeelValue.Null;
        }

        var property = Property(target, name);
        if (property is { } found)
        {
            return found;
        }

        context.Warn($"no property '{name}' on {FeelFormatter.TypeName(target.Kind)}", position);
        return FeelValue.Null;
    }

    private static FeelValue? Property(FeelValue target, string name)
    {
        switch (target.Kind)
        {
            case FeelValueKind.Date:
                return DateProperty(target.Date, name);
            case FeelValueKind.DateTime:
                var dateTime = target.DateTime;
                return DateProperty(dateTime.Date, name) ?? TimeProperty(dateTime.Time, name) ?? name switch
                {
                    "time offset" => dateTime.HasOffset ? OffsetDuration(dateTime.OffsetSeconds) : FeelValue.Null,
                    "timezone" => dateTime.Zone is { } zone ? FeelValue.FromString(zone) : FeelValue.Null,
                    "date" => FeelValue.FromDate(dateTime.Date),
                    "time" => FeelValue.FromTime(dateTime.Time),
                    _ => null,
                };
            case FeelValueKind.Time:
                var time = target.Time;
                return TimeProperty(time, name) ?? name switch
                {
                    "time offset" => time.HasOffset ? OffsetDuration(time.OffsetSeconds) : FeelValue.Null,
                    "timezone" => time.Zone is { } zone ? FeelValue.FromString(zone) : FeelValue.Null,
                    _ => null,
                };
            case FeelValueKind.DaysTimeDuration:
                var duration = target.DaysTime;
                return name switch
                {
                    "days" => FeelValue.FromNumber(duration.Days),
                    "hours" => FeelValue.FromNumber(duration.Hours),
                    "minutes" => FeelValue.FromNumber(duration.Minutes),
                    "seconds" => FeelValue.FromNumber(duration.Seconds),
                    _ => null,
                };
            case FeelValueKind.YearsMonthsDuration:
                var months = target.YearsMonths;
                return name switch
                {
                    "years" => FeelValue.FromNumber(months.Years),
                    "months" => FeelValue.FromNumber(months.MonthsPart),
                    _ => null,
                };
            case FeelValueKind.Range:
                var range = target.Range;
                return name switch
                {
                    "start" => range.Start,
                    "end" => range.End,
                    "start included" => FeelValue.FromBoolean(range.StartIncluded),
                    "end included" => FeelValue.FromBoolean(range.EndIncluded),
                    _ => null,
                };
            default:
                return null;
        }
    }

    private static FeelValue? DateProperty(FeelDate date, string name) => name switch
    {
        "year" => FeelValue.FromNumber(date.Year),
        "month" => FeelValue.FromNumber(date.Month),
        "day" => FeelValue.FromNumber(date.Day),
        "weekday" => FeelValue.FromNumber(date.IsoWeekday),
        _ => null,
    };

    private static FeelValue? TimeProperty(FeelTime time, string name) => name switch
    {
        "hour" => FeelValue.FromNumber(time.Hour),
        "minute" => FeelValue.FromNumber(time.Minute),
        "second" => SecondValue(time),
        _ => null,
    };

    private static FeelValue SecondValue(FeelTime time)
    {
        if (time.FractionNanos == 0)
        {
            return FeelValue.FromNumber(time.Second);
        }

        FeelNumber.Create(false, (UInt128)((time.Second * TemporalUnits.NanosPerSecond) + time.FractionNanos), -9, out var seconds);
        return FeelValue.FromNumber(seconds.StripTrailingZeros());
    }

    public static FeelValue OffsetDuration(int offsetSeconds) =>
        FeelValue.FromDaysTime(new DaysTimeDuration((Int128)offsetSeconds * TemporalUnits.NanosPerSecond));
}
