namespace ProzessEngine.Host.Http;

/// <summary>The caller is known but may not do this (maps to HTTP 403).</summary>
internal sealed class ForbiddenException(string message) : Exception(message);
