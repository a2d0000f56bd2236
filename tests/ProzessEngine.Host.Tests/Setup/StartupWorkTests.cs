using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Setup;

/// <summary>Work that readiness does not need is left to its first use, and still happens there.</summary>
public sealed class StartupWorkTests
{
    [Fact]
    public async Task The_key_ring_is_read_by_the_first_session_not_while_the_host_starts()
    {
        await using var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));
        var admin = app.Admin();
        // Readiness comes once the scheduler runs and the node holds its lease, a moment after the host answers.
        Assert.True(await Eventually.HoldsAsync(async () => (await admin.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(60)), "The host did not become ready.");

        var hostedServices = app.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToList();
        var erika = await app.ClerkAsync("erika", "fachamt");
        var tasks = await EngineApp.TasksAsync(erika, new { });

        Assert.DoesNotContain(EngineSetup.KeyRingLoader, hostedServices);
        Assert.Contains("Quartz.QuartzHostedService", hostedServices);
        Assert.Empty(tasks);
        app.DeleteDatabaseFile();
    }
}
