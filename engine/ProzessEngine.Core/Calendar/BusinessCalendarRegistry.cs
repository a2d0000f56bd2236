using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// Resolves the calendar id a process or timer names (an extension attribute in the model) to a
/// <see cref="BusinessCalendar"/>: the sixteen Länder by code ("BY", "BE", "SN", …) and the configured municipal
/// calendars by their ids ("augsburg"). Ids are compared ignoring case. Immutable.
/// </summary>
public sealed class BusinessCalendarRegistry
{
    private readonly FrozenDictionary<string, BusinessCalendar> _calendars;

    /// <param name="defaultCalendarId">The calendar for models that name none, e.g. the Land of the municipality.</param>
    /// <param name="municipalCalendars">Calendars with their own ids, built with <see cref="BusinessCalendar.WithId"/>.</param>
    /// <exception cref="ArgumentException">
    /// Two calendars share an id, a municipal calendar uses a Land's code, or the default id is unknown.
    /// </exception>
    public BusinessCalendarRegistry(string defaultCalendarId, params IEnumerable<BusinessCalendar> municipalCalendars)
    {
        ArgumentNullException.ThrowIfNull(defaultCalendarId);
        ArgumentNullException.ThrowIfNull(municipalCalendars);

        var byId = FederalStates.All
            .Select(BusinessCalendar.ForState)
            .ToDictionary(calendar => calendar.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var calendar in municipalCalendars)
        {
            ArgumentNullException.ThrowIfNull(calendar, nameof(municipalCalendars));
            if (FederalStates.TryParseCode(calendar.Id, out _))
            {
                throw new ArgumentException(
                    $"The municipal calendar '{calendar}' uses the id of a Land; give it its own id with WithId.",
                    nameof(municipalCalendars));
            }

            if (!byId.TryAdd(calendar.Id, calendar))
            {
                throw new ArgumentException(
                    $"Two calendars have the id '{calendar.Id}' (ids are compared ignoring case).", nameof(municipalCalendars));
            }
        }

        _calendars = byId.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        Ids = [.. _calendars.Keys.Order(StringComparer.OrdinalIgnoreCase)];
        Default = _calendars.TryGetValue(defaultCalendarId, out var fallback)
            ? fallback
            : throw new ArgumentException(UnknownIdMessage(defaultCalendarId, Ids), nameof(defaultCalendarId));
    }

    /// <summary>The calendar used when a model names none.</summary>
    public BusinessCalendar Default { get; }

    /// <summary>All known ids, sorted.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The calendar with this id; <see cref="Default"/> when <paramref name="id"/> is null or blank.</summary>
    /// <exception cref="UnknownBusinessCalendarException">No calendar has this id; the message lists the known ids.</exception>
    public BusinessCalendar Get(string? id)
    {
        if (TryGet(id, out var calendar))
        {
            return calendar;
        }

        throw new UnknownBusinessCalendarException(id!, Ids, UnknownIdMessage(id!, Ids));
    }

    /// <summary>Like <see cref="Get"/>, without throwing; blank ids give <see cref="Default"/>.</summary>
    public bool TryGet(string? id, [NotNullWhen(true)] out BusinessCalendar? calendar)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            calendar = Default;
            return true;
        }

        return _calendars.TryGetValue(id.Trim(), out calendar);
    }

    private static string UnknownIdMessage(string id, IReadOnlyList<string> knownIds) =>
        $"Unknown business calendar '{id}'. Known calendars: {string.Join(", ", knownIds)}.";
}
