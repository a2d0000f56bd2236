using System.Xml;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// The time one parse may take (<see cref="BpmnParserOptions.MaxParseTime"/>). Reading the XML and reading each flow
/// element ask it; past the limit it throws <see cref="ModelLimitException"/>, which ends the parse with one problem.
/// </summary>
internal sealed class ParseBudget(BpmnParserOptions options)
{
    private readonly long _started = options.Clock.GetTimestamp();

    public void Check(IXmlLineInfo? where = null)
    {
        if (options.Clock.GetElapsedTime(_started) > options.MaxParseTime)
        {
            throw new ModelLimitException(
                $"Reading the model took longer than the limit of {options.MaxParseTime.TotalSeconds:0.###} seconds (Engine:Limits:MaxParseTime).", where)
            {
                TimedOut = true,
            };
        }
    }
}

/// <summary>A model exceeds one of the parser's bounds: reading stops at once, with the one problem that names the bound.</summary>
internal sealed class ModelLimitException(string message, IXmlLineInfo? where = null) : Exception(message)
{
    public bool TimedOut { get; init; }

    public BpmnDiagnostic Diagnostic { get; } = where is { } info && info.HasLineInfo()
        ? new BpmnDiagnostic(null, message, info.LineNumber, info.LinePosition)
        : new BpmnDiagnostic(null, message);
}
