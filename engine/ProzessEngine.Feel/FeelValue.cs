using System.Diagnostics.CodeAnalysis;
using ProzessEngine.Feel.Builtins;
using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel;

/// <summary>
/// A FEEL value. A struct whose numbers, booleans, dates, times, date-times and durations live inline,
/// so evaluating number and boolean conditions allocates nothing; strings, lists, contexts, ranges
/// and functions refer to immutable objects. Equality is FEEL value equality (1.0 equals 1).
/// </summary>
public readonly struct FeelValue : IEquatable<FeelValue>
{
    private const byte NegativeFlag = 1;
    private const byte OffsetFlag = 2;

    private readonly object? _reference;
    private readonly ulong _low;
    private readonly ulong _high;
    private readonly int _int;
    private readonly byte _flags;
    private readonly FeelValueKind _kind;

    private FeelValue(FeelValueKind kind, object? reference, ulong low, ulong high, int integer, byte flags)
    {
        _kind = kind;
        _reference = reference;
        _low = low;
        _high = high;
        _int = integer;
        _flags = flags;
    }

    public static FeelValue Null => default;

    public static FeelValue True { get; } = new(FeelValueKind.Boolean, null, 1, 0, 0, 0);

    public static FeelValue False { get; } = new(FeelValueKind.Boolean, null, 0, 0, 0, 0);

    public FeelValueKind Kind => _kind;

    public bool IsNull => _kind == FeelValueKind.Null;

    public static FeelValue FromBoolean(bool value) => value ? True : False;

    public static FeelValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length >= EvalContext.CheckedStringLength)
        {
            // A string built during an evaluation counts toward that evaluation's limits.
            EvalContext.Current?.AdmitString(value.Length);
        }

        return new FeelValue(FeelValueKind.String, value, 0, 0, 0, 0);
    }

    public static FeelValue FromNumber(decimal value) => FromNumber(FeelNumber.FromDecimal(value));

    public static FeelValue FromNumber(long value) => FromNumber(FeelNumber.FromInt64(value));

    public static FeelValue FromNumber(int value) => FromNumber(FeelNumber.FromInt64(value));

    /// <summary>Parses a number from its exact decimal text ("12.50", "1e-3"); false when the text is not a number or
    /// cannot be kept exactly (more than 34 significant digits, or beyond the exponent range).</summary>
    public static bool TryParseNumber(string text, out FeelValue value)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (FeelNumber.TryParseExact(text.AsSpan().Trim(), out var number) == NumberText.Valid)
        {
            value = FromNumber(number);
            return true;
        }

        value = Null;
        return false;
    }

    public static FeelValue FromList(IEnumerable<FeelValue> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return FromList(new FeelList(items.ToArray()));
    }

    /// <summary>A context with the entries in the given order; a repeated key replaces the earlier value.</summary>
    public static FeelValue FromContext(IEnumerable<KeyValuePair<string, FeelValue>> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        return FromContext(FeelContext.FromEntries(entries));
    }

    public static FeelValue FromDate(DateOnly date) => FromDate(FeelDate.FromDateOnly(date));

    /// <summary>A local date and time (no offset, no zone).</summary>
    public static FeelValue FromLocalDateTime(DateTime dateTime)
    {
        var day = FeelDate.FromDateOnly(DateOnly.FromDateTime(dateTime)).EpochDay;
        return FromDateTime(FeelDateTime.Local(day, dateTime.TimeOfDay.Ticks * 100));
    }

    /// <summary>A date and time with the offset of <paramref name="dateTime"/>.</summary>
    public static FeelValue FromDateTime(DateTimeOffset dateTime)
    {
        var day = FeelDate.FromDateOnly(DateOnly.FromDateTime(dateTime.DateTime)).EpochDay;
        return FromDateTime(FeelDateTime.WithOffset(day, dateTime.TimeOfDay.Ticks * 100, (int)dateTime.Offset.TotalSeconds));
    }

    /// <summary>A days and time duration.</summary>
    public static FeelValue FromDuration(TimeSpan duration) => FromDaysTime(new DaysTimeDuration((Int128)duration.Ticks * 100));

    public static FeelValue FromYearsMonths(int years, int months) => FromYearsMonths(new YearsMonthsDuration((years * 12L) + months));

    /// <summary>A function value the host defines (a DMN business knowledge model, say): expressions call it by the
    /// variable it is bound to, with positional or named arguments, as they call a built-in.</summary>
    public static FeelValue FromFunction(FeelCustomFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        return FromFunction(new BuiltinFunctionValue(new CustomBuiltinFunction(function)));
    }

    /// <summary>The host function behind a value made by <see cref="FromFunction(FeelCustomFunction)"/>.</summary>
    public bool TryGetCustomFunction([NotNullWhen(true)] out FeelCustomFunction? function)
    {
        function = _kind == FeelValueKind.Function && _reference is BuiltinFunctionValue { Function: CustomBuiltinFunction custom } ? custom.Custom : null;
        return function is not null;
    }

    internal static FeelValue FromNumber(FeelNumber number) =>
        new(FeelValueKind.Number, null, number.RawLow, number.RawHigh, number.Exponent, number.IsNegative ? NegativeFlag : (byte)0);

    internal static FeelValue FromDate(FeelDate date) => new(FeelValueKind.Date, null, (ulong)date.EpochDay, 0, 0, 0);

    internal static FeelValue FromTime(FeelTime time) =>
        new(FeelValueKind.Time, time.Zone, (ulong)time.Nanos, 0, time.OffsetSeconds, time.HasOffset ? OffsetFlag : (byte)0);

    internal static FeelValue FromDateTime(FeelDateTime dateTime) =>
        new(FeelValueKind.DateTime, dateTime.Zone, (ulong)dateTime.Nanos, (ulong)dateTime.EpochDay, dateTime.OffsetSeconds, dateTime.HasOffset ? OffsetFlag : (byte)0);

    internal static FeelValue FromDaysTime(DaysTimeDuration duration) =>
        new(FeelValueKind.DaysTimeDuration, null, (ulong)duration.Nanos, (ulong)(duration.Nanos >> 64), 0, 0);

    internal static FeelValue FromYearsMonths(YearsMonthsDuration duration) =>
        new(FeelValueKind.YearsMonthsDuration, null, (ulong)duration.Months, 0, 0, 0);

    internal static FeelValue FromList(FeelList list) => new(FeelValueKind.List, list, 0, 0, 0, 0);

    /// <summary>Wraps the array without copying; the caller must not change it afterwards.</summary>
    internal static FeelValue FromOwnedArray(FeelValue[] items) => items.Length == 0 ? EmptyList : FromList(new FeelList(items));

    internal static FeelValue EmptyList { get; } = FromList(FeelList.Empty);

    internal static FeelValue FromContext(FeelContext context) => new(FeelValueKind.Context, context, 0, 0, 0, 0);

    internal static FeelValue FromRange(FeelRange range) => new(FeelValueKind.Range, range, 0, 0, 0, 0);

    internal static FeelValue FromFunction(FeelFunction function) => new(FeelValueKind.Function, function, 0, 0, 0, 0);

    internal bool IsTrue => _kind == FeelValueKind.Boolean && _low != 0;

    internal bool IsFalse => _kind == FeelValueKind.Boolean && _low == 0;

    internal FeelNumber Number => new(_low, _high, _int, (_flags & NegativeFlag) != 0);

    internal string StringValue => (string)_reference!;

    internal bool BooleanValue => _low != 0;

    internal FeelDate Date => new((long)_low);

    internal FeelTime Time => new((long)_low, _int, (_flags & OffsetFlag) != 0, (string?)_reference);

    internal FeelDateTime DateTime => new((long)_high, (long)_low, _int, (_flags & OffsetFlag) != 0, (string?)_reference);

    internal DaysTimeDuration DaysTime => new((Int128)new UInt128(_high, _low));

    internal YearsMonthsDuration YearsMonths => new((long)_low);

    internal FeelList List => (FeelList)_reference!;

    internal FeelContext Context => (FeelContext)_reference!;

    internal FeelRange Range => (FeelRange)_reference!;

    internal FeelFunction Function => (FeelFunction)_reference!;

    public bool TryGetBoolean(out bool value)
    {
        value = _kind == FeelValueKind.Boolean && _low != 0;
        return _kind == FeelValueKind.Boolean;
    }

    public bool TryGetString(out string value)
    {
        if (_kind == FeelValueKind.String)
        {
            value = (string)_reference!;
            return true;
        }

        value = string.Empty;
        return false;
    }

    /// <summary>The number as System.Decimal (rounded to 28-29 digits); false when not a number or out of range.</summary>
    public bool TryGetDecimal(out decimal value)
    {
        if (_kind == FeelValueKind.Number)
        {
            return Number.TryToDecimal(out value);
        }

        value = 0;
        return false;
    }

    /// <summary>The number as a long; false when not a number, not integral or out of range.</summary>
    public bool TryGetInt64(out long value)
    {
        value = 0;
        return _kind == FeelValueKind.Number && Number.IsInteger && Number.TryTruncateToInt64(out value);
    }

    /// <summary>The exact decimal text of a number ("1.50", "0.3333333333333333333333333333333333").</summary>
    public bool TryGetNumberText(out string text)
    {
        text = _kind == FeelValueKind.Number ? Number.ToString() : string.Empty;
        return _kind == FeelValueKind.Number;
    }

    public bool TryGetDate(out DateOnly date)
    {
        date = default;
        if (_kind != FeelValueKind.Date || Date.ToDateOnly() is not { } converted)
        {
            return false;
        }

        date = converted;
        return true;
    }

    /// <summary>A days and time duration as TimeSpan; false for other values or when it does not fit.</summary>
    public bool TryGetDuration(out TimeSpan duration)
    {
        duration = default;
        if (_kind != FeelValueKind.DaysTimeDuration)
        {
            return false;
        }

        var ticks = DaysTime.Nanos / 100;
        if (ticks > long.MaxValue || ticks < long.MinValue)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>The items of a list; throws InvalidOperationException when the value is not a list.</summary>
    public IReadOnlyList<FeelValue> AsList() =>
        _kind == FeelValueKind.List ? List : throw new InvalidOperationException($"The FEEL value is a {_kind}, not a list.");

    /// <summary>The ordered entries of a context; throws InvalidOperationException when the value is not a context.</summary>
    public IReadOnlyList<KeyValuePair<string, FeelValue>> AsContext() =>
        _kind == FeelValueKind.Context ? Context : throw new InvalidOperationException($"The FEEL value is a {_kind}, not a context.");

    public bool TryGetContextEntry(string key, out FeelValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (_kind == FeelValueKind.Context)
        {
            return Context.TryGetValue(key, out value);
        }

        value = Null;
        return false;
    }

    public bool Equals(FeelValue other) => FeelEquality.AreEqual(this, other);

    public override bool Equals(object? obj) => obj is FeelValue other && Equals(other);

    public override int GetHashCode() => FeelEquality.GetHashCode(this);

    public static bool operator ==(FeelValue left, FeelValue right) => left.Equals(right);

    public static bool operator !=(FeelValue left, FeelValue right) => !left.Equals(right);

    /// <summary>FEEL literal text of the value, for messages: "text", 12.5, [1, 2], {a: 1}, @"2026-01-31".</summary>
    public override string ToString() => FeelFormatter.ToLiteral(this);
}
