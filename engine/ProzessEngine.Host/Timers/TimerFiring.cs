using Microsoft.Extensions.Options;
using ProzessEngine.Host.Cluster;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Timers;

/// <summary>
/// Fires due timers on this node: claims a batch that no other node holds, fires each (one command and transaction per
/// timer, which consumes its row), and goes on until nothing is due. At most Engine:Timers:Parallelism timers fire at
/// once on a node, however many slot jobs run.
/// </summary>
internal sealed class TimerFiring : IDisposable
{
    private readonly TimerStore _timers;
    private readonly InstanceCommands _commands;
    private readonly NodeIdentity _node;
    private readonly TimeProvider _clock;
    private readonly ILogger<TimerFiring> _logger;
    private readonly TimerOptions _settings;
    private readonly SemaphoreSlim _parallel;

    public TimerFiring(TimerStore timers, InstanceCommands commands, NodeIdentity node, IOptions<EngineOptions> options, TimeProvider clock,
        ILogger<TimerFiring> logger)
    {
        _timers = timers;
        _commands = commands;
        _node = node;
        _clock = clock;
        _logger = logger;
        _settings = options.Value.Timers;
        _parallel = new SemaphoreSlim(Math.Max(1, _settings.Parallelism));
    }

    /// <summary>Fires every timer due by <paramref name="dueBy"/> (or by now, if later); returns how many this node fired.</summary>
    public async Task<int> FireDueAsync(DateTimeOffset dueBy, CancellationToken cancellationToken)
    {
        var fired = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = _clock.GetUtcNow();
            var claimed = await _timers.ClaimDueAsync(dueBy > now ? dueBy : now, now, _settings.ClaimDuration, _node.Name, _settings.BatchSize,
                cancellationToken);
            if (claimed.Count == 0)
            {
                break;
            }

            var unfired = new List<long>();
            await Task.WhenAll(claimed.Select(timer => FireAsync(timer, unfired, cancellationToken)));
            fired += claimed.Count - unfired.Count;
            if (unfired.Count > 0 && cancellationToken.IsCancellationRequested)
            {
                await _timers.ReleaseAsync(unfired, _node.Name, CancellationToken.None);
            }
        }

        return fired;
    }

    private async Task FireAsync(ClaimedTimer timer, List<long> unfired, CancellationToken cancellationToken)
    {
        try
        {
            await _parallel.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            lock (unfired)
            {
                unfired.Add(timer.TimerKey);
            }

            return;
        }

        try
        {
            await _commands.FireTimerAsync(timer, cancellationToken);
        }
#pragma warning disable CA1031 // One timer that cannot fire must not stop the others; its claim lapses and it is tried again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogError(ex, "Timer {TimerKey} could not fire; it is tried again when its claim lapses in {ClaimDuration}", timer.TimerKey,
                    _settings.ClaimDuration);
            }

            lock (unfired)
            {
                unfired.Add(timer.TimerKey);
            }
        }
        finally
        {
            _parallel.Release();
        }
    }

    public void Dispose() => _parallel.Dispose();
}
