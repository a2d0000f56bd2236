using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Runtime;

/// <summary>FEEL + - * / ** and negation over numbers, strings, temporals and durations.</summary>
internal static class FeelArithmetic
{
    public static FeelValue Add(FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (left.Kind == FeelValueKind.Number && right.Kind == FeelValueKind.Number)
        {
            return FeelNumber.TryAdd(left.Number, right.Number, out var sum) ? FeelValue.FromNumber(sum) : Overflow(context, position);
        }

        switch (left.Kind, right.Kind)
        {
            case (FeelValueKind.String, FeelValueKind.String):
                // Checked before concatenating, so that doubling a string in a loop stops before it is allocated.
                context.CheckStringLength((long)left.StringValue.Length + right.StringValue.Length);
                return FeelValue.FromString(string.Concat(left.StringValue, right.StringValue));
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.DaysTimeDuration):
                return FeelValue.FromDaysTime(new DaysTimeDuration(left.DaysTime.Nanos + right.DaysTime.Nanos));
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.YearsMonthsDuration):
                return FeelValue.FromYearsMonths(new YearsMonthsDuration(left.YearsMonths.Months + right.YearsMonths.Months));
            case (FeelValueKind.DateTime, FeelValueKind.DaysTimeDuration):
                return AddToDateTime(left.DateTime, right, context, position);
            case (FeelValueKind.DateTime, FeelValueKind.YearsMonthsDuration):
                return AddToDateTime(left.DateTime, right, context, position);
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.DateTime):
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.DateTime):
                return AddToDateTime(right.DateTime, left, context, position);
            case (FeelValueKind.Date, FeelValueKind.DaysTimeDuration):
            case (FeelValueKind.Date, FeelValueKind.YearsMonthsDuration):
                return AddToDate(left.Date, right, context, position);
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.Date):
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.Date):
                return AddToDate(right.Date, left, context, position);
            case (FeelValueKind.Time, FeelValueKind.DaysTimeDuration):
                return FeelValue.FromTime(TemporalArithmetic.Add(left.Time, right.DaysTime));
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.Time):
                return FeelValue.FromTime(TemporalArithmetic.Add(right.Time, left.DaysTime));
            default:
                return Mismatch("add", left, right, context, position);
        }
    }

    public static FeelValue Subtract(FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (left.Kind == FeelValueKind.Number && right.Kind == FeelValueKind.Number)
        {
            return FeelNumber.TrySubtract(left.Number, right.Number, out var difference) ? FeelValue.FromNumber(difference) : Overflow(context, position);
        }

        switch (left.Kind, right.Kind)
        {
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.DaysTimeDuration):
                return FeelValue.FromDaysTime(new DaysTimeDuration(left.DaysTime.Nanos - right.DaysTime.Nanos));
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.YearsMonthsDuration):
                return FeelValue.FromYearsMonths(new YearsMonthsDuration(left.YearsMonths.Months - right.YearsMonths.Months));
            case (FeelValueKind.DateTime, FeelValueKind.DateTime):
                return Difference(left.DateTime, right.DateTime, context, position);
            case (FeelValueKind.Date, FeelValueKind.Date):
                return FeelValue.FromDaysTime(new DaysTimeDuration((Int128)(left.Date.EpochDay - right.Date.EpochDay) * TemporalUnits.NanosPerDay));
            case (FeelValueKind.Date, FeelValueKind.DateTime):
                return Difference(TemporalArithmetic.AtStartOfDayUtc(left.Date), right.DateTime, context, position);
            case (FeelValueKind.DateTime, FeelValueKind.Date):
                return Difference(left.DateTime, TemporalArithmetic.AtStartOfDayUtc(right.Date), context, position);
            case (FeelValueKind.DateTime, FeelValueKind.DaysTimeDuration):
                return AddToDateTime(left.DateTime, Negate(right), context, position);
            case (FeelValueKind.DateTime, FeelValueKind.YearsMonthsDuration):
                return AddToDateTime(left.DateTime, Negate(right), context, position);
            case (FeelValueKind.Date, FeelValueKind.DaysTimeDuration):
            case (FeelValueKind.Date, FeelValueKind.YearsMonthsDuration):
                return AddToDate(left.Date, Negate(right), context, position);
            case (FeelValueKind.Time, FeelValueKind.Time):
                var timeDifference = TemporalArithmetic.Subtract(left.Time, right.Time);
                return timeDifference is { } duration
                    ? FeelValue.FromDaysTime(duration)
                    : Warn(context, position, "cannot subtract a time with offset or zone and a local time");
            case (FeelValueKind.Time, FeelValueKind.DaysTimeDuration):
                return FeelValue.FromTime(TemporalArithmetic.Add(left.Time, new DaysTimeDuration(-right.DaysTime.Nanos)));
            default:
                return Mismatch("subtract", left, right, context, position);
        }
    }

    public static FeelValue Multiply(FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (left.Kind == FeelValueKind.Number && right.Kind == FeelValueKind.Number)
        {
            return FeelNumber.TryMultiply(left.Number, right.Number, out var product) ? FeelValue.FromNumber(product) : Overflow(context, position);
        }

        switch (left.Kind, right.Kind)
        {
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.Number):
                return ScaleDaysTime(left.DaysTime, right.Number, false, context, position);
            case (FeelValueKind.Number, FeelValueKind.DaysTimeDuration):
                return ScaleDaysTime(right.DaysTime, left.Number, false, context, position);
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.Number):
                return ScaleYearsMonths(left.YearsMonths, right.Number, false, context, position);
            case (FeelValueKind.Number, FeelValueKind.YearsMonthsDuration):
                return ScaleYearsMonths(right.YearsMonths, left.Number, false, context, position);
            default:
                return Mismatch("multiply", left, right, context, position);
        }
    }

    public static FeelValue Divide(FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (left.Kind == FeelValueKind.Number && right.Kind == FeelValueKind.Number)
        {
            if (right.Number.IsZero)
            {
                return Warn(context, position, "division by zero");
            }

            return FeelNumber.TryDivide(left.Number, right.Number, out var quotient) ? FeelValue.FromNumber(quotient) : Overflow(context, position);
        }

        switch (left.Kind, right.Kind)
        {
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.Number):
                return ScaleDaysTime(left.DaysTime, right.Number, true, context, position);
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.Number):
                return ScaleYearsMonths(left.YearsMonths, right.Number, true, context, position);
            case (FeelValueKind.DaysTimeDuration, FeelValueKind.DaysTimeDuration):
                return DivideNumbers(FeelNumber.FromInt128(left.DaysTime.Nanos), FeelNumber.FromInt128(right.DaysTime.Nanos), context, position);
            case (FeelValueKind.YearsMonthsDuration, FeelValueKind.YearsMonthsDuration):
                return DivideNumbers(FeelNumber.FromInt64(left.YearsMonths.Months), FeelNumber.FromInt64(right.YearsMonths.Months), context, position);
            default:
                return Mismatch("divide", left, right, context, position);
        }
    }

    public static FeelValue Power(FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (left.Kind != FeelValueKind.Number || right.Kind != FeelValueKind.Number)
        {
            return Mismatch("raise", left, right, context, position);
        }

        return FeelMath.TryPower(left.Number, right.Number, out var power)
            ? FeelValue.FromNumber(power)
            : Warn(context, position, $"{left.Number} ** {right.Number} is not a number within range");
    }

    public static FeelValue Negate(FeelValue value, EvalContext context, int position) => value.Kind switch
    {
        FeelValueKind.Number => FeelValue.FromNumber(value.Number.Negate()),
        FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration => Negate(value),
        _ => Warn(context, position, $"cannot negate {FeelFormatter.Describe(value)}"),
    };

    private static FeelValue Negate(FeelValue duration) => duration.Kind == FeelValueKind.DaysTimeDuration
        ? FeelValue.FromDaysTime(new DaysTimeDuration(-duration.DaysTime.Nanos))
        : FeelValue.FromYearsMonths(new YearsMonthsDuration(-duration.YearsMonths.Months));

    private static FeelValue DivideNumbers(FeelNumber dividend, FeelNumber divisor, EvalContext context, int position)
    {
        if (divisor.IsZero)
        {
            return Warn(context, position, "division by zero");
        }

        return FeelNumber.TryDivide(dividend, divisor, out var quotient) ? FeelValue.FromNumber(quotient) : Overflow(context, position);
    }

    private static FeelValue ScaleDaysTime(DaysTimeDuration duration, FeelNumber factor, bool divide, EvalContext context, int position)
    {
        var nanos = FeelNumber.FromInt128(duration.Nanos);
        if (divide && factor.IsZero)
        {
            return Warn(context, position, "division by zero");
        }

        var ok = divide ? FeelNumber.TryDivide(nanos, factor, out var scaled) : FeelNumber.TryMultiply(nanos, factor, out scaled);
        if (!ok || !scaled.TryTruncateToInt128(out var result))
        {
            return Overflow(context, position);
        }

        return FeelValue.FromDaysTime(new DaysTimeDuration(result));
    }

    private static FeelValue ScaleYearsMonths(YearsMonthsDuration duration, FeelNumber factor, bool divide, EvalContext context, int position)
    {
        var months = FeelNumber.FromInt64(duration.Months);
        if (divide && factor.IsZero)
        {
            return Warn(context, position, "division by zero");
        }

        var ok = divide ? FeelNumber.TryDivide(months, factor, out var scaled) : FeelNumber.TryMultiply(months, factor, out scaled);
        if (!ok || !scaled.TryTruncateToInt64(out var result))
        {
            return Overflow(context, position);
        }

        return FeelValue.FromYearsMonths(new YearsMonthsDuration(result));
    }

    private static FeelValue AddToDateTime(FeelDateTime value, FeelValue duration, EvalContext context, int position)
    {
        var ok = duration.Kind == FeelValueKind.DaysTimeDuration
            ? TemporalArithmetic.TryAdd(value, duration.DaysTime, out var result)
            : TemporalArithmetic.TryAdd(value, duration.YearsMonths, out result);
        return ok ? FeelValue.FromDateTime(result) : Warn(context, position, "date and time out of range");
    }

    private static FeelValue AddToDate(FeelDate value, FeelValue duration, EvalContext context, int position)
    {
        var ok = duration.Kind == FeelValueKind.DaysTimeDuration
            ? TemporalArithmetic.TryAdd(value, duration.DaysTime, out var result)
            : TemporalArithmetic.TryAdd(value, duration.YearsMonths, out result);
        return ok ? FeelValue.FromDate(result) : Warn(context, position, "date out of range");
    }

    private static FeelValue Difference(FeelDateTime left, FeelDateTime right, EvalContext context, int position)
    {
        var difference = TemporalArithmetic.Subtract(left, right);
        return difference is { } duration
            ? FeelValue.FromDaysTime(duration)
            : Warn(context, position, "cannot subtract a local date and time and one with offset or zone");
    }

    private static FeelValue Mismatch(string verb, FeelValue left, FeelValue right, EvalContext context, int position) =>
        Warn(context, position, $"cannot {verb} {FeelFormatter.Describe(left)} and {FeelFormatter.Describe(right)}");

    private static FeelValue Overflow(EvalContext context, int position) => Warn(context, position, "number out of range (more than 34 digits of exponent range)");

    private static FeelValue Warn(EvalContext context, int position, string message)
    {
        context.Warn(message, position);
        return FeelValue.Null;
    }
}
