using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Setup;

/// <summary>
/// The host starts from the slim web application builder, which leaves out what a node does not use (QUIC, IIS) but
/// also parts it does use; those are wired by hand (EngineSetup.AddWebHostDefaults). Each test starts the built host
/// as an operator does, since the in-memory test server has no Kestrel and no build output folder of its own.
/// </summary>
public sealed partial class SlimHostTests
{
    [Theory]
    [InlineData("endpoint")]
    [InlineData("default certificate")]
    public async Task Https_from_the_Kestrel_settings_answers_with_the_configured_certificate(string configuredAs)
    {
        using var folder = new TemporaryFolder();
        using var certificate = SelfSignedCertificate();
        var file = Path.Combine(folder.Path, "engine.pfx");
        const string password = "test-certificate-password";
        await File.WriteAllBytesAsync(file, certificate.Export(X509ContentType.Pfx, password));
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Engine__DataDirectory"] = folder.Path,
        };
        if (configuredAs == "endpoint")
        {
            settings["Kestrel__Endpoints__Https__Url"] = "https://127.0.0.1:0";
            settings["Kestrel__Endpoints__Https__Certificate__Path"] = file;
            settings["Kestrel__Endpoints__Https__Certificate__Password"] = password;
        }
        else
        {
            settings["Urls"] = "https://127.0.0.1:0";
            settings["Kestrel__Certificates__Default__Path"] = file;
            settings["Kestrel__Certificates__Default__Password"] = password;
        }

        await using var host = await BuiltHost.StartAsync(HostProjectFolder, settings);
        string? presented = null;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, served, _, _) =>
            {
                presented = served?.Thumbprint;
                return true;
            },
        };
        using var client = new HttpClient(handler);
        var response = await client.GetAsync(new Uri(host.Address, "/health/live"));

        Assert.StartsWith("https://", host.Address.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(certificate.Thumbprint, presented);
    }

    /// <summary>
    /// A development host started from anywhere else than its project folder finds the designer through the build's
    /// static web assets manifest, as with the full builder.
    /// </summary>
    [Fact]
    public async Task A_development_host_serves_the_designer_through_the_static_web_assets_manifest()
    {
        using var folder = new TemporaryFolder();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Urls"] = "http://127.0.0.1:0",
            ["Engine__DataDirectory"] = folder.Path,
            ["Engine__WorkflowsDirectory"] = "",
        };

        // The content root is the empty folder: it has no wwwroot of its own.
        await using var host = await BuiltHost.StartAsync(folder.Path, settings);
        using var client = new HttpClient();
        var response = await client.GetAsync(new Uri(host.Address, "/index.html"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_console_log_takes_the_configured_formatter()
    {
        using var folder = new TemporaryFolder();
        var settings = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Urls"] = "http://127.0.0.1:0",
            ["Engine__DataDirectory"] = folder.Path,
            ["Logging__Console__FormatterName"] = "json",
        };

        await using var host = await BuiltHost.StartAsync(HostProjectFolder, settings);
        var line = JsonNode.Parse(host.ListeningLine)!;

        Assert.Equal("Microsoft.Hosting.Lifetime", line["Category"]!.GetValue<string>());
        Assert.StartsWith("Now listening on:", line["Message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static string HostProjectFolder => Path.Combine(RepositoryRoot.Find(), "engine", "ProzessEngine.Host");

    private static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private sealed class TemporaryFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("prozess-slim-host-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }

    /// <summary>The host's build output started with dotnet, on SQLite, until it says where it listens.</summary>
    private sealed partial class BuiltHost : IAsyncDisposable
    {
        private readonly Process _process;

        private BuiltHost(Process process, string listeningLine)
        {
            _process = process;
            ListeningLine = listeningLine;
            Address = new Uri(ListeningAddress().Match(listeningLine).Value);
        }

        /// <summary>The log line that says where the host listens, as the console log wrote it.</summary>
        public string ListeningLine { get; }

        public Uri Address { get; }

        public static async Task<BuiltHost> StartAsync(string workingDirectory, IReadOnlyDictionary<string, string> settings)
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var dll = Path.Combine(HostProjectFolder, "bin", configuration, "net10.0", "ProzessEngine.Host.dll");
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = workingDirectory,
            };
            start.ArgumentList.Add(dll);
            foreach (var name in new[] { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "PROZESSENGINE_LAUNCH_ENVIRONMENT", "ASPNETCORE_URLS" })
            {
                start.Environment.Remove(name);
            }

            start.Environment["Logging__LogLevel__Default"] = "Information";
            foreach (var (name, value) in settings)
            {
                start.Environment[name] = value;
            }

            var process = Process.Start(start)!;
            var output = new StringBuilder();
            var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            void Read(object sender, DataReceivedEventArgs line)
            {
                lock (output)
                {
                    output.AppendLine(line.Data);
                }

                if (line.Data?.Trim() is { } text && text.Contains("Now listening on:", StringComparison.Ordinal))
                {
                    listening.TrySetResult(text);
                }
            }

            process.OutputDataReceived += Read;
            process.ErrorDataReceived += Read;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(90)));
            if (first != listening.Task)
            {
                await StopAsync(process);
                Assert.Fail($"The host did not listen:\n{output}");
            }

            return new BuiltHost(process, await listening.Task);
        }

        public async ValueTask DisposeAsync() => await StopAsync(_process);

        [GeneratedRegex(@"https?://[^\s""]+")]
        private static partial Regex ListeningAddress();

        private static async Task StopAsync(Process process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }
}
