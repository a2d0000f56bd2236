namespace ProzessEngine.Core;

/// <summary>The command refers to something that does not exist (maps to HTTP 404).</summary>
public sealed class EngineNotFoundException(string message) : Exception(message);

/// <summary>The command does not fit the current state, e.g. completing a task twice (maps to HTTP 409).</summary>
public sealed class EngineConflictException(string message) : Exception(message);
