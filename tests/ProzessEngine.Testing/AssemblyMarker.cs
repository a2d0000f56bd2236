namespace ProzessEngine.Testing;

internal static class AssemblyMarker;
