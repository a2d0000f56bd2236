namespace ProzessEngine.Core;

/// <summary>
/// Who would receive a signal now, as far as a signal throw event needs to know before it broadcasts: when the signals
/// of one command would reach more receivers than Engine:Limits:MaxSignalDeliveriesPerCommand, the throw event that
/// crosses the bound gets an incident instead. The runtime asks only when a signal throw event activates; the
/// deliveries themselves are routed after commit.
/// </summary>
public interface ISignalAudience
{
    /// <summary>
    /// The waiting signal subscriptions with <paramref name="signalName"/> in <paramref name="tenantId"/> plus the signal
    /// start events with it in the latest version of every process, counted up to <paramref name="atMost"/> (a count
    /// that reaches it may be larger).
    /// </summary>
    int CountUpTo(string tenantId, string signalName, int atMost);
}
