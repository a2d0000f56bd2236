namespace ProzessEngine.Core;

/// <summary>The command refers to something that does not exist (maps to HTTP 404).</summary>
public sealed class EngineNotFoundException(string message) : Exception(message);

/// <summary>The command does not fit the current state, e.g. completing a task twice (maps to HTTP 409).</summary>
public sealed class EngineConflictException(string message) : Exception(message);

/// <summary>A variable handed to a command is larger than Engine:Limits:MaxVariablesBytes allows (maps to HTTP 400 naming it).</summary>
public sealed class VariableTooLargeException(string variableName, long bytes, long limit)
    : Exception(string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"The variable '{variableName}' is {bytes:N0} bytes as JSON, more than Engine:Limits:MaxVariablesBytes ({limit:N0} bytes) allows."))
{
    public string VariableName { get; } = variableName;
}
