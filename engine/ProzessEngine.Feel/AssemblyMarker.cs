namespace ProzessEngine.Feel;

internal static class AssemblyMarker;
