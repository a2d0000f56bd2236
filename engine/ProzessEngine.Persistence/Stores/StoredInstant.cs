namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// How an instant is stored, on every path and both providers: in UTC, to the microsecond. PostgreSQL's timestamptz
/// keeps microseconds and Npgsql refuses an offset other than zero; SQLite stores UTC ticks. Cutting the instant to
/// what both keep before it is written (by the command path's SQL and by EF Core alike) means a value reads back as it
/// was written on either database, and that what a hash covers is what is stored.
/// </summary>
internal static class StoredInstant
{
    public static DateTimeOffset From(DateTimeOffset value)
    {
        var ticks = value.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }
}
