using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Host.Timers;
using ProzessEngine.Persistence;
using Quartz;

namespace ProzessEngine.Host.Tests.Durability;

/// <summary>
/// The penetration test deployed a timer start event with R/PT2S: nothing woke its first timer up but the planner, a
/// minute later, and each fire then computed the next occurrence from the last one, already past, so the missed 30
/// fired in a burst. A deployment's start timers are now woken up like a command's, and missed occurrences collapse.
/// </summary>
public sealed class CycleTimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private const string EveryTwoSeconds = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="takt" isExecutable="true">
            <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT2S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task A_two_second_start_cycle_fires_after_two_seconds_not_at_the_next_planner_run()
    {
        await using var app = new EngineApp(new FakeTimeProvider(Start));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("takt.bpmn", EveryTwoSeconds)));

        Assert.True(await WakeUpScheduledAsync(app, Start.AddSeconds(2)), "the deployment scheduled no wake-up for its start timer");
        app.Clock.Advance(TimeSpan.FromSeconds(2.1));
        await app.Signals.CommittedAsync("start-by-event", 1);
        Assert.True(await WakeUpScheduledAsync(app, Start.AddSeconds(4)));
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        await app.Signals.CommittedAsync("start-by-event", 2);

        Assert.Equal(Start.AddSeconds(6), await NextDueAsync(app));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_start_cycle_a_minute_behind_fires_once_and_then_on_its_grid_instead_of_in_a_burst()
    {
        await using var app = new EngineApp(new FakeTimeProvider(Start));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("takt.bpmn", EveryTwoSeconds)));
        Assert.True(await WakeUpScheduledAsync(app, Start.AddSeconds(2)));

        app.Clock.Advance(TimeSpan.FromSeconds(61.5));
        await app.Signals.CommittedAsync("start-by-event", 1);

        Assert.Equal(Start.AddSeconds(62), await NextDueAsync(app));
        Assert.Equal(1, app.Signals.Count("start-by-event"));
        Assert.True(await WakeUpScheduledAsync(app, Start.AddSeconds(62)));
        app.Clock.Advance(TimeSpan.FromSeconds(0.6));
        await app.Signals.CommittedAsync("start-by-event", 2);
        Assert.Equal(Start.AddSeconds(64), await NextDueAsync(app));
        app.DeleteDatabaseFile();
    }

    /// <summary>Whether the wake-up of the slot holding <paramref name="due"/> is scheduled (that happens right after commit, on another thread).</summary>
    private static async Task<bool> WakeUpScheduledAsync(EngineApp app, DateTimeOffset due)
    {
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var slot = TimerSlots.JobKeyOf(TimerSlots.SlotOf(due, TimeSpan.FromMilliseconds(100)));
        return await Eventually.HoldsAsync(async () => await scheduler.Exists(slot), TimeSpan.FromSeconds(10));
    }

    /// <summary>When the process's start timer is due next (it is rewritten in the transaction of each fire).</summary>
    private static async Task<DateTimeOffset> NextDueAsync(EngineApp app)
    {
        await using var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext();
        return (await context.Timers.AsNoTracking().SingleAsync(t => t.DefinitionKey != null)).DueAt;
    }
}
