namespace ProzessEngine.Core.Calendar;

/// <summary>A day off in a <see cref="BusinessCalendar"/>, with its German name.</summary>
/// <param name="Date">The day.</param>
/// <param name="Name">The German name, e.g. "Fronleichnam".</param>
/// <param name="Kind">Whether it is a public holiday of the Land, of the municipality, or only an office closure.</param>
public sealed record Holiday(DateOnly Date, string Name, HolidayKind Kind)
{
    /// <summary>True for public holidays (statutory or regional), on which legal deadlines do not end.</summary>
    public bool IsPublicHoliday => Kind != HolidayKind.OfficeClosure;
}
