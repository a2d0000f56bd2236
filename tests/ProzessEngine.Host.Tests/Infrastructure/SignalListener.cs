using System.Collections.Concurrent;
using ProzessEngine.Core.State;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>Lets a test await an instance reaching a status, or commands having committed, instead of polling or sleeping.</summary>
public sealed class SignalListener : ICommandListener
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource<InstanceStatus>> _ended = new();
    private readonly List<CommittedCommand> _committed = [];
    private readonly List<(string Command, int Count, TaskCompletionSource Reached)> _waiting = [];

    public void OnCommitted(CommittedCommand command)
    {
        if (command.Status != InstanceStatus.Active)
        {
            Ended(command.ProcessInstanceKey).TrySetResult(command.Status);
        }

        lock (_committed)
        {
            _committed.Add(command);
            foreach (var waiter in _waiting.Where(w => Count(w.Command) >= w.Count))
            {
                waiter.Reached.TrySetResult();
            }
        }
    }

    public Task<InstanceStatus> EndedAsync(string processInstanceKey) =>
        Ended(long.Parse(processInstanceKey, System.Globalization.CultureInfo.InvariantCulture)).Task.WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>How many commands of this name (start, start-by-event, fire-timer, ...) have committed so far.</summary>
    public int Count(string command)
    {
        lock (_committed)
        {
            return _committed.Count(c => c.Command == command);
        }
    }

    /// <summary>Completes once <paramref name="count"/> commands of this name have committed.</summary>
    public Task CommittedAsync(string command, int count)
    {
        lock (_committed)
        {
            if (Count(command) >= count)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((command, count, reached));
            return reached.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private TaskCompletionSource<InstanceStatus> Ended(long key) =>
        _ended.GetOrAdd(key, _ => new TaskCompletionSource<InstanceStatus>(TaskCreationOptions.RunContinuationsAsynchronously));
}
