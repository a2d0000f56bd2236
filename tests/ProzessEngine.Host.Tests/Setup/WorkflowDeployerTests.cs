using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Setup;

/// <summary>
/// The shipped workflows are deployed at start-up only when a file changed since it was last deployed from the folder.
/// Regression: every restart put the file back as the newest version over the one a process owner had deployed from
/// the designer, so new instances silently ran the older model.
/// </summary>
public sealed class WorkflowDeployerTests
{
    public static TheoryData<string> Providers => ["Sqlite", "PostgreSQL"];

    private static string Model(string name) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="wohnsitz" name="{name}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" />
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_restart_keeps_a_version_deployed_from_the_designer_the_latest_until_the_file_changes(string provider)
    {
        var workflows = Directory.CreateTempSubdirectory("prozessengine-workflows-");
        var folder = Directory.CreateDirectory(Path.Combine(workflows.FullName, "wohnsitzanmeldung"));
        var file = Path.Combine(folder.FullName, "process.bpmn");
        await File.WriteAllTextAsync(file, Model("Aus der Datei"));
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"prozessengine-workflows-{Guid.NewGuid():N}.db");
        PostgresServer? server = null;
        string? database = null;
        if (provider == "PostgreSQL")
        {
            server = await PostgresServer.GetAsync();
            database = await server.CreateDatabaseAsync(nameof(WorkflowDeployerTests));
        }

        var settings = new Dictionary<string, string> { ["Engine:WorkflowsDirectory"] = workflows.FullName };
        EngineApp Start() => new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), sqliteFile, database, settings: settings);
        try
        {
            await using (var first = Start())
            {
                Assert.Equal([(1, "Aus der Datei")], await VersionsAsync(first));
                await EngineApp.JsonAsync(await EngineApp.DeployAsync(first.Admin(), ("wohnsitz.bpmn", Model("Aus dem Designer"))));
                Assert.Equal([(1, "Aus der Datei"), (2, "Aus dem Designer")], await VersionsAsync(first));
                Assert.Equal(1, await FromFolderAsync(first));
            }

            await using (var restarted = Start())
            {
                Assert.Equal([(1, "Aus der Datei"), (2, "Aus dem Designer")], await VersionsAsync(restarted));
                var instance = await EngineApp.StartAsync(restarted.Admin(), "wohnsitz", new { });
                var started = await EngineApp.JsonAsync(await restarted.Admin().GetAsync($"/v2/process-instances/{instance}"));
                Assert.Equal(2, started["processDefinitionVersion"]!.GetValue<int>());
                // Regression: every restart added an empty deployment from the folder (and parsed its models again).
                Assert.Equal(1, await FromFolderAsync(restarted));
            }

            await File.WriteAllTextAsync(file, Model("Datei geändert"));
            await using (var afterEdit = Start())
            {
                Assert.Equal([(1, "Aus der Datei"), (2, "Aus dem Designer"), (3, "Datei geändert")], await VersionsAsync(afterEdit));
                Assert.Equal(2, await FromFolderAsync(afterEdit));
            }

            // A file the folder gains is deployed although the model beside it stayed as it was.
            Directory.CreateDirectory(Path.Combine(folder.FullName, "forms"));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "forms", "antrag.form"),
                """{ "id": "antrag", "type": "default", "components": [ { "type": "textfield", "key": "name", "label": "Name" } ] }""");
            await using (var withForm = Start())
            {
                Assert.Equal(3, await FromFolderAsync(withForm));
                Assert.Equal([(1, "Aus der Datei"), (2, "Aus dem Designer"), (3, "Datei geändert")], await VersionsAsync(withForm));
                var forms = await EngineApp.JsonAsync(await withForm.Admin().PostAsJsonAsync("/v2/forms/search", new { }));
                var form = Assert.Single(forms["items"]!.AsArray())!;
                Assert.Equal(("antrag", 1), (form["formId"]!.GetValue<string>(), form["version"]!.GetValue<int>()));
            }

            // Regression: files put back exactly as they were at the first start (a reverted commit) differ from what was
            // last deployed from them, so they are deployed again; a fingerprint seen once before must not hide that.
            Directory.Delete(Path.Combine(folder.FullName, "forms"), recursive: true);
            await File.WriteAllTextAsync(file, Model("Aus der Datei"));
            await using (var reverted = Start())
            {
                Assert.Equal([(1, "Aus der Datei"), (2, "Aus dem Designer"), (3, "Datei geändert"), (4, "Aus der Datei")], await VersionsAsync(reverted));
                Assert.Equal(4, await FromFolderAsync(reverted));
            }
        }
        finally
        {
            if (server is not null && database is not null)
            {
                await server.DropDatabaseAsync(database);
            }

            foreach (var path in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" }.Where(File.Exists))
            {
                File.Delete(path);
            }

            workflows.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_decisions_of_a_shipped_workflow_are_deployed_at_start_up_and_a_restart_keeps_their_versions()
    {
        var workflows = Directory.CreateTempSubdirectory("prozessengine-workflows-");
        var folder = Directory.CreateDirectory(Path.Combine(workflows.FullName, "gebuehrenbescheid"));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "process.bpmn"), DecisionModels.FeeProcess());
        Directory.CreateDirectory(Path.Combine(folder.FullName, "decisions"));
        await File.WriteAllTextAsync(Path.Combine(folder.FullName, "decisions", "gebuehren.dmn"), DecisionModels.FeeTable());
        var sqliteFile = Path.Combine(Path.GetTempPath(), $"prozessengine-workflows-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string> { ["Engine:WorkflowsDirectory"] = workflows.FullName };
        EngineApp Start() => new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), sqliteFile, settings: settings);
        try
        {
            for (var start = 0; start < 2; start++)
            {
                await using var app = Start();
                var decisions = await EngineApp.JsonAsync(await app.Admin().PostAsJsonAsync("/v2/decision-definitions/search", new { }));
                var decision = Assert.Single(decisions["items"]!.AsArray())!;
                Assert.Equal((DecisionModels.DecisionId, 1), (decision["decisionDefinitionId"]!.GetValue<string>(), decision["version"]!.GetValue<int>()));
                var instance = await EngineApp.StartAsync(app.Admin(), DecisionModels.ProcessId, new { betrag = 20, art = "privat" });
                Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(app.Admin(), instance))["state"]!.GetValue<string>());
            }
        }
        finally
        {
            foreach (var path in new[] { sqliteFile, sqliteFile + "-wal", sqliteFile + "-shm" }.Where(File.Exists))
            {
                File.Delete(path);
            }

            workflows.Delete(recursive: true);
        }
    }

    /// <summary>How many deployments came from the workflows folder.</summary>
    private static async Task<int> FromFolderAsync(EngineApp app)
    {
        await using var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext();
        return await context.Deployments.CountAsync(d => d.CreatedBy == WorkflowDeployer.DeployedBy);
    }

    private static async Task<List<(int Version, string Name)>> VersionsAsync(EngineApp app)
    {
        var result = await EngineApp.JsonAsync(await app.Admin().PostAsJsonAsync("/v2/process-definitions/search",
            new { filter = new { processDefinitionId = "wohnsitz" }, sort = new[] { new { field = "version", order = "asc" } } }));
        return result["items"]!.AsArray()
            .Select(item => (item!["version"]!.GetValue<int>(), item["name"]!.GetValue<string>()))
            .ToList();
    }
}
