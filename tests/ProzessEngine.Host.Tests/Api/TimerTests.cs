using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.State;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Api;

public sealed class TimerTests
{
    private const string ReminderModel = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="frist" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:intermediateCatchEvent id="warten" name="10 Minuten">
              <bpmn:timerEventDefinition><bpmn:timeDuration>PT10M</bpmn:timeDuration></bpmn:timerEventDefinition>
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_timer_due_while_the_host_was_down_fires_after_start_up_on_sqlite()
    {
        var clock = NewClock();
        var first = new EngineApp(clock);
        var key = await StartWaitingInstanceAsync(first);
        await first.DisposeAsync();

        clock.Advance(TimeSpan.FromHours(1));
        await using var second = new EngineApp(clock, sqliteFile: first.SqliteFile);
        _ = second.Admin();

        Assert.Equal(InstanceStatus.Completed, await second.Signals.EndedAsync(key));
        var instance = await EngineApp.InstanceAsync(second.Admin(), key);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        second.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_timer_due_while_the_host_was_down_fires_after_start_up_on_postgresql()
    {
        var server = await PostgresServer.GetAsync();
        var database = await server.CreateDatabaseAsync("hosttimers");
        var clock = NewClock();
        var first = new EngineApp(clock, postgresConnectionString: database);
        var key = await StartWaitingInstanceAsync(first);
        await first.DisposeAsync();

        clock.Advance(TimeSpan.FromHours(1));
        await using (var second = new EngineApp(clock, postgresConnectionString: database))
        {
            _ = second.Admin();
            Assert.Equal(InstanceStatus.Completed, await second.Signals.EndedAsync(key));
        }

        await server.DropDatabaseAsync(database);
    }

    [Fact]
    public async Task A_timer_fires_while_the_host_runs_when_the_clock_reaches_it()
    {
        await using var app = new EngineApp(NewClock());
        var key = await StartWaitingInstanceAsync(app);

        app.Clock.Advance(TimeSpan.FromMinutes(9));
        var early = await EngineApp.InstanceAsync(app.Admin(), key);
        Assert.Equal("ACTIVE", early["state"]!.GetValue<string>());

        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InstanceStatus.Completed, await app.Signals.EndedAsync(key));
        app.DeleteDatabaseFile();
    }

    private static async Task<string> StartWaitingInstanceAsync(EngineApp app)
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("frist.bpmn", ReminderModel)));
        var key = await EngineApp.StartAsync(admin, "frist");
        var instance = await EngineApp.InstanceAsync(admin, key);
        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
        Assert.Equal("warten", instance["activeElements"]![0]!["elementId"]!.GetValue<string>());
        return key;
    }
}
