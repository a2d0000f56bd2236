namespace ProzessEngine.Feel;

/// <summary>The FEEL type of a <see cref="FeelValue"/>.</summary>
#pragma warning disable CA1720 // the FEEL type names are the clearest member names here
public enum FeelValueKind : byte
{
    Null,
    Number,
    String,
    Boolean,
    Date,
    Time,
    DateTime,
    DaysTimeDuration,
    YearsMonthsDuration,
    List,
    Context,
    Range,
    Function,
}
#pragma warning restore CA1720
