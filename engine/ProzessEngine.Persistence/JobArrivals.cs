using ProzessEngine.Core.Intents;

namespace ProzessEngine.Persistence;

/// <summary>
/// Wakes the long-polling activations of this node when a command commits a job they could take. Jobs written by
/// other nodes, lapsed locks and ended back-offs have no signal: <see cref="JobLongPolling"/> looks again at intervals.
/// </summary>
public sealed class JobArrivals : ICommandListener
{
    private readonly Lock _gate = new();

    // Only types someone waits for have an entry, so that asking for made-up types leaves nothing behind.
    private readonly Dictionary<string, Waiting> _waiting = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts waiting for the next job of the type (or a job whose type the signal does not tell) committed after this
    /// call. Dispose the answer when no longer waiting.
    /// </summary>
    public Arrival Await(string type)
    {
        lock (_gate)
        {
            if (!_waiting.TryGetValue(type, out var waiting))
            {
                waiting = new Waiting();
                _waiting[type] = waiting;
            }

            waiting.Count++;
            return new Arrival(this, type, waiting.Signal.Task);
        }
    }

    /// <summary>Whether an activation has looked for jobs of the type, found none, and now waits.</summary>
    public bool IsAwaited(string type)
    {
        lock (_gate)
        {
            return _waiting.TryGetValue(type, out var waiting) && waiting.Parked > 0;
        }
    }

    public void OnCommitted(CommittedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var intent in command.Intents)
        {
            switch (intent)
            {
                case JobCreated created:
                    Signal(w => w.Key == created.Type);
                    break;
                case JobFailed { RetriesLeft: > 0 } failed when failed.RetryBackOff <= TimeSpan.Zero:
                    // The intent does not carry the job's type: every waiting activation looks once more.
                    Signal(_ => true);
                    break;
            }
        }
    }

    private void Signal(Func<KeyValuePair<string, Waiting>, bool> which)
    {
        List<TaskCompletionSource> signals;
        lock (_gate)
        {
            signals = [];
            foreach (var entry in _waiting.Where(which).ToList())
            {
                signals.Add(entry.Value.Signal);
                entry.Value.Signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        foreach (var signal in signals)
        {
            signal.TrySetResult();
        }
    }

    private void Park(string type, int change)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(type, out var waiting))
            {
                waiting.Parked += change;
            }
        }
    }

    private void Leave(string type)
    {
        lock (_gate)
        {
            if (_waiting.TryGetValue(type, out var waiting) && --waiting.Count == 0)
            {
                _waiting.Remove(type);
            }
        }
    }

    private sealed class Waiting
    {
        public TaskCompletionSource Signal { get; set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }

        public int Parked { get; set; }
    }

    /// <summary>One activation's wait: <see cref="Arrived"/> completes when a job it could take was committed.</summary>
    public sealed class Arrival(JobArrivals arrivals, string type, Task arrived) : IDisposable
    {
        private int _left;
        private int _parked;

        public Task Arrived { get; } = arrived;

        /// <summary>The activation looked, found nothing, and has set up everything it waits for (signal and timer).</summary>
        public void Park()
        {
            if (Interlocked.Exchange(ref _parked, 1) == 0)
            {
                arrivals.Park(type, +1);
            }
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                if (Interlocked.Exchange(ref _parked, 0) == 1)
                {
                    arrivals.Park(type, -1);
                }

                arrivals.Leave(type);
            }
        }
    }
}
