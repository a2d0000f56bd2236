namespace ProzessEngine.Core;

internal static class AssemblyMarker;
