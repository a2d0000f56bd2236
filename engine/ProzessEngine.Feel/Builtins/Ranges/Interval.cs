namespace ProzessEngine.Feel.Builtins.Ranges;

/// <summary>An interval view of a range or a point: a null start is minus infinity, a null end plus infinity.</summary>
internal readonly record struct Interval(FeelValue Start, bool StartIncluded, FeelValue End, bool EndIncluded, bool IsPoint);
