using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Runtime;

/// <summary>Timer kinds and the business calendar: working days and legal deadlines.</summary>
public sealed class TimerTests
{
    private static string TimerProcess(string duration, string mode, string? calendar = null) => Process("t", $"""
        <bpmn:startEvent id="start" />
        {Flow("f0", "start", "wait")}
        <bpmn:intermediateCatchEvent id="wait">
          <bpmn:extensionElements><zeebe:properties>
            <zeebe:property name="prozessengine:timerMode" value="{mode}" />
            {(calendar is null ? "" : $"""<zeebe:property name="prozessengine:calendar" value="{calendar}" />""")}
          </zeebe:properties></bpmn:extensionElements>
          <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{duration}</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        {Flow("f1", "wait", "end")}
        <bpmn:endEvent id="end" />
        """);

    private static InMemoryEngine EngineAt(DateTimeOffset now, BusinessCalendarRegistry? calendars = null) =>
        new(clock: new FakeTimeProvider(now), calendars: calendars);

    [Fact]
    public void Ten_working_days_across_christmas_skip_the_holidays_of_bavaria()
    {
        // Monday 21 Dec 2026, 10:00 CET. Working days: 22, 23, 24, 28, 29, 30, 31 Dec, 4, 5 Jan, (6 Jan Epiphany in BY), 7 Jan.
        var engine = EngineAt(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero));
        engine.Deploy(TimerProcess("P10D", "workingDays", "BY"));

        engine.Start("t");

        var timer = Assert.Single(engine.Intents.OfType<TimerScheduled>());
        Assert.Equal(new DateTimeOffset(2027, 1, 7, 10, 0, 0, TimeSpan.FromHours(1)), timer.DueAt);
    }

    [Fact]
    public void Berlin_counts_the_sixth_of_january_as_a_working_day()
    {
        var engine = EngineAt(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero));
        engine.Deploy(TimerProcess("P10D", "workingDays", "BE"));

        engine.Start("t");

        Assert.Equal(new DateTimeOffset(2027, 1, 6, 10, 0, 0, TimeSpan.FromHours(1)), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
    }

    [Fact]
    public void The_process_calendar_applies_when_the_timer_names_none()
    {
        var engine = EngineAt(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero));
        engine.Deploy(TimerProcess("P10D", "workingDays").Replace("""<bpmn:process id="t" isExecutable="true">""", """
            <bpmn:process id="t" isExecutable="true">
              <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:calendar" value="BE" /></zeebe:properties></bpmn:extensionElements>
            """, StringComparison.Ordinal));

        engine.Start("t");

        Assert.Equal(new DateTimeOffset(2027, 1, 6, 10, 0, 0, TimeSpan.FromHours(1)), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
    }

    [Fact]
    public void A_legal_deadline_ending_on_a_saturday_moves_to_the_end_of_monday()
    {
        // Served on Saturday 28 Nov 2026: two weeks end on Saturday 12 Dec, moved to Monday 14 Dec (§193 BGB, §31(3) VwVfG);
        // the period runs out at 24:00 that day.
        var engine = EngineAt(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
        engine.Deploy(TimerProcess("P2W", "legalDeadline"));

        var instance = engine.Start("t");

        Assert.Equal(new DateTimeOffset(2026, 12, 15, 0, 0, 0, TimeSpan.FromHours(1)), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
        engine.Advance(new DateTimeOffset(2026, 12, 14, 22, 59, 0, TimeSpan.Zero) - engine.Clock.GetUtcNow());
        Assert.Equal(InstanceStatus.Active, engine.Instance(instance.Key).Status);
        engine.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InstanceStatus.Completed, engine.Instance(instance.Key).Status);
    }

    [Fact]
    public void A_legal_deadline_in_months_from_a_feel_value()
    {
        // Served 31 Jan 2026: one month ends on 28 Feb (a Saturday), moved to Monday 2 Mar.
        var engine = EngineAt(new DateTimeOffset(2026, 1, 31, 9, 0, 0, TimeSpan.Zero));
        engine.Deploy(TimerProcess("=frist", "legalDeadline"));

        engine.Start("t", ("frist", "P1M"));

        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(1)), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
    }

    [Fact]
    public void A_municipal_calendar_from_the_registry_counts_its_own_days_off()
    {
        var augsburg = BusinessCalendar.ForState(FederalState.BY).WithId("augsburg").WithExtraDays(MunicipalDay.AugsburgerHohesFriedensfest);
        var engine = EngineAt(new DateTimeOffset(2026, 8, 7, 8, 0, 0, TimeSpan.Zero), new BusinessCalendarRegistry("BY", augsburg));
        engine.Deploy(TimerProcess("P1D", "workingDays", "augsburg"));

        engine.Start("t");

        // Friday 7 Aug 2026 + 1 working day: Saturday, Sunday, Saturday 8 Aug is the Friedensfest anyway; Monday 10 Aug.
        Assert.Equal(new DateTimeOffset(2026, 8, 10, 10, 0, 0, TimeSpan.FromHours(2)), Assert.Single(engine.Intents.OfType<TimerScheduled>()).DueAt);
    }

    [Fact]
    public void A_calendar_unknown_at_run_time_is_an_incident_on_the_timer()
    {
        // The parser of this engine knows the calendar, the runtime's registry does not (e.g. removed from the configuration).
        var engine = EngineAt(new DateTimeOffset(2026, 8, 7, 8, 0, 0, TimeSpan.Zero), new BusinessCalendarRegistry("BY"));
        var model = new Bpmn.BpmnParser(engine.Feel).Parse(TimerProcess("P1D", "workingDays", "ulm")).Processes.Single();
        var process = new DeployedProcess(1, model.Id, 1, "t", model);

        var result = engine.Runtime.StartInstance(process, null, CommandActor.System("test"));

        var element = Assert.Single(result.Instance.Elements);
        Assert.Equal(IncidentErrorType.Timer, element.Incident!.ErrorType);
        Assert.Contains("ulm", element.Incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_timers_of_a_deployed_process_give_their_due_time_and_repetitions()
    {
        var engine = EngineAt(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var process = engine.Deploy(Process("s", """
            <bpmn:startEvent id="daily"><bpmn:timerEventDefinition><bpmn:timeCycle>R2/PT12H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:startEvent id="once"><bpmn:timerEventDefinition><bpmn:timeDate>2027-01-01T00:00:00+01:00</bpmn:timeDate></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="daily" targetRef="end" />
            <bpmn:sequenceFlow id="f2" sourceRef="once" targetRef="end" />
            <bpmn:endEvent id="end" />
            """));

        var schedules = engine.Runtime.StartTimersOf(process);

        var daily = Assert.Single(schedules, s => s.ElementId == "daily");
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 20, 0, 0, TimeSpan.Zero), daily.DueAt);
        Assert.Equal(1, daily.RemainingRepetitions);
        var once = Assert.Single(schedules, s => s.ElementId == "once");
        Assert.Null(once.Cycle);

        var first = engine.Runtime.FireStartTimer(process, daily, CommandActor.Engine);
        Assert.Equal(InstanceStatus.Completed, first.Result.Instance.Status);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), first.Next!.DueAt);
        Assert.Equal(0, first.Next.RemainingRepetitions);
        Assert.Null(engine.Runtime.FireStartTimer(process, first.Next, CommandActor.Engine).Next);
        Assert.Null(engine.Runtime.FireStartTimer(process, once, CommandActor.Engine).Next);
    }

    [Fact]
    public void A_non_interrupting_cycle_fires_at_each_occurrence_and_a_new_timer_replaces_the_fired_one()
    {
        var engine = EngineAt(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        engine.Deploy(Process("c", """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="task" />
            <bpmn:userTask id="task" />
            <bpmn:sequenceFlow id="f1" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            """));

        engine.Start("c");
        engine.Advance(TimeSpan.FromDays(7));

        var scheduled = engine.Intents.OfType<TimerScheduled>().Select(t => t.DueAt.ToUniversalTime()).ToList();
        Assert.Equal(6, scheduled.Count);
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero), scheduled[0]);
        Assert.DoesNotContain(scheduled, d => d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday);
        Assert.Equal(5, engine.Intents.OfType<TimerFired>().Count());
        Assert.Single(engine.PendingTimers);
    }

    // Regression: an unbounded cycle fired late (the node was down, or the planner found it overdue a minute later)
    // made up every missed occurrence, each due at once: a burst of 30 fires for R/PT2S.
    [Fact]
    public void A_cycle_boundary_that_fires_a_minute_late_fires_once_and_then_on_its_grid()
    {
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var engine = EngineAt(start);
        engine.Deploy(Process("c", """
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="task" />
            <bpmn:userTask id="task" />
            <bpmn:sequenceFlow id="f1" sourceRef="task" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:boundaryEvent id="remind" attachedToRef="task" cancelActivity="false">
              <bpmn:timerEventDefinition><bpmn:timeCycle>R/PT2S</bpmn:timeCycle></bpmn:timerEventDefinition>
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="remind" targetRef="done" />
            <bpmn:endEvent id="done" />
            """));
        engine.Start("c");

        engine.Clock.Advance(TimeSpan.FromSeconds(61.5));
        engine.FireOverdue();

        Assert.Single(engine.Intents.OfType<TimerFired>());
        Assert.Equal(start.AddSeconds(62), engine.Intents.OfType<TimerScheduled>().Last().DueAt);

        engine.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(6, engine.Intents.OfType<TimerFired>().Count());
    }

    [Fact]
    public void A_cycle_start_timer_that_fires_a_minute_late_starts_one_instance_and_then_runs_on_its_grid()
    {
        var start = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
        var engine = EngineAt(start);
        engine.Deploy(Process("s", """
            <bpmn:startEvent id="tick"><bpmn:timerEventDefinition><bpmn:timeCycle>R/PT2S</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="tick" targetRef="end" />
            <bpmn:endEvent id="end" />
            """));

        engine.Clock.Advance(TimeSpan.FromSeconds(61.5));
        engine.FireOverdue();

        Assert.Single(engine.Instances);
        var next = Assert.Single(engine.PendingStartTimers).Schedule;
        Assert.Equal(start.AddSeconds(62), next.DueAt);
        Assert.Equal(-1, next.RemainingRepetitions);
    }
}
