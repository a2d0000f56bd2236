using ProzessEngine.Persistence.Routing;

namespace ProzessEngine.Persistence;

/// <summary>The outbox kind that carries work a command left over (Engine:Limits) to a following command on the same instance.</summary>
internal static class ContinuationOutbox
{
    public const string Kind = "continue-instance";

    public static OutboxWork For(long instanceKey) => new() { TargetInstanceKey = instanceKey };
}

/// <summary>
/// A command that used up its budget commits with a <c>continue-instance</c> outbox row in the same transaction. Right
/// after commit the node carries it out like any outbox row (a command of its own, in its own short transaction, which
/// may leave another row); a row left behind by a node that died is picked up by the outbox sweep on any node. Other
/// commands on the instance, and other instances, are served between two continuations.
/// </summary>
public sealed partial class InstanceCommands
{
    private Task<IReadOnlyList<long>> ContinueInstanceAsync(long outboxKey, OutboxWork work, CancellationToken cancellationToken) =>
        OnInstanceAsync(outboxKey, work.TargetInstanceKey, (process, state) => runtime.ContinueInstance(process, state), cancellationToken);
}
