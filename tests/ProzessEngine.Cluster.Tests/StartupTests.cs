using System.Net;
using System.Net.Sockets;
using ProzessEngine.Cluster.Tests.Infrastructure;

namespace ProzessEngine.Cluster.Tests;

public sealed class StartupTests
{
    [Fact]
    public async Task An_unreachable_database_gives_one_clear_log_line_and_a_non_zero_exit()
    {
        var closedPort = ClosedPort();
        await using var node = EngineProcess.Launch("no database", $"Host=127.0.0.1;Port={closedPort};Username=postgres;Database=prozess;Timeout=5");

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.Contains("database cannot be reached", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", node.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_business_calendar_configuration_names_the_mistake_and_exits_non_zero()
    {
        await using var node = EngineProcess.Launch("bad calendar", "Host=127.0.0.1;Port=1;Username=postgres;Database=prozess",
            new Dictionary<string, string> { ["BusinessCalendars__Default"] = "Entenhausen" });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.NotEqual(0, exitCode);
        Assert.Single(node.Output.Split('\n'), l => l.Contains("Unknown business calendar 'Entenhausen'", StringComparison.Ordinal));
        Assert.DoesNotContain(node.Output.Split('\n'), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_database_provider_is_one_line_and_a_non_zero_exit_of_the_real_host()
    {
        await using var node = EngineProcess.Launch("unknown provider", "Host=127.0.0.1;Port=1;Username=postgres;Database=prozess",
            new Dictionary<string, string> { ["Engine__Database"] = "Oracle" });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        AssertOneClearLine(node.Output, "Engine:Database 'Oracle' is not a database the engine runs on; use Sqlite or PostgreSQL");
    }

    [Fact]
    public async Task An_identity_provider_that_cannot_be_reached_is_one_line_naming_the_authority_and_a_non_zero_exit()
    {
        var authority = $"https://127.0.0.1:{ClosedPort()}/realms/verwaltung";
        await using var node = EngineProcess.Launch("unreachable provider", $"Host=127.0.0.1;Port={ClosedPort()};Username=postgres;Database=prozess",
            new Dictionary<string, string>
            {
                ["Engine__Auth__IdentityProvider__Authority"] = authority,
                ["Engine__Auth__IdentityProvider__ClientId"] = "prozessengine",
                ["Engine__PublicBaseUrl"] = "https://prozesse.stadt.example",
            });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = AssertOneClearLine(node.Output, $"The identity provider at '{authority}' cannot be reached");
        Assert.Contains("Engine:Auth:IdentityProvider:Authority", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_is_not_of_its_type_is_one_line_and_a_non_zero_exit_not_an_unhandled_exception()
    {
        await using var node = EngineProcess.Launch("bad time span", "Host=127.0.0.1;Port=1;Username=postgres;Database=prozess",
            new Dictionary<string, string> { ["Engine__Timers__Resolution"] = "bald" });

        var exitCode = await node.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        AssertOneClearLine(node.Output, "Failed to convert configuration value 'bald' at 'Engine:Timers:Resolution'");
    }

    /// <summary>The output says it once, on one line, without a stack trace; that line is returned.</summary>
    private static string AssertOneClearLine(string output, string expected)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines, l => l.Contains(expected, StringComparison.Ordinal));
        Assert.Contains("The engine does not start: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
        return line;
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
