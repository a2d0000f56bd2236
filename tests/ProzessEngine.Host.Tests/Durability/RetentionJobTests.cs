using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Durability;

public sealed class RetentionJobTests
{
    [Fact]
    public async Task The_scheduled_job_deletes_a_completed_instance_once_the_default_period_has_passed()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var app = new EngineApp(clock, settings: new Dictionary<string, string>
        {
            ["Engine:Retention:DefaultDays"] = "30",
            ["Engine:Retention:Interval"] = "01:00:00",
        });
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Models.Antrag)));
        var done = await EngineApp.StartAsync(app.System(), "antrag");
        var open = await EngineApp.StartAsync(app.System(), "antrag");
        var erika = await app.ClerkAsync("erika", "fachamt");
        var task = Assert.Single(await EngineApp.TasksAsync(erika, new { processInstanceKey = done }))!["userTaskKey"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);

        clock.Advance(TimeSpan.FromDays(29));
        clock.Advance(TimeSpan.FromHours(1));
        var keptAfter29Days = (await admin.GetAsync($"/v2/process-instances/{done}")).StatusCode;
        clock.Advance(TimeSpan.FromDays(2));
        var deleted = await Eventually.HoldsAsync(
            async () => (await admin.GetAsync($"/v2/process-instances/{done}")).StatusCode == HttpStatusCode.NotFound, TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.OK, keptAfter29Days);
        Assert.True(deleted);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/v2/process-instances/{open}")).StatusCode);
        app.DeleteDatabaseFile();
    }
}
