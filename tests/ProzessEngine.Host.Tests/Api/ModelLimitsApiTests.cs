using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// What the penetration test uploaded as models: 100,000 nested levels (111 s of parsing, then accepted), ids and
/// resource names nobody checked. Each answers 400 "Deployment abgelehnt" with the problem naming the limit or the field.
/// </summary>
public sealed class ModelLimitsApiTests : IAsyncLifetime
{
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), settings: new Dictionary<string, string>
    {
        ["Engine:Limits:MaxXmlElements"] = "5000",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    private static string Model(string processId = "p", string inside = "", string startId = "s") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:x="urn:x" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="{startId}">{inside}</bpmn:startEvent>
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Fact]
    public async Task A_model_nested_100000_levels_deep_is_refused_at_once_naming_the_depth_limit()
    {
        const int levels = 100_000;
        var nested = new StringBuilder().Insert(0, "<x:a>", levels).Insert(levels * 5, "</x:a>", levels).ToString();
        var watch = Stopwatch.StartNew();

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(),
            ("tief.bpmn", Model(inside: $"<bpmn:documentation>{nested}</bpmn:documentation>"))), 400);

        Assert.Equal("Deployment abgelehnt", problem["title"]!.GetValue<string>());
        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Equal("tief.bpmn", error["resource"]!.GetValue<string>());
        Assert.Contains("nests deeper than the limit of 100 levels (Engine:Limits:MaxXmlDepth)", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        // Main took 111 s for this model; reading stops at level 101 now. Generous for a loaded machine, far from before.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task The_configured_element_limit_applies_to_deployments()
    {
        var siblings = string.Concat(Enumerable.Repeat("<x:a/>", 5_000));

        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(),
            ("breit.bpmn", Model(inside: $"<bpmn:extensionElements>{siblings}</bpmn:extensionElements>"))), 400);

        Assert.Contains("more than the limit of 5,000 elements (Engine:Limits:MaxXmlElements)", problem["errors"]![0]!["message"]!.GetValue<string>(),
            StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ids_that_are_no_xml_names_are_refused_naming_the_element()
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(),
            ("ids.bpmn", Model(processId: "mein prozess", startId: "1start"))), 400);

        var errors = problem["errors"]!.AsArray();
        Assert.Contains(errors, e => e!["elementId"]!.GetValue<string>() == "mein prozess"
            && e["message"]!.GetValue<string>().StartsWith("The id of the process is not a valid BPMN id", StringComparison.Ordinal));
        Assert.Contains(errors, e => e!["elementId"]!.GetValue<string>() == "1start");
    }

    [Theory]
    [InlineData("../../etc/antrag.bpmn", "without folders")]
    [InlineData("ordner\\antrag.bpmn", "without folders")]
    [InlineData("antrag\u0007.bpmn", "control characters")]
    public async Task A_resource_name_with_folders_or_control_characters_is_refused_naming_it(string name, string reason)
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(), (name, Model())), 400);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Contains("resource name", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(reason, error["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_resource_name_longer_than_255_characters_is_refused()
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(_app.Admin(), (new string('a', 300) + ".bpmn", Model())), 400);

        var error = Assert.Single(problem["errors"]!.AsArray())!;
        Assert.Contains("more than the limit of 255", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(error["resource"]!.GetValue<string>().Length < 100, "the problem repeats a shortened name");
    }
}
