namespace ProzessEngine.Feel.Values;

/// <summary>
/// The size of a value as the approximate length of its JSON text. Lists and contexts compute theirs once, when they
/// are built, from their items' sizes, so asking is O(1) however deep the value is. Shared references count every
/// time they occur: a list of 200 references to one string of 8 million characters has a size of 1.6 billion,
/// because storing, copying or sending it costs that much.
/// </summary>
internal static class FeelSize
{
    /// <summary>Sizes saturate here instead of overflowing (a list of lists of shared lists can describe more than 2^63).</summary>
    public const long Saturated = long.MaxValue / 4;

    public static long Of(in FeelValue value) => value.Kind switch
    {
        FeelValueKind.String => value.StringValue.Length + 2L,
        FeelValueKind.List => value.List.Size,
        FeelValueKind.Context => value.Context.Size,
        // Numbers of up to 20 digits near the decimal point print short; others up to ~76 characters (34 digits, a
        // point, and up to 40 zeros before JSON switches to exponent form).
        FeelValueKind.Number => value.Number.RawHigh == 0 && value.Number.Exponent is >= -8 and <= 8 ? 12 : 48,
        FeelValueKind.Boolean => 5,
        FeelValueKind.Range => 8 + Of(value.Range.Start) + Of(value.Range.End),
        FeelValueKind.Date or FeelValueKind.Time or FeelValueKind.DateTime
            or FeelValueKind.DaysTimeDuration or FeelValueKind.YearsMonthsDuration => 48,
        _ => 4,
    };

    /// <summary>Adds two sizes (each at most <see cref="Saturated"/>) without overflowing.</summary>
    public static long Add(long left, long right)
    {
        var sum = left + right;
        return sum > Saturated ? Saturated : sum;
    }

    /// <summary>Size of a list of the given items: brackets, and each item with its separator.</summary>
    public static long OfItems(ReadOnlySpan<FeelValue> items)
    {
        var size = 2L;
        foreach (ref readonly var item in items)
        {
            size = Add(size, Of(item) + 1);
        }

        return size;
    }

    /// <summary>Size of a context of the given entries: braces, and each key with its quotes, colon and separator.</summary>
    public static long OfEntries(ReadOnlySpan<KeyValuePair<string, FeelValue>> entries)
    {
        var size = 2L;
        foreach (ref readonly var entry in entries)
        {
            size = Add(size, Of(entry.Value) + entry.Key.Length + 4);
        }

        return size;
    }
}
