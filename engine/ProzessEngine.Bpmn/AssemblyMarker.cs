namespace ProzessEngine.Bpmn;

internal static class AssemblyMarker;
