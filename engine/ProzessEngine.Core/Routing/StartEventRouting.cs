using ProzessEngine.Feel;

namespace ProzessEngine.Core.Routing;

/// <summary>Which start events a trigger reaches, beyond messages and signals (see <see cref="MessageRouting"/>, <see cref="SignalRouting"/>).</summary>
public static class StartEventRouting
{
    /// <summary>
    /// The conditional start events of the latest versions (of <paramref name="processId"/> only, when given) whose
    /// condition holds for <paramref name="variables"/>, in the order given (the order the processes were first deployed).
    /// </summary>
    public static IReadOnlyList<DeliveryToStartEvent> ConditionalStarts(IEnumerable<DeployedProcess> latestVersions,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables, string? processId)
    {
        ArgumentNullException.ThrowIfNull(latestVersions);
        return [.. latestVersions.Where(p => processId is null || p.ProcessId == processId)
            .SelectMany(p => ProcessRuntime.ConditionalStartEventsMatching(p, variables).Select(id => new DeliveryToStartEvent(p, id)))];
    }
}
