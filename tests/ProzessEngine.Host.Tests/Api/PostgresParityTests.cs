using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>What once behaved differently on PostgreSQL than on SQLite, through the API.</summary>
public sealed class PostgresParityTests
{
    // Ticks finer than a microsecond, as a real clock has them: PostgreSQL keeps microseconds.
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567));

    [Theory]
    [InlineData("<bpmn:timeCycle>0 0 8 * * MON-FRI</bpmn:timeCycle>")]
    [InlineData("<bpmn:timeDate>2026-12-07T08:00:00+01:00</bpmn:timeDate>")]
    [InlineData("<bpmn:timeDate>2026-12-07T08:00:00</bpmn:timeDate>")]
    [InlineData("<bpmn:timeCycle>R/2026-12-07T08:00:00[Europe/Berlin]/P1D</bpmn:timeCycle>")]
    public async Task Deploying_a_timer_start_event_due_in_german_time_answered_500_on_postgresql(string timer)
    {
        await OnPostgresAsync(async app =>
        {
            var response = await EngineApp.DeployAsync(app.Admin(), ("taeglich.bpmn", $"""
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="taeglich" isExecutable="true">
                    <bpmn:startEvent id="start"><bpmn:timerEventDefinition>{timer}</bpmn:timerEventDefinition></bpmn:startEvent>
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
                    <bpmn:endEvent id="end" />
                  </bpmn:process>
                </bpmn:definitions>
                """));

            var deployment = await EngineApp.JsonAsync(response);
            Assert.Equal("taeglich", deployment["deployments"]![0]!["processDefinition"]!["processDefinitionId"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Journal_verification_reported_untouched_instances_as_tampered_on_postgresql()
    {
        await OnPostgresAsync(async app =>
        {
            var admin = app.Admin();
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("antrag.bpmn", Models.Antrag)));
            var instance = await EngineApp.StartAsync(app.System(), "antrag");
            app.Clock.Advance(TimeSpan.FromTicks(7_654_321));
            var erika = await app.ClerkAsync("erika", "fachamt");
            var task = Assert.Single(await EngineApp.TasksAsync(erika, new { processInstanceKey = instance }))!["userTaskKey"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).StatusCode);

            var verification = await EngineApp.JsonAsync(await admin.PostAsync($"/v2/process-instances/{instance}/journal/verification", null));

            Assert.True(verification["valid"]!.GetValue<bool>(), verification.ToJsonString());
            Assert.Equal(2, verification["entries"]!.GetValue<int>());
        });
    }

    private static async Task OnPostgresAsync(Func<EngineApp, Task> test)
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("parity");
        try
        {
            await using var app = new EngineApp(NewClock(), postgresConnectionString: database);
            await test(app);
        }
        finally
        {
            await server.DropDatabaseAsync(database);
        }
    }
}
