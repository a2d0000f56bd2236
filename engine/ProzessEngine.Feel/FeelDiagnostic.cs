namespace ProzessEngine.Feel;

/// <summary>A syntax error. Position is the 0-based offset in the text; Line and Column are 1-based.
/// Message says what was found and what was expected.</summary>
public sealed record FeelDiagnostic(int Position, int Line, int Column, string Message);
