using System.Diagnostics;

namespace ProzessEngine.Testing.Postgres;

/// <summary>
/// A PostgreSQL cluster in a temporary folder, made and removed by tests/tools/throwaway-postgres.sh (the same
/// script ./test.sh uses). A watchdog process removes it when this process ends, however it ends.
/// </summary>
internal sealed class ThrowawayCluster : IAsyncDisposable
{
    private const int BinariesMissingExitCode = 3;
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _watchdog;
    private int _stopped;

    private ThrowawayCluster(string connectionString, Process watchdog)
    {
        ConnectionString = connectionString;
        _watchdog = watchdog;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public string ConnectionString { get; }

    public static async Task<ThrowawayCluster> StartAsync()
    {
        var script = Path.Combine(RepositoryRoot.Find(), "tests", "tools", "throwaway-postgres.sh");
        var folder = Path.Combine(Path.GetTempPath(), "prozess-pg-" + Guid.NewGuid().ToString("N")[..12]);

        // Started before the cluster, so that even a crash during start-up leaves nothing behind.
        var watchdog = StartWatchdog(script, folder);
        try
        {
            var (exitCode, output, error) = await RunAsync("bash", script, "start", folder);
            if (exitCode == BinariesMissingExitCode)
            {
                throw new InvalidOperationException(
                    $"{error.Trim()}. Run ./test.sh (it installs postgresql) or install postgresql, "
                    + $"or set {PostgresServer.ConnectionStringVariable} to the connection string of a PostgreSQL superuser.");
            }

            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{script} start failed with exit code {exitCode}: {error.Trim()}");
            }

            return new ThrowawayCluster(output.Trim(), watchdog);
        }
        catch
        {
            await StopWatchdogAsync(watchdog);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await StopWatchdogAsync(_watchdog);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            _watchdog.StandardInput.Close();
            _watchdog.WaitForExit(StopTimeout);
            _watchdog.Dispose();
        }
    }

    /// <summary>
    /// A shell that waits for end-of-file on the pipe from this process, then removes the cluster. The pipe
    /// closes when this process closes it or dies, even by SIGKILL; the shell ignores the signals a Ctrl-C or
    /// a stop sends to the whole process group, so that it outlives the test host and cleans up.
    /// </summary>
    private static Process StartWatchdog(string script, string folder)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("""trap '' INT TERM HUP; exec 1>/dev/null 2>&1; cat; exec bash "$0" stop "$1" """);
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(folder);
        return Process.Start(start) ?? throw new InvalidOperationException("Could not start bash.");
    }

    private static async Task StopWatchdogAsync(Process watchdog)
    {
        watchdog.StandardInput.Close();
        using var timeout = new CancellationTokenSource(StopTimeout);
        await watchdog.WaitForExitAsync(timeout.Token);
        watchdog.Dispose();
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(string fileName, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
