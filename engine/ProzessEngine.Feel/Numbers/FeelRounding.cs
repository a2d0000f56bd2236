namespace ProzessEngine.Feel.Numbers;

internal enum FeelRounding
{
    HalfEven,
    HalfUp,
    HalfDown,
    AwayFromZero,
    TowardZero,
    Floor,
    Ceiling,
}

internal static class FeelRoundingDecision
{
    /// <summary>
    /// Decides whether a truncated quotient must be incremented (in magnitude).
    /// <paramref name="halfComparison"/> compares the dropped fraction with one half (-1, 0, 1);
    /// <paramref name="inexact"/> tells whether anything non-zero was dropped at all.
    /// </summary>
    public static bool RoundsUp(FeelRounding mode, int halfComparison, bool inexact, bool quotientIsOdd, bool negative)
    {
        if (!inexact)
        {
            return false;
        }

        return mode switch
        {
            FeelRounding.HalfEven => halfComparison > 0 || (halfComparison == 0 && quotientIsOdd),
            FeelRounding.HalfUp => halfComparison >= 0,
            FeelRounding.HalfDown => halfComparison > 0,
            FeelRounding.AwayFromZero => true,
            FeelRounding.TowardZero => false,
            FeelRounding.Floor => negative,
            FeelRounding.Ceiling => !negative,
            _ => false,
        };
    }
}
