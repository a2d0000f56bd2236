namespace ProzessEngine.Benchmarks;

/// <summary>What a benchmark prints beside its figures about the machine it ran on.</summary>
internal static class Machine
{
    /// <summary>The one-minute load average: other work on the machine stretches every wall-clock figure.</summary>
    public static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
