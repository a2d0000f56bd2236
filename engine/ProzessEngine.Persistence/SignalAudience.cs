using ProzessEngine.Core;
using ProzessEngine.Core.Routing;

namespace ProzessEngine.Persistence;

/// <summary>
/// Counts who a signal throw event would reach, for Engine:Limits:MaxSignalDeliveriesPerCommand: the waiting signal
/// subscriptions (one query that stops at the bound) and the signal start events of the latest version of every process
/// (the models come from the definition cache). The runtime calls this synchronously while it runs a command, and only
/// when a signal throw event activates; the broadcast itself is routed after commit by <see cref="SignalRouting"/>.
/// </summary>
public sealed class SignalAudience(EngineDatabase database, DefinitionCache definitions) : ISignalAudience
{
    public int CountUpTo(string tenantId, string signalName, int atMost)
    {
        using var context = database.CreateContext();
        var waiting = context.SignalSubscriptions.Where(s => s.TenantId == tenantId && s.SignalName == signalName).Take(atMost).Count();
        if (waiting >= atMost)
        {
            return waiting;
        }

        var latest = context.ProcessDefinitions
            .Where(d => d.TenantId == tenantId
                && d.Version == context.ProcessDefinitions.Where(v => v.TenantId == d.TenantId && v.ProcessId == d.ProcessId).Max(v => v.Version))
            .Select(d => d.Key)
            .ToList();
        var starts = 0;
        foreach (var key in latest)
        {
            // Deployed versions never change, so the cache answers without I/O for every process seen before.
            var process = definitions.GetAsync(key).GetAwaiter().GetResult();
            starts += ProcessRuntime.SignalStartEventsOf(process).Count(s => s.SignalName == signalName);
        }

        return Math.Min(atMost, waiting + starts);
    }
}
