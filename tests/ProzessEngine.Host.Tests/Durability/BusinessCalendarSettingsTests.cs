using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Core.Calendar;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Durability;

public sealed class BusinessCalendarSettingsTests
{
    [Fact]
    public void A_municipal_calendar_from_configuration_has_its_extra_days_and_is_the_default()
    {
        var registry = Read(new()
        {
            ["BusinessCalendars:Default"] = "augsburg",
            ["BusinessCalendars:Municipal:0:Id"] = "augsburg",
            ["BusinessCalendars:Municipal:0:State"] = "BY",
            ["BusinessCalendars:Municipal:0:ExtraDays:0:Rule"] = "AugsburgerHohesFriedensfest",
            ["BusinessCalendars:Municipal:0:ExtraDays:1:Rule"] = "12-24",
            ["BusinessCalendars:Municipal:0:ExtraDays:1:Name"] = "Heiligabend",
            ["BusinessCalendars:Municipal:0:ExtraDays:1:Kind"] = "OfficeClosure",
            ["BusinessCalendars:Municipal:0:DaysNotOff:0"] = "2027-12-24",
        }).CreateRegistry();

        var augsburg = registry.Get(null);
        Assert.Equal("augsburg", augsburg.Id);
        Assert.False(augsburg.IsWorkingDay(new DateOnly(2026, 8, 10).AddDays(-2))); // 8 August 2026, Friedensfest (a Saturday anyway)
        Assert.False(augsburg.IsWorkingDay(new DateOnly(2026, 12, 24)));
        Assert.True(augsburg.IsWorkingDay(new DateOnly(2027, 12, 24)));
        Assert.Equal("SN", registry.Get("sn").Id);
    }

    [Fact]
    public void Every_mistake_in_the_section_is_named_at_once()
    {
        var settings = Read(new()
        {
            ["BusinessCalendars:Municipal:0:Id"] = "gemeinde",
            ["BusinessCalendars:Municipal:0:State"] = "XY",
            ["BusinessCalendars:Municipal:1:Id"] = "stadt",
            ["BusinessCalendars:Municipal:1:State"] = "BW",
            ["BusinessCalendars:Municipal:1:ExtraDays:0:Rule"] = "irgendwann",
        });

        var error = Assert.Throws<InvalidOperationException>(settings.CreateRegistry);

        Assert.Contains("Municipal:0:State 'XY'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Municipal:1:ExtraDays:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_host_offers_the_configured_registry_as_a_singleton()
    {
        await using var app = new EngineApp(new FakeTimeProvider(), settings: new Dictionary<string, string> { ["BusinessCalendars:Default"] = "BE" });

        var registry = app.Services.GetRequiredService<BusinessCalendarRegistry>();

        Assert.Equal("BE", registry.Default.Id);
        Assert.Same(registry, app.Services.GetRequiredService<BusinessCalendarRegistry>());
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task The_runtime_counts_with_the_configured_calendars_and_deployment_accepts_only_their_ids()
    {
        await using var app = new EngineApp(new FakeTimeProvider(), settings: new Dictionary<string, string>
        {
            ["BusinessCalendars:Municipal:0:Id"] = "musterstadt",
            ["BusinessCalendars:Municipal:0:State"] = "BY",
        });

        var runtime = app.Services.GetRequiredService<ProzessEngine.Core.ProcessRuntime>();
        Assert.Same(app.Services.GetRequiredService<BusinessCalendarRegistry>(), runtime.Services.Calendars);
        Assert.Equal("musterstadt", runtime.Services.Calendars.Get("musterstadt").Id);

        var model = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                              id="d" targetNamespace="http://bpmn.io/schema/bpmn">
              <bpmn:process id="frist" isExecutable="true">
                <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:calendar" value="CALENDAR" /></zeebe:properties></bpmn:extensionElements>
                <bpmn:startEvent id="start" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
                <bpmn:endEvent id="end" />
              </bpmn:process>
            </bpmn:definitions>
            """;
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("frist.bpmn", model.Replace("CALENDAR", "musterstadt", StringComparison.Ordinal))));
        var rejected = await EngineApp.ProblemAsync(
            await EngineApp.DeployAsync(admin, ("frist.bpmn", model.Replace("CALENDAR", "nirgendwo", StringComparison.Ordinal))), 400);
        Assert.Contains("nirgendwo", rejected.ToJsonString(), StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    private static BusinessCalendarSettings Read(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(BusinessCalendarSettings.Section).Get<BusinessCalendarSettings>()!;
}
