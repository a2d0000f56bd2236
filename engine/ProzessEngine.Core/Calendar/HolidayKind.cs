namespace ProzessEngine.Core.Calendar;

/// <summary>What kind of day off a <see cref="Holiday"/> is, which decides whether legal deadlines move off it.</summary>
public enum HolidayKind
{
    /// <summary>A public holiday of the whole Land (gesetzlicher Feiertag nach Landesrecht).</summary>
    Statutory,

    /// <summary>
    /// A public holiday only in some municipalities of the Land (e.g. Mariä Himmelfahrt in Bavarian municipalities
    /// with a Catholic majority, the Augsburger Hohes Friedensfest): a holiday "am Erklärungs- oder Leistungsort"
    /// in the sense of §193 BGB, so deadlines move off it.
    /// </summary>
    Regional,

    /// <summary>
    /// A day on which the authority is closed but which is no public holiday (e.g. Heiligabend, Rosenmontag):
    /// working-day durations skip it, legal deadlines do not move off it (§31(3) VwVfG names only Sundays,
    /// public holidays and Saturdays).
    /// </summary>
    OfficeClosure,
}
