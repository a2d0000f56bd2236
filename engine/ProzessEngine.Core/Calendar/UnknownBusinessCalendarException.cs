namespace ProzessEngine.Core.Calendar;

/// <summary>A model named a business calendar that is not configured.</summary>
public sealed class UnknownBusinessCalendarException : KeyNotFoundException
{
    /// <summary>Creates the exception; the message should list <paramref name="knownIds"/>.</summary>
    public UnknownBusinessCalendarException(string calendarId, IReadOnlyList<string> knownIds, string message)
        : base(message)
    {
        CalendarId = calendarId;
        KnownIds = knownIds;
    }

    /// <summary>The id that was asked for.</summary>
    public string CalendarId { get; }

    /// <summary>The ids that exist, sorted.</summary>
    public IReadOnlyList<string> KnownIds { get; }
}
