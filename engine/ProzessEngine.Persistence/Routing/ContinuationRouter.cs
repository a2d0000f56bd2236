using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// A command that used up its budget (Engine:Limits) commits with a <c>continue-instance</c> outbox row in the same
/// transaction. Right after commit the node carries it out like any outbox row: a command of its own, in its own short
/// transaction, which may leave another row; a row left behind by a node that died is picked up by the outbox sweep on
/// any node. Other commands on the instance, and other instances, are served between two continuations.
/// </summary>
internal sealed class ContinuationRouter(CommandRunner runner, OutboxCommands outbox)
{
    public Task<IReadOnlyList<long>> ContinueAsync(OutboxEntry entry, CancellationToken cancellationToken) =>
        outbox.OnInstanceAsync(entry.Key, entry.Work.TargetInstanceKey, (process, state) => runner.Runtime.ContinueInstance(process, state),
            cancellationToken);
}
