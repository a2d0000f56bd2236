namespace ProzessEngine.Dmn;

/// <summary>The parsed model, or null when an error diagnostic made it unusable.</summary>
public sealed record DmnParseResult(DmnModel? Model, IReadOnlyList<DmnDiagnostic> Diagnostics)
{
    public bool Succeeded => Model is not null && Diagnostics.Count == 0;
}

/// <summary>A problem in a DMN file. A decision table cell names its rule and column in the message.</summary>
public sealed record DmnDiagnostic(string ElementId, int Line, int Column, string Message);
