namespace ProzessEngine.Persistence;

internal static class AssemblyMarker;
