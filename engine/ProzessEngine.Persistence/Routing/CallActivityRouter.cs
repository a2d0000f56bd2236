using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Routing;
using ProzessEngine.Core.Serialization;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Routing;

/// <summary>
/// Call activities across instances: starts the child a call activity asked for while the call activity still waits for
/// it (or raises the incident on the call activity when it cannot), and carries a child's answer to its parent and a
/// parent's cancellation to its child. The rules are <see cref="CallActivityRouting"/> and <see cref="ParentChildWork"/>.
/// </summary>
internal sealed class CallActivityRouter(CommandRunner runner, OutboxCommands outbox)
{
    public async Task<IReadOnlyList<long>> StartChildAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var request = entry.Work.ToChildRequest();
        var caller = await runner.Definitions.GetAsync(entry.Work.DefinitionKey!.Value, cancellationToken);
        var called = CallActivityRouting.Resolve(request, await CandidatesAsync(caller, request, cancellationToken));
        if (called.Process is not { } process)
        {
            return await outbox.OnInstanceAsync(entry.Key, request.Parent.ProcessInstanceKey,
                (parentProcess, parent) => CallActivityRouting.FailCall(runner.Runtime, parentProcess, parent, request, called.Problem!), cancellationToken);
        }

        return await runner.Retry.ExecuteAsync($"Starting '{process.ProcessId}' for call activity '{request.ElementId}'", async () =>
        {
            var parent = await runner.ReadAsync(connection => InstanceReads.ActiveAsync(runner.Sql, connection, request.Parent.ProcessInstanceKey,
                cancellationToken), cancellationToken);
            if (parent is null || !CallActivityRouting.ParentWaitsFor(InstanceStateSerializer.Deserialize(parent.State), request))
            {
                await outbox.DropAsync(entry.Key, cancellationToken);
                return [];
            }

            // The parent must still wait when the child commits: a cancellation that slips in between would find no child.
            if (await runner.InsertAsync(process, () => CallActivityRouting.StartChild(runner.Runtime, process, request), entry.Key,
                    write => write.RequireUnchanged(parent), cancellationToken) is not { } inserted)
            {
                return (IReadOnlyList<long>)[];
            }

            runner.Notify(inserted.Result);
            return inserted.Outbox;
        });
    }

    /// <summary>A child's completion, error or escalation on its parent, or a parent's cancellation on its child.</summary>
    public Task<IReadOnlyList<long>> ParentChildAsync(OutboxEntry entry, CancellationToken cancellationToken)
    {
        var work = entry.Work.ToParentChildWork(OutboxKinds.ParentChildWorkOf(entry.Kind));
        return outbox.OnInstanceAsync(entry.Key, work.TargetInstanceKey, (process, target) => work.ApplyTo(runner.Runtime, process, target),
            cancellationToken);
    }

    /// <summary>
    /// The versions the rule chooses from, newest first. Only the version-tag binding looks past the newest, so only
    /// then are older versions loaded (each is a parsed model).
    /// </summary>
    private async Task<IReadOnlyList<DeployedProcess>> CandidatesAsync(DeployedProcess caller, Core.Intents.ChildInstanceRequested request,
        CancellationToken cancellationToken)
    {
        var keys = await runner.ReadAsync(connection => DefinitionStore.CallableVersionsAsync(runner.Sql, connection, caller, request.CalledProcessId,
            request.Binding, cancellationToken), cancellationToken);
        var candidates = new List<DeployedProcess>();
        foreach (var key in request.Binding == CallBinding.VersionTag ? keys : keys.Take(1))
        {
            candidates.Add(await runner.Definitions.GetAsync(key, cancellationToken));
        }

        return candidates;
    }
}
