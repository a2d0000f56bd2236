namespace ProzessEngine.Cluster.Tests.Infrastructure;

/// <summary>
/// Waits until a condition holds or the timeout passes, checking it every so often: the nodes are other processes, so
/// their progress is observed in the database or over HTTP. Never a fixed delay.
/// </summary>
public static class Until
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan? every = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(every ?? TimeSpan.FromMilliseconds(100));
        while (true)
        {
            if (await condition())
            {
                return true;
            }

            try
            {
                await poll.WaitForNextTickAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                return await condition();
            }
        }
    }
}
