using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace ProzessEngine.Core.Calendar;

/// <summary>
/// The days off of one place: the public holidays of a Land plus a municipality's extra days, minus days that are
/// not off after all. Answers whether a day is a working day, adds and counts working days, and computes legal
/// deadlines (Fristen) as §§187–193 BGB and §31 VwVfG count them. Immutable and safe to share between threads.
/// </summary>
public sealed partial class BusinessCalendar
{
    /// <summary>The first year a calendar answers for (the first year of the Gregorian computus).</summary>
    public const int FirstYear = GregorianEaster.FirstYear;

    /// <summary>The last year a calendar answers for.</summary>
    public const int LastYear = 9999;

    private readonly ConcurrentDictionary<int, YearOfDaysOff> _years = new();
    private readonly FrozenSet<DateOnly> _daysNotOff;

    private BusinessCalendar(
        string id,
        FederalState state,
        IReadOnlyList<MunicipalDay> extraDays,
        FrozenSet<DateOnly> daysNotOff,
        bool saturdayIsWorkingDay)
    {
        Id = id;
        State = state;
        ExtraDays = extraDays;
        _daysNotOff = daysNotOff;
        SaturdayIsWorkingDay = saturdayIsWorkingDay;
    }

    /// <summary>The id a model names the calendar by: the Land's code ("BY") or a municipal id ("augsburg").</summary>
    public string Id { get; }

    /// <summary>The Land whose public holidays apply.</summary>
    public FederalState State { get; }

    /// <summary>The municipality's extra days off, in the order they were added.</summary>
    public IReadOnlyList<MunicipalDay> ExtraDays { get; }

    /// <summary>Dates that are not off even though a rule makes them so.</summary>
    public IReadOnlySet<DateOnly> DaysNotOff => _daysNotOff;

    /// <summary>
    /// Whether Saturdays count as working days for <see cref="IsWorkingDay"/>, <see cref="AddWorkingDays"/> and
    /// <see cref="CountWorkingDays"/> (default false). Legal deadlines ignore this: they follow
    /// <see cref="DeadlineOptions.SaturdayIsWorkingDay"/>.
    /// </summary>
    public bool SaturdayIsWorkingDay { get; }

    /// <summary>The calendar of a Land, with the Land's code as its id.</summary>
    public static BusinessCalendar ForState(FederalState state) =>
        new(state.Code(), state, [], FrozenSet<DateOnly>.Empty, saturdayIsWorkingDay: false);

    /// <summary>
    /// A copy with another id, e.g. "augsburg". Ids start with a letter or digit and contain letters, digits,
    /// '.', '_' and '-'.
    /// </summary>
    public BusinessCalendar WithId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!IdPattern().IsMatch(id))
        {
            throw new ArgumentException(
                $"'{id}' is no calendar id: use letters, digits, '.', '_' and '-', starting with a letter or digit.", nameof(id));
        }

        return new(id, State, ExtraDays, _daysNotOff, SaturdayIsWorkingDay);
    }

    /// <summary>A copy with these municipal days added (a day already present is not added twice).</summary>
    public BusinessCalendar WithExtraDays(params IEnumerable<MunicipalDay> days)
    {
        ArgumentNullException.ThrowIfNull(days);
        var combined = ExtraDays.ToList();
        foreach (var day in days)
        {
            ArgumentNullException.ThrowIfNull(day, nameof(days));
            if (!combined.Contains(day))
            {
                combined.Add(day);
            }
        }

        return new(Id, State, combined.AsReadOnly(), _daysNotOff, SaturdayIsWorkingDay);
    }

    /// <summary>A copy in which these dates are not off, whatever rule (of the Land or the municipality) says so.</summary>
    public BusinessCalendar WithoutDaysOff(params IEnumerable<DateOnly> dates)
    {
        ArgumentNullException.ThrowIfNull(dates);
        return new(Id, State, ExtraDays, _daysNotOff.Concat(dates).ToFrozenSet(), SaturdayIsWorkingDay);
    }

    /// <summary>A copy in which Saturdays are (or are not) working days; see <see cref="SaturdayIsWorkingDay"/>.</summary>
    public BusinessCalendar WithSaturdayAsWorkingDay(bool saturdayIsWorkingDay = true) =>
        new(Id, State, ExtraDays, _daysNotOff, saturdayIsWorkingDay);

    /// <summary>All days off of <paramref name="year"/> (1583–9999) in date order, with their German names.</summary>
    public IReadOnlyList<Holiday> Holidays(int year) => Year(year).Holidays;

    /// <summary>True if <paramref name="date"/> is a public holiday here (statutory or regional, not an office closure).</summary>
    public bool IsPublicHoliday(DateOnly date) => Year(date.Year).PublicHolidays.Contains(date);

    /// <summary>
    /// True if <paramref name="date"/> is neither a Sunday, nor a Saturday (unless <see cref="SaturdayIsWorkingDay"/>),
    /// nor any day off of this calendar, office closures included.
    /// </summary>
    public bool IsWorkingDay(DateOnly date) =>
        !IsWeekend(date, SaturdayIsWorkingDay) && !Year(date.Year).AllDaysOff.Contains(date);

    /// <summary>
    /// The day that is <paramref name="workingDays"/> working days after <paramref name="date"/> (before it when
    /// negative). The start day itself is not counted, as in §187(1) BGB: adding 1 to a Friday gives the Monday
    /// (or the next working day after it). Adding 0 returns <paramref name="date"/> unchanged.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int workingDays)
    {
        int step = Math.Sign(workingDays);
        for (int remaining = Math.Abs(workingDays); remaining > 0;)
        {
            date = date.AddDays(step);
            if (IsWorkingDay(date))
            {
                remaining--;
            }
        }

        return date;
    }

    /// <summary>
    /// The number of working days met when walking from <paramref name="from"/> to <paramref name="to"/>, the start
    /// not counted: forwards the working days after <paramref name="from"/> up to and including <paramref name="to"/>,
    /// backwards (negative) those from <paramref name="to"/> up to but excluding <paramref name="from"/>. So
    /// <c>CountWorkingDays(d, AddWorkingDays(d, n)) == n</c> for every n.
    /// </summary>
    public int CountWorkingDays(DateOnly from, DateOnly to)
    {
        int step = to < from ? -1 : 1;
        int count = 0;
        for (var day = from; day != to;)
        {
            day = day.AddDays(step);
            if (IsWorkingDay(day))
            {
                count += step;
            }
        }

        return count;
    }

    /// <summary>
    /// The legal deadline (Frist) of <paramref name="period"/> starting at <paramref name="start"/>, counted as
    /// §§187–193 BGB and §31 VwVfG do: by default the start is an event (§187(1) BGB, e.g. the day a Bescheid was
    /// served) and an end on a Saturday, Sunday or public holiday of this calendar moves to the next working day
    /// (§193 BGB, §31(3) sentence 1 VwVfG). Office closures do not move the end.
    /// </summary>
    /// <param name="start">The day of the event, or the first day of the period with <see cref="PeriodStart.StartOfDay"/>.</param>
    /// <param name="period">Length and unit, e.g. <c>LegalPeriod.Months(1)</c> for a Widerspruchsfrist.</param>
    /// <param name="options">Start rule, the move rule, Saturdays and time zone; <see cref="DeadlineOptions.Default"/> when null.</param>
    public LegalDeadline ComputeDeadline(DateOnly start, LegalPeriod period, DeadlineOptions? options = null)
    {
        options ??= DeadlineOptions.Default;
        var unmovedLastDay = DeadlineArithmetic.LastDayOfPeriod(start, period, options.Start);

        var lastDay = unmovedLastDay;
        if (options.MoveEndOffNonWorkingDays)
        {
            while (IsWeekend(lastDay, options.SaturdayIsWorkingDay) || IsPublicHoliday(lastDay))
            {
                lastDay = lastDay.AddDays(1);
            }
        }

        var firstDay = options.Start == PeriodStart.Event ? start.AddDays(1) : start;
        return new LegalDeadline(firstDay, lastDay, unmovedLastDay, LocalDayStart.Of(lastDay.AddDays(1), options.TimeZone));
    }

    /// <summary>The id, e.g. "augsburg (BY + 2 extra days)".</summary>
    public override string ToString() =>
        ExtraDays.Count == 0 && Id == State.Code() ? Id : $"{Id} ({State.Code()} + {ExtraDays.Count} extra days)";

    private static bool IsWeekend(DateOnly date, bool saturdayIsWorkingDay) =>
        date.DayOfWeek == DayOfWeek.Sunday || (date.DayOfWeek == DayOfWeek.Saturday && !saturdayIsWorkingDay);

    private YearOfDaysOff Year(int year)
    {
        if (year is < FirstYear or > LastYear)
        {
            throw new ArgumentOutOfRangeException(
                nameof(year), year, $"The business calendar covers the years {FirstYear} to {LastYear}.");
        }

        return _years.GetOrAdd(year, static (y, calendar) => calendar.BuildYear(y), this);
    }

    private YearOfDaysOff BuildYear(int year)
    {
        var holidays = StatutoryHolidays.In(State, year).ToList();
        foreach (var extra in ExtraDays)
        {
            if (extra.Rule.In(year) is { } date && !holidays.Exists(h => h.Date == date && h.Name == extra.Name))
            {
                holidays.Add(new Holiday(date, extra.Name, extra.Kind));
            }
        }

        // OrderBy is stable: two holidays on one date (Tag der Arbeit and Christi Himmelfahrt in 2008) keep table order.
        var sorted = holidays
            .Where(h => !_daysNotOff.Contains(h.Date))
            .OrderBy(h => h.Date)
            .ThenBy(h => h.Kind)
            .ToList();

        return new YearOfDaysOff(
            sorted.AsReadOnly(),
            sorted.Where(h => h.IsPublicHoliday).Select(h => h.Date).ToFrozenSet(),
            sorted.Select(h => h.Date).ToFrozenSet());
    }

    // \z, not $: $ would let a trailing newline through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]*\z")]
    private static partial Regex IdPattern();

    private sealed record YearOfDaysOff(
        IReadOnlyList<Holiday> Holidays,
        FrozenSet<DateOnly> PublicHolidays,
        FrozenSet<DateOnly> AllDaysOff);
}
