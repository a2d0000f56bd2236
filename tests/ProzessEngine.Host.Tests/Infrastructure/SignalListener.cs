using System.Collections.Concurrent;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>Lets a test await an instance reaching a status, instead of polling or sleeping.</summary>
public sealed class SignalListener : ICommandListener
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<InstanceStatus>> _ended = new();

    public void OnCommitted(CommittedCommand command)
    {
        if (command.Status != InstanceStatus.Active)
        {
            Ended(command.ProcessInstanceKey).TrySetResult(command.Status);
        }
    }

    public Task<InstanceStatus> EndedAsync(string processInstanceKey) =>
        Ended(long.Parse(processInstanceKey, System.Globalization.CultureInfo.InvariantCulture)).Task.WaitAsync(TimeSpan.FromSeconds(30));

    private TaskCompletionSource<InstanceStatus> Ended(long key) =>
        _ended.GetOrAdd(key, _ => new TaskCompletionSource<InstanceStatus>(TaskCreationOptions.RunContinuationsAsynchronously));
}
