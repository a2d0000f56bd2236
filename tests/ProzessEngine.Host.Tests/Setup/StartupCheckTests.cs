using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Setup;

/// <summary>A misconfiguration is one clear line at start-up and no host, never a half-working one.</summary>
public sealed class StartupCheckTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_production_host_refuses_an_api_key_shorter_than_32_characters_and_names_it()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Auth:ApiKeys:2:Key"] = "geheim123",
            ["Engine:Auth:ApiKeys:2:Name"] = "e-rechnung",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "system",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(app.Log.Lines, line => line.StartsWith("Critical", StringComparison.Ordinal)
            && line.Contains("Engine:Auth:ApiKeys:2:Key ('e-rechnung') has 9 characters", StringComparison.Ordinal)
            && line.Contains("at least 32", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_production_host_starts_with_keys_of_32_characters()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Auth:ApiKeys:2:Key"] = new string('k', 32),
            ["Engine:Auth:ApiKeys:2:Name"] = "e-rechnung",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "system",
        });

        var response = await app.WithKey(new string('k', 32)).PostAsync("/v2/process-definitions/search", JsonContent.Create(new { }));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        app.DeleteDatabaseFile();
    }
}
