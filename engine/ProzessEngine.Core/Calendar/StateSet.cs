namespace ProzessEngine.Core.Calendar;

/// <summary>A set of Länder as a bit mask, so that the holiday table reads like the law.</summary>
internal readonly record struct StateSet(int Mask)
{
    public static StateSet All { get; } = new((1 << FederalStates.All.Count) - 1);

    public static StateSet Of(params ReadOnlySpan<FederalState> states)
    {
        int mask = 0;
        foreach (var state in states)
        {
            mask |= 1 << (int)state;
        }

        return new StateSet(mask);
    }

    public StateSet Except(params ReadOnlySpan<FederalState> states) => new(Mask & ~Of(states).Mask);

    public bool Contains(FederalState state) => (Mask & (1 << (int)state)) != 0;
}
