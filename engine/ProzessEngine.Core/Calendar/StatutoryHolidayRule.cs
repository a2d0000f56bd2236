namespace ProzessEngine.Core.Calendar;

/// <summary>
/// One public holiday of a Land's Feiertagsgesetz (or the Einigungsvertrag for 3 October): where and in which
/// years it applies. Years without a bound extend the rule as it stood in 1990 into the past.
/// </summary>
internal sealed record StatutoryHolidayRule(
    string Name,
    DateRule Date,
    StateSet States,
    int FirstYear = int.MinValue,
    int LastYear = int.MaxValue)
{
    public DateOnly? In(FederalState state, int year) =>
        States.Contains(state) && year >= FirstYear && year <= LastYear ? Date.In(year) : null;
}
