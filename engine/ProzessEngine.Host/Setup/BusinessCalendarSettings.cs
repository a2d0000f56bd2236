using ProzessEngine.Core.Calendar;

namespace ProzessEngine.Host.Setup;

/// <summary>
/// The "BusinessCalendars" configuration section: the default calendar and the municipality's own calendars
/// (docs/business-calendar.md). Environment variables: BusinessCalendars__Default=BY,
/// BusinessCalendars__Municipal__0__Id=augsburg, BusinessCalendars__Municipal__0__State=BY, ….
/// </summary>
public sealed class BusinessCalendarSettings
{
    public const string Section = "BusinessCalendars";

    /// <summary>The calendar for models that name none: a Land's code ("BY") or the id of a municipal calendar.</summary>
    public string Default { get; set; } = "BY";

    public List<MunicipalCalendarSettings> Municipal { get; set; } = [];

    /// <summary>Builds the registry; every mistake in the section is reported at once, with where it is.</summary>
    /// <exception cref="InvalidOperationException">The section is not valid.</exception>
    public BusinessCalendarRegistry CreateRegistry()
    {
        var problems = new List<string>();
        var calendars = new List<BusinessCalendar>();
        for (var i = 0; i < Municipal.Count; i++)
        {
            var settings = Municipal[i];
            var at = $"{Section}:Municipal:{i}";
            if (!FederalStates.TryParseCode(settings.State, out var state))
            {
                problems.Add($"{at}:State '{settings.State}' is not a Land's code (BW, BY, BE, BB, HB, HH, HE, MV, NI, NW, RP, SL, SN, ST, SH, TH).");
                continue;
            }

            try
            {
                var extraDays = new List<MunicipalDay>();
                for (var d = 0; d < settings.ExtraDays.Count; d++)
                {
                    var day = settings.ExtraDays[d];
                    try
                    {
                        extraDays.Add(MunicipalDay.Parse(day.Rule, day.Name, day.Kind));
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException)
                    {
                        problems.Add($"{at}:ExtraDays:{d}: {ex.Message}");
                    }
                }

                calendars.Add(BusinessCalendar.ForState(state.Value)
                    .WithId(settings.Id)
                    .WithExtraDays(extraDays)
                    .WithoutDaysOff(settings.DaysNotOff)
                    .WithSaturdayAsWorkingDay(settings.SaturdayIsWorkingDay));
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{at}: {ex.Message}");
            }
        }

        if (problems.Count == 0)
        {
            try
            {
                return new BusinessCalendarRegistry(Default, calendars);
            }
            catch (ArgumentException ex)
            {
                problems.Add($"{Section}: {ex.Message}");
            }
        }

        throw new InvalidOperationException("The business calendar configuration is not valid: " + string.Join(" ", problems));
    }
}

public sealed class MunicipalCalendarSettings
{
    /// <summary>The id models name the calendar by, e.g. "augsburg"; not a Land's code.</summary>
    public string Id { get; set; } = "";

    /// <summary>The Land whose public holidays apply (its code, e.g. "BY").</summary>
    public string State { get; set; } = "";

    public List<MunicipalDaySettings> ExtraDays { get; set; } = [];

    /// <summary>Dates that are off by a rule but not here (e.g. the office opens on a closure day this year).</summary>
    public List<DateOnly> DaysNotOff { get; set; } = [];

    public bool SaturdayIsWorkingDay { get; set; }
}

public sealed class MunicipalDaySettings
{
    /// <summary>MM-DD, YYYY-MM-DD, Easter+N, Easter-N, or an option name (MariaeHimmelfahrt, Fronleichnam, AugsburgerHohesFriedensfest).</summary>
    public string Rule { get; set; } = "";

    public string? Name { get; set; }

    public HolidayKind? Kind { get; set; }
}
