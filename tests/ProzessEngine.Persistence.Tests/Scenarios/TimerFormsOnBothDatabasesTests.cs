using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Every timer form deploys and fires on PostgreSQL as on SQLite: each case runs on both databases side by side, and
/// the instants written, the instants fired at and what firing did must be the same on both. The due times come in
/// every offset the models can give them (a cron or a date without offset in German time, a date with +01:00, a
/// zoned cycle in summer time); PostgreSQL once refused all but UTC with a 500 at deployment.
/// </summary>
public sealed class TimerFormsOnBothDatabasesTests
{
    // Ticks finer than a microsecond, which PostgreSQL cannot keep, must not change what is due or when.
    private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddTicks(1_234_567);

    private static readonly Dictionary<string, TimerForm> TimerForms = new()
    {
        ["start-cron"] = new(StartTimer("<bpmn:timeCycle>0 0 8 * * MON-FRI</bpmn:timeCycle>"), false,
            Utc(2026, 11, 24, 7), [Utc(2026, 11, 25, 7)], ["COMPLETED"]),
        ["start-date-with-offset"] = new(StartTimer("<bpmn:timeDate>2026-12-07T08:00:00+01:00</bpmn:timeDate>"), false,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["start-date-without-offset"] = new(StartTimer("<bpmn:timeDate>2026-12-07T08:00:00</bpmn:timeDate>"), false,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["start-zoned-cycle"] = new(StartTimer("<bpmn:timeCycle>R/2026-12-07T08:00:00[Europe/Berlin]/P1D</bpmn:timeCycle>"), false,
            Utc(2026, 12, 7, 7), [Utc(2026, 12, 8, 7)], ["COMPLETED"]),
        ["start-zoned-cycle-in-summer-time"] = new(StartTimer("<bpmn:timeCycle>R3/2027-06-07T08:00:00[Europe/Berlin]/P1D</bpmn:timeCycle>"), false,
            Utc(2027, 6, 7, 6), [Utc(2027, 6, 8, 6)], ["COMPLETED"]),
        ["start-cycle-from-now"] = new(StartTimer("<bpmn:timeCycle>R2/PT1H</bpmn:timeCycle>"), false,
            Utc(2026, 11, 23, 9).AddTicks(1_234_560), [Utc(2026, 11, 23, 10).AddTicks(1_234_560)], ["COMPLETED"]),
        ["catch-duration"] = new(CatchTimer("<bpmn:timeDuration>PT10M</bpmn:timeDuration>"), true,
            new DateTimeOffset(2026, 11, 23, 8, 10, 0, TimeSpan.Zero).AddTicks(1_234_560), [], ["COMPLETED"]),
        ["catch-date-with-offset"] = new(CatchTimer("<bpmn:timeDate>2026-12-07T08:00:00+01:00</bpmn:timeDate>"), true,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["catch-date-without-offset"] = new(CatchTimer("<bpmn:timeDate>2026-12-07T08:00:00</bpmn:timeDate>"), true,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["catch-zoned-date-expression"] = new(CatchTimer("""<bpmn:timeDate>=date and time("2026-12-07T08:00:00@Europe/Berlin")</bpmn:timeDate>"""), true,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["catch-cron"] = new(CatchTimer("<bpmn:timeCycle>0 0 8 * * MON-FRI</bpmn:timeCycle>"), true,
            Utc(2026, 11, 24, 7), [], ["COMPLETED"]),
        ["boundary-interrupting-date-without-offset"] = new(BoundaryTimer("<bpmn:timeDate>2026-12-07T08:00:00</bpmn:timeDate>", interrupting: true), true,
            Utc(2026, 12, 7, 7), [], ["COMPLETED"]),
        ["boundary-non-interrupting-cron"] = new(BoundaryTimer("<bpmn:timeCycle>0 0 8 * * MON-FRI</bpmn:timeCycle>", interrupting: false), true,
            Utc(2026, 11, 24, 7), [Utc(2026, 11, 25, 7)], ["ACTIVE"]),
        ["boundary-non-interrupting-zoned-cycle"] = new(
            BoundaryTimer("<bpmn:timeCycle>R2/2026-12-07T08:00:00[Europe/Berlin]/P1D</bpmn:timeCycle>", interrupting: false), true,
            Utc(2026, 12, 7, 7), [Utc(2026, 12, 8, 7)], ["ACTIVE"]),
    };

    public static TheoryData<string> Forms() => [.. TimerForms.Keys];

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task A_timer_is_due_and_fires_at_the_same_instant_on_sqlite_and_postgresql(string form)
    {
        var expected = TimerForms[form];

        var sqlite = await RunAsync(DatabaseProvider.Sqlite, expected);
        var postgres = await RunAsync(DatabaseProvider.PostgreSql, expected);

        Assert.Equal(sqlite, postgres);
        Assert.Equal(Describe([expected.FirstDue]), sqlite.DueBefore);
        Assert.Equal(Describe(expected.DueAfter), sqlite.DueAfter);
        Assert.Equal(string.Join(' ', expected.Instances), sqlite.Instances);
        Assert.True(sqlite.Fired > 0);
        Assert.True(sqlite.JournalsVerify && postgres.JournalsVerify, "a journal does not verify");
    }

    private static async Task<Observation> RunAsync(DatabaseProvider provider, TimerForm form)
    {
        await using var fresh = await FreshDatabase.CreateAsync(provider, "timerforms");
        var clock = new FakeTimeProvider(Now);
        var node = new EngineNode(fresh.Database, clock, new SequentialKeyGenerator(1_000_000));
        await node.DeployAsync(("p.bpmn", form.Xml));
        if (form.StartsInstance)
        {
            await node.StartAsync("p");
        }

        var before = await DueAsync(fresh.Database);
        clock.SetUtcNow(before.Min());
        var fired = await node.FireDueTimersAsync();
        var after = await DueAsync(fresh.Database);

        await using var context = fresh.Database.CreateContext();
        var instances = await context.ProcessInstances.AsNoTracking().OrderBy(i => i.Key).Select(i => new { i.Key, i.Status }).ToListAsync();
        var verified = true;
        foreach (var instance in instances)
        {
            verified &= (await node.Queries.VerifyJournalAsync(instance.Key))!.Valid;
        }

        return new Observation(Describe(before), fired, Describe(after), string.Join(' ', instances.Select(i => i.Status)), verified);
    }

    private static async Task<IReadOnlyList<DateTimeOffset>> DueAsync(EngineDatabase database)
    {
        await using var context = database.CreateContext();
        var due = await context.Timers.AsNoTracking().Select(t => t.DueAt).ToListAsync();
        Assert.All(due, d => Assert.Equal(TimeSpan.Zero, d.Offset));
        return [.. due.Order()];
    }

    /// <summary>Instants as round-trip text: equal texts are equal instants to the tick.</summary>
    private static string Describe(IEnumerable<DateTimeOffset> instants) => string.Join(' ', instants.Select(i => i.UtcDateTime.ToString("O")));

    private static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    private static string StartTimer(string definition) => Process($"""
        <bpmn:startEvent id="start"><bpmn:timerEventDefinition>{definition}</bpmn:timerEventDefinition></bpmn:startEvent>
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
        <bpmn:endEvent id="end" />
        """);

    private static string CatchTimer(string definition) => Process($"""
        <bpmn:startEvent id="start" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
        <bpmn:intermediateCatchEvent id="wait"><bpmn:timerEventDefinition>{definition}</bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>
        <bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
        <bpmn:endEvent id="end" />
        """);

    private static string BoundaryTimer(string definition, bool interrupting) => Process($"""
        <bpmn:startEvent id="start" />
        <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task" />
        <bpmn:userTask id="task" />
        <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end" />
        <bpmn:endEvent id="end" />
        <bpmn:boundaryEvent id="timer" attachedToRef="task" cancelActivity="{(interrupting ? "true" : "false")}">
          <bpmn:timerEventDefinition>{definition}</bpmn:timerEventDefinition>
        </bpmn:boundaryEvent>
        <bpmn:sequenceFlow id="f3" sourceRef="timer" targetRef="late" />
        <bpmn:endEvent id="late" />
        """);

    private static string Process(string body) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="p" isExecutable="true">
            {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    private sealed record TimerForm(string Xml, bool StartsInstance, DateTimeOffset FirstDue, IReadOnlyList<DateTimeOffset> DueAfter, IReadOnlyList<string> Instances);

    private sealed record Observation(string DueBefore, int Fired, string DueAfter, string Instances, bool JournalsVerify);
}
