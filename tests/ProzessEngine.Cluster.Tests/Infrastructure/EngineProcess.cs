using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ProzessEngine.Testing;

namespace ProzessEngine.Cluster.Tests.Infrastructure;

/// <summary>
/// One engine node as a real process: <c>dotnet ProzessEngine.Host.dll</c> (the build output of the Host, in the same
/// configuration as these tests) on its own port, configured through environment variables like a container.
/// </summary>
public sealed class EngineProcess : IAsyncDisposable
{
    public const string ApiKey = "cluster-test-key-0123456789abcdefghij";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private EngineProcess(Process process, int port, string name)
    {
        _process = process;
        Name = name;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
        Client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
    }

    public string Name { get; }

    public HttpClient Client { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts a node and waits until it answers /health.</summary>
    public static async Task<EngineProcess> StartAsync(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var node = Launch(name, connectionString, settings);
        try
        {
            await node.WaitUntilHealthyAsync();
            return node;
        }
        catch
        {
            // Nobody else holds the node yet: without this a node that started too slowly outlives the test run.
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node without waiting for it (for start-up failures).</summary>
    public static EngineProcess Launch(string name, string connectionString, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(HostDll)!,
        };
        start.ArgumentList.Add(HostDll);
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["DOTNET_NOLOGO"] = "1",
            ["Urls"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}",
            ["Engine__Database"] = "PostgreSQL",
            ["ConnectionStrings__Engine"] = connectionString,
            ["Engine__WorkflowsDirectory"] = "",
            ["Engine__Auth__ApiKeys__0__Key"] = ApiKey,
            ["Engine__Auth__ApiKeys__0__Name"] = "cluster-test",
            ["Engine__Auth__ApiKeys__0__Roles__0"] = "admin",
            // A crashed node is noticed within seconds, not the production default of ~15 s.
            ["Engine__Cluster__CheckinInterval"] = "00:00:01",
            ["Engine__Cluster__CheckinMisfireThreshold"] = "00:00:02",
            ["Engine__Timers__ClaimDuration"] = "00:00:05",
            ["Engine__Timers__PlanningInterval"] = "00:00:05",
            // Outbox work a killed node left behind is picked up within seconds.
            ["Engine__Outbox__SweepInterval"] = "00:00:01",
            ["Engine__Outbox__MinimumAge"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__ProzessEngine"] = "Information",
            ["Logging__Console__FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet.");
        var node = new EngineProcess(process, port, name);
        process.OutputDataReceived += (_, e) => node.Append(e.Data);
        process.ErrorDataReceived += (_, e) => node.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Kills the node abruptly (SIGKILL): no shutdown code runs, connections and transactions just end.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var healthy = await Until.HoldsAsync(async () =>
        {
            if (_process.HasExited)
            {
                return true;
            }

            try
            {
                return (await Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, StartTimeout);
        if (!healthy || _process.HasExited)
        {
            throw new InvalidOperationException($"Node {Name} did not start:\n{Output}");
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static string HostDll { get; } = FindHostDll();

    private static string FindHostDll()
    {
        // The tests run from tests/ProzessEngine.Cluster.Tests/bin/<Configuration>/net10.0/.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(RepositoryRoot.Find(), "engine", "ProzessEngine.Host", "bin", configuration, "net10.0", "ProzessEngine.Host.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"Build the Host first ({configuration}): {dll} is missing.", dll);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
