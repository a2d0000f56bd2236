namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>
/// Waits until a condition holds or the timeout passes, checking it every few milliseconds. For effects that happen on
/// a background job without a signal to await; never a fixed delay.
/// </summary>
public static class Eventually
{
    public static async Task<bool> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        using var deadline = new CancellationTokenSource(timeout);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        do
        {
            if (await condition())
            {
                return true;
            }
        }
        while (await WaitAsync(poll, deadline.Token));

        return await condition();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer poll, CancellationToken deadline)
    {
        try
        {
            return await poll.WaitForNextTickAsync(deadline);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
