namespace ProzessEngine.Persistence;

/// <summary>
/// Camunda 8's long polling of job activation: the answer comes as soon as a job could be activated, or with no jobs
/// when the request timeout has passed. A job committed on this node wakes the request at once; anything else (another
/// node's job, a lapsed lock, an ended back-off) is found by looking again every <paramref name="recheckInterval"/>.
/// </summary>
public sealed class JobLongPolling(JobActivator activator, JobArrivals arrivals, TimeProvider clock, TimeSpan recheckInterval)
{
    public async Task<IReadOnlyList<ActivatedJob>> ActivateAsync(string type, string worker, TimeSpan timeout, int maxJobs,
        IReadOnlyCollection<string> tenantIds, TimeSpan requestTimeout, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + requestTimeout;
        while (true)
        {
            // Waiting starts before looking, so that a job committed between the look and the wait is not missed.
            using var arrival = arrivals.Await(type);
            var jobs = await activator.ActivateAsync(type, worker, timeout, maxJobs, tenantIds, cancellationToken);
            var left = until - clock.GetUtcNow();
            if (jobs.Count > 0 || left <= TimeSpan.Zero)
            {
                return jobs;
            }

            using var waitEnds = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var lookAgain = Task.Delay(left < recheckInterval ? left : recheckInterval, clock, waitEnds.Token);
            arrival.Park();
            await Task.WhenAny(arrival.Arrived, lookAgain);
            await waitEnds.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
        }
    }
}
