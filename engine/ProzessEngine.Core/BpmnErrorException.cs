using ProzessEngine.Feel;

namespace ProzessEngine.Core;

/// <summary>
/// Thrown by an inline job handler to raise a BPMN error (a business outcome the model catches with an error boundary
/// event or event sub-process), as a job worker's throw-error command does. Any other exception is a technical failure
/// and becomes an incident.
/// </summary>
public sealed class BpmnErrorException : Exception
{
    public BpmnErrorException(string errorCode, string? message = null, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables = null)
        : base(message ?? errorCode)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ErrorCode = errorCode;
        ErrorMessage = message;
        Variables = variables ?? [];
    }

    public string ErrorCode { get; }
    public string? ErrorMessage { get; }
    public IReadOnlyList<KeyValuePair<string, FeelValue>> Variables { get; }
}
