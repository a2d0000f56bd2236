using System.Net;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// The OpenAPI document and the browsable reference (Engine:ApiReference) are served outside Production; a Production
/// node serves them only when asked to, since generating them loads Microsoft.OpenApi and MVC's API explorer at start-up.
/// </summary>
public sealed class ApiReferenceTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_production_host_serves_no_api_reference_by_default()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false);
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/scalar/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_production_host_serves_the_api_reference_when_switched_on()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false,
            settings: new Dictionary<string, string> { ["Engine:ApiReference"] = "true" });
        var client = app.CreateClient();

        var document = await EngineApp.JsonAsync(await client.GetAsync("/openapi/v1.json"));
        Assert.NotNull(document["paths"]?["/v2/process-instances"]);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/")).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_host_outside_production_can_switch_the_api_reference_off()
    {
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["Engine:ApiReference"] = "false" });

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
        app.DeleteDatabaseFile();
    }
}
