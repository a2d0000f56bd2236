using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.State;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Host.Timers;
using Quartz;

namespace ProzessEngine.Host.Tests.Durability;

public sealed class TimerWakeUpTests
{
    [Fact]
    public async Task Timers_due_soon_share_one_slot_job_created_at_commit_and_fire_when_the_clock_reaches_the_slot()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        await using var app = new EngineApp(clock);
        var system = app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("erinnerung.bpmn", Models.Reminder("PT1M"))));
        var keys = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add(await EngineApp.StartAsync(system, "erinnerung"));
        }

        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var slot = TimerSlots.JobKeyOf(TimerSlots.SlotOf(clock.GetUtcNow().AddMinutes(1), TimeSpan.FromMilliseconds(100)));
        // Scheduled right after commit, on another thread: wait until it is there.
        var scheduled = await Eventually.HoldsAsync(async () => await scheduler.Exists(slot), TimeSpan.FromSeconds(10));

        clock.Advance(TimeSpan.FromMinutes(1));
        var ended = await Task.WhenAll(keys.Select(app.Signals.EndedAsync));

        Assert.True(scheduled);
        Assert.All(ended, status => Assert.Equal(InstanceStatus.Completed, status));
        app.DeleteDatabaseFile();
    }
}
