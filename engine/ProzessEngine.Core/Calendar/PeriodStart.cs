namespace ProzessEngine.Core.Calendar;

/// <summary>What the start day of a legal period is (§187 BGB).</summary>
public enum PeriodStart
{
    /// <summary>
    /// The day of an event (e.g. the day a Bescheid was served or a Frist was announced): that day is not counted
    /// (§187(1) BGB; §31(2) VwVfG for periods an authority sets).
    /// </summary>
    Event,

    /// <summary>
    /// The beginning of a day (e.g. the first day of a contract term, or the day of birth when computing an age):
    /// that day is counted (§187(2) BGB).
    /// </summary>
    StartOfDay,
}
