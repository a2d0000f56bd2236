namespace ProzessEngine.Feel;

/// <summary>A runtime problem: "no variable 'x'", "cannot compare number with string", ...; Position is the 0-based offset in the expression text.</summary>
public sealed record FeelWarning(string Message, int Position);
