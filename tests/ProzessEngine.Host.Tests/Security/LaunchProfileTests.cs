using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, low: `ASPNETCORE_ENVIRONMENT=Production dotnet run` ran as Development, because `dotnet run` puts
/// the launch profile's variables over the shell's. The host is started here the way `dotnet run` starts it: the
/// shell's variables, the profile's on top.
/// </summary>
public sealed class LaunchProfileTests
{
    [Theory]
    [InlineData("ASPNETCORE_ENVIRONMENT", "Production", "Production")]
    [InlineData("DOTNET_ENVIRONMENT", "Staging", "Staging")]
    [InlineData(null, null, "Development")]
    public async Task An_environment_set_in_the_shell_wins_over_the_launch_profile(string? variable, string? value, string expected)
    {
        var shell = new Dictionary<string, string>();
        if (variable is not null)
        {
            shell[variable] = value!;
        }

        Assert.Equal(expected, await EnvironmentOfDotnetRunAsync(shell));
    }

    [Fact]
    public async Task The_command_line_wins_as_well()
    {
        Assert.Equal("Production", await EnvironmentOfDotnetRunAsync(new Dictionary<string, string>(), "--environment", "Production"));
    }

    /// <summary>Starts the built host with the shell's variables overlaid by the launch profile's and reads the environment it logs.</summary>
    private static async Task<string> EnvironmentOfDotnetRunAsync(Dictionary<string, string> shell, params string[] args)
    {
        var root = RepositoryRoot.Find();
        var hostProject = Path.Combine(root, "engine", "ProzessEngine.Host");
        var profile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(hostProject, "Properties", "launchSettings.json")))!["profiles"]!["ProzessEngine.Host"]!;
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        var dll = Path.Combine(hostProject, "bin", configuration, "net10.0", "ProzessEngine.Host.dll");
        var data = Directory.CreateTempSubdirectory("prozess-launch-");
        try
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = hostProject,
            };
            start.ArgumentList.Add(dll);
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" })
            {
                start.Environment.Remove(name);
            }

            start.Environment["Urls"] = "http://127.0.0.1:0";
            start.Environment["Engine__DataDirectory"] = data.FullName;
            start.Environment["Engine__WorkflowsDirectory"] = "";
            start.Environment["Logging__LogLevel__Default"] = "Information";
            foreach (var (name, value) in shell)
            {
                start.Environment[name] = value;
            }

            foreach (var (name, value) in profile["environmentVariables"]!.AsObject())
            {
                start.Environment[name] = value!.GetValue<string>();
            }

            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Read(object sender, DataReceivedEventArgs line)
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }

                if (line.Data?.Trim() is { } text && text.StartsWith("Hosting environment:", StringComparison.Ordinal))
                {
                    found.TrySetResult(text["Hosting environment:".Length..].Trim());
                }
            }

            process.OutputDataReceived += Read;
            process.ErrorDataReceived += Read;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            try
            {
                var exited = process.WaitForExitAsync();
                var first = await Task.WhenAny(found.Task, exited, Task.Delay(TimeSpan.FromSeconds(60)));
                Assert.True(first == found.Task, $"The host did not log its environment:\n{output}");
                return await found.Task;
            }
            finally
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            data.Delete(recursive: true);
        }
    }
}
