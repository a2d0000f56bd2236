using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Core.Calendar.Functions;
using ProzessEngine.Core.Intents;
using ProzessEngine.Feel;
using ProzessEngine.Testing.Engine;
using static ProzessEngine.Core.Tests.Models;

namespace ProzessEngine.Core.Tests.Calendar;

/// <summary>The business calendar in FEEL: add working days, is working day, working days between, legal deadline.</summary>
public sealed class CalendarFunctionTests
{
    private static readonly BusinessCalendarRegistry Calendars = new("BY",
        BusinessCalendar.ForState(FederalState.BY).WithId("augsburg").WithExtraDays(MunicipalDay.AugsburgerHohesFriedensfest));

    private static readonly FeelEngine Feel = new(new FeelEngineOptions { Functions = CalendarFunctions.For(Calendars, RuntimeServices.GermanTime) });

    private static string Eval(string expression, IFeelVariables? variables = null)
    {
        var parsed = Feel.ParseExpression(expression);
        Assert.True(parsed.Success, string.Join("; ", parsed.Errors.Select(e => e.Message)));
        return parsed.Expression!.Evaluate(variables ?? new FeelVariables()).ToString();
    }

    private static (string Result, IReadOnlyList<FeelWarning> Warnings) EvalWithWarnings(string expression)
    {
        var warnings = new FeelWarningList();
        var result = Feel.ParseExpression(expression).Expression!.Evaluate(new FeelVariables(), warnings);
        return (result.ToString(), warnings);
    }

    [Theory]
    // Friday + 1 is Monday; the start day is not counted (§187(1) BGB).
    [InlineData("add working days(date(\"2026-11-20\"), 1)", "@\"2026-11-23\"")]
    // Ten working days over Christmas in Bavaria: 6 January (Heilige Drei Könige) is off.
    [InlineData("add working days(date(\"2026-12-21\"), 10)", "@\"2027-01-07\"")]
    [InlineData("add working days(date(\"2026-12-21\"), 10, \"BE\")", "@\"2027-01-06\"")]
    [InlineData("add working days(date(\"2027-01-07\"), -10)", "@\"2026-12-21\"")]
    [InlineData("add working days(date(\"2026-11-23\"), 0)", "@\"2026-11-23\"")]
    [InlineData("add working days(date: date(\"2026-11-20\"), n: 1)", "@\"2026-11-23\"")]
    // A date and time keeps its time of day and zone.
    [InlineData("add working days(date and time(\"2026-12-21T09:00:00@Europe/Berlin\"), 10)", "@\"2027-01-07T09:00:00@Europe/Berlin\"")]
    [InlineData("add working days(date and time(\"2026-11-20T14:30:00+01:00\"), 1)", "@\"2026-11-23T14:30:00+01:00\"")]
    // Augsburg's Hohes Friedensfest (8 August) is off in Augsburg only.
    [InlineData("add working days(date(\"2029-08-07\"), 1, \"augsburg\")", "@\"2029-08-09\"")]
    [InlineData("add working days(date(\"2029-08-07\"), 1)", "@\"2029-08-08\"")]
    public void Add_working_days(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("is working day(date(\"2026-11-23\"))", "true")]
    [InlineData("is working day(date(\"2026-11-22\"))", "false")]
    [InlineData("is working day(date(\"2027-01-06\"))", "false")]
    [InlineData("is working day(date(\"2027-01-06\"), \"BE\")", "true")]
    [InlineData("is working day(date and time(\"2026-12-25T10:00:00Z\"))", "false")]
    public void Is_working_day(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("working days between(date(\"2026-12-21\"), date(\"2027-01-07\"))", "10")]
    [InlineData("working days between(date(\"2027-01-07\"), date(\"2026-12-21\"))", "-10")]
    [InlineData("working days between(date(\"2026-11-23\"), date(\"2026-11-23\"))", "0")]
    public void Working_days_between(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    // Widerspruchsfrist: one month from service on 31 January 2026; 28 February is a Saturday, so it ends on Monday 2 March, 24:00.
    [InlineData("legal deadline(date(\"2026-01-31\"), duration(\"P1M\"))", "@\"2026-03-03T00:00:00+01:00\"")]
    [InlineData("legal deadline(date(\"2026-01-31\"), \"P1M\")", "@\"2026-03-03T00:00:00+01:00\"")]
    [InlineData("legal deadline(date(\"2026-01-31\"), @\"P1M\")", "@\"2026-03-03T00:00:00+01:00\"")]
    // Two weeks from Monday 23 November end on Monday 7 December, 24:00.
    [InlineData("legal deadline(date(\"2026-11-23\"), duration(\"P14D\"))", "@\"2026-12-08T00:00:00+01:00\"")]
    [InlineData("legal deadline(date(\"2026-11-23\"), \"P2W\")", "@\"2026-12-08T00:00:00+01:00\"")]
    // A date and time counts from its day; summer time is in the result's offset.
    [InlineData("legal deadline(date and time(\"2026-06-01T15:00:00@Europe/Berlin\"), \"P1M\")", "@\"2026-07-02T00:00:00+02:00\"")]
    public void Legal_deadline(string expression, string expected) => Assert.Equal(expected, Eval(expression));

    [Theory]
    [InlineData("add working days(\"2026-11-20\", 1)", "parameter 'date' must be a date or date and time")]
    [InlineData("add working days(date(\"2026-11-20\"), 1.5)", "parameter 'n' must be a whole number")]
    [InlineData("add working days(date(\"2026-11-20\"), 100000)", "parameter 'n' must be between -10000 and 10000")]
    [InlineData("add working days(date(\"2026-11-20\"), 1, \"nürnberg\")", "the business calendar 'nürnberg' is unknown")]
    [InlineData("legal deadline(date(\"2026-11-20\"), \"P1M2D\")", "'P1M2D' is no legal period")]
    [InlineData("legal deadline(date(\"2026-11-20\"), duration(\"PT36H\"))", "no period of whole days")]
    [InlineData("add working days(date(\"1200-01-01\"), 5)", "1583")]
    public void Wrong_input_gives_null_and_a_warning_naming_the_function(string expression, string problem)
    {
        var (result, warnings) = EvalWithWarnings(expression);
        Assert.Equal("null", result);
        Assert.Contains(warnings, w => w.Message.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_due_date_of_ten_working_days_counts_in_the_process_calendar()
    {
        // Monday 21 December 2026, 10:00 in Berlin; in Berlin 6 January is a working day, in Bavaria it is not.
        var engine = new InMemoryEngine(clock: new FakeTimeProvider(new DateTimeOffset(2026, 12, 21, 9, 0, 0, TimeSpan.Zero)));
        engine.Deploy(Process("frist", $"""
            <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:calendar" value="BE" /></zeebe:properties></bpmn:extensionElements>
            <bpmn:startEvent id="start" />
            {Flow("f1", "start", "pruefen")}
            <bpmn:userTask id="pruefen" name="Prüfen">
              <bpmn:extensionElements>
                <zeebe:userTask />
                <zeebe:assignmentDefinition candidateGroups="fachamt" />
                <zeebe:taskSchedule dueDate="=add working days(now(), 10)" followUpDate="=add working days(today(), 3, &quot;BY&quot;)" />
              </bpmn:extensionElements>
            </bpmn:userTask>
            {Flow("f2", "pruefen", "end")}
            <bpmn:endEvent id="end" />
            """));

        engine.Start("frist");

        var task = Assert.Single(engine.Intents.OfType<UserTaskCreated>());
        Assert.Equal(new DateTimeOffset(2027, 1, 6, 10, 0, 0, TimeSpan.FromHours(1)), task.DueDate);
        // today() is 21 December; three Bavarian working days later is Thursday 24 December, at the start of the day.
        Assert.Equal(new DateTimeOffset(2026, 12, 24, 0, 0, 0, TimeSpan.FromHours(1)), task.FollowUpDate);
    }
}
