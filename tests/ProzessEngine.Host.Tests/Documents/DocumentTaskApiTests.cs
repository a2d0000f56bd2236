using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Documents;

/// <summary>
/// Letters end to end: a process deployed with its Scriban template renders a document after the task's command
/// committed; the document is kept with the instance and listed and downloaded over the API, on SQLite and PostgreSQL.
/// </summary>
public sealed class DocumentTaskApiTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));

    internal static string Process(string headers, string id = "bescheid-prozess") => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="{id}" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Bescheid" />
            <bpmn:serviceTask id="Bescheid" name="Bescheid erstellen">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="prozessengine:document" />
                <zeebe:taskHeaders>{headers}</zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Bescheid" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    internal static string Headers(string format = "html", string template = "bescheid", string extra = "") =>
        $"""<zeebe:header key="templateId" value="{template}" /><zeebe:header key="format" value="{format}" /><zeebe:header key="resultVariable" value="dokument" />{extra}""";

    private const string Template = """
        {{ capture inhalt }}<p>Sehr geehrte Frau {{ antrag.name | html.escape }},</p><p>Ihr Antrag vom {{ datum_de antrag.eingang }} ist genehmigt.</p>{{ end }}
        {{- include 'din5008' -}}
        """;

    private static object Variables => new
    {
        antrag = new { name = "Erika Mustermann", eingang = "2026-11-20" },
        behoerde = new { name = "Stadt Musterstadt", zusatz = "Bauordnungsamt" },
        brief = new { empfaenger = new[] { "Frau", "Erika Mustermann", "Hauptstraße 5", "12345 Musterstadt" }, betreff = "Baugenehmigung", aktenzeichen = "63-0815" },
    };

    public static TheoryData<string> Databases => ["SQLite", "PostgreSQL"];

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_letter_is_rendered_kept_listed_and_downloaded(string database) => await OnAsync(database, async app =>
    {
        var admin = app.Admin();
        var deployment = await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers())), ("bescheid.scriban", Template)));
        var resource = deployment["deployments"]!.AsArray().Select(d => d!["resource"]).Single(r => r is not null)!;
        Assert.Equal("bescheid", resource["resourceId"]!.GetValue<string>());
        Assert.Equal(1, resource["version"]!.GetValue<int>());

        var key = await EngineApp.StartAsync(admin, "bescheid-prozess", Variables);
        await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30));

        var documents = JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray();
        var document = Assert.Single(documents)!;
        Assert.Equal("bescheid.html", document["fileName"]!.GetValue<string>());
        Assert.Equal("Bescheid", document["elementId"]!.GetValue<string>());
        Assert.Equal("bescheid", document["templateId"]!.GetValue<string>());
        var documentKey = document["documentKey"]!.GetValue<string>();

        using var download = await admin.GetAsync($"/v2/process-instances/{key}/documents/{documentKey}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("text/html", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bescheid.html", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await download.Content.ReadAsStringAsync();
        Assert.Contains("Sehr geehrte Frau Erika Mustermann", html, StringComparison.Ordinal);
        Assert.Contains("20. November 2026", html, StringComparison.Ordinal);
        Assert.Contains("5. Dezember 2026", html, StringComparison.Ordinal);
        Assert.Contains("63-0815", html, StringComparison.Ordinal);
        Assert.Equal(document["size"]!.GetValue<long>(), download.Content.Headers.ContentLength);

        var reference = (await EngineApp.InstanceAsync(admin, key))["variables"]!["dokument"]!;
        Assert.Equal(documentKey, reference["documentKey"]!.GetValue<string>());
        Assert.Equal("text/html; charset=utf-8", reference["contentType"]!.GetValue<string>());
    });

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task A_template_is_versioned_like_a_form(string database) => await OnAsync(database, async app =>
    {
        var admin = app.Admin();
        async Task<int> DeployTemplate(string text) =>
            (await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.scriban", text))))["deployments"]!.AsArray()
                .Single()!["resource"]!["version"]!.GetValue<int>();

        Assert.Equal(1, await DeployTemplate("Version eins"));
        Assert.Equal(1, await DeployTemplate("Version eins"));
        Assert.Equal(2, await DeployTemplate("Version zwei"));

        // The process binds the latest version by default: an instance started now renders version two.
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers()))));
        var key = await EngineApp.StartAsync(admin, "bescheid-prozess");
        await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30));
        var document = Assert.Single(JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray())!;
        Assert.Equal(2, document["templateVersion"]!.GetValue<int>());
    });

    [Fact]
    public async Task A_process_whose_template_is_missing_is_refused_naming_the_element() => await OnAsync("SQLite", async app =>
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(app.Admin(), ("bescheid.bpmn", Process(Headers()))), 400);

        Assert.Contains("Bescheid", problem.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("bescheid.scriban", problem.ToJsonString(), StringComparison.Ordinal);
    });

    [Fact]
    public async Task A_template_with_a_syntax_error_is_refused_with_its_line() => await OnAsync("SQLite", async app =>
    {
        var problem = await EngineApp.ProblemAsync(await EngineApp.DeployAsync(app.Admin(), ("bescheid.scriban", "Zeile eins\n{{ if antrag }}offen")), 400);

        Assert.Contains("\"line\":2", problem.ToJsonString(), StringComparison.Ordinal);
    });

    [Fact]
    public async Task A_hostile_template_ends_in_an_incident_naming_the_limit() => await OnAsync("SQLite", async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers())), ("bescheid.scriban", "{{ while true }}x{{ end }}")));
        var key = await EngineApp.StartAsync(admin, "bescheid-prozess");

        var incident = await IncidentAsync(admin, key);
        Assert.Contains("LoopLimit", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Bescheid", incident["elementId"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray());
    });

    [Fact]
    public async Task A_pdf_without_a_configured_chromium_ends_in_an_incident_naming_the_setting() => await OnAsync("SQLite", async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers("pdf"))), ("bescheid.scriban", Template)));
        var key = await EngineApp.StartAsync(admin, "bescheid-prozess", Variables);

        var incident = await IncidentAsync(admin, key);
        Assert.Contains("Engine:Documents:Pdf:ChromiumPath", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    });

    [Fact]
    public async Task Documents_of_another_tenants_instance_are_not_found() => await OnAsync("SQLite", async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers())), ("bescheid.scriban", "Hallo")));
        var key = await EngineApp.StartAsync(admin, "bescheid-prozess");
        await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30));
        var documentKey = Assert.Single(JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray())!["documentKey"]!
            .GetValue<string>();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v2/process-instances/1234/documents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/v2/process-instances/1234/documents/{documentKey}")).StatusCode);
    });

    [Fact]
    public async Task Documents_can_be_kept_in_a_folder() => await OnAsync("SQLite", async app =>
    {
        var admin = app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers())), ("bescheid.scriban", "Hallo {{ name }}")));
        var key = await EngineApp.StartAsync(admin, "bescheid-prozess", new { name = "Erika" });
        await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30));

        var documentKey = Assert.Single(JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray())!["documentKey"]!
            .GetValue<string>();
        Assert.Equal("Hallo Erika", await admin.GetStringAsync($"/v2/process-instances/{key}/documents/{documentKey}"));
        var file = Assert.Single(Directory.GetFiles(app.DocumentsFolder!, "*", SearchOption.AllDirectories));
        Assert.Equal("Hallo Erika", await File.ReadAllTextAsync(file));
    }, folder: true);

    [Fact]
    public async Task A_pdf_is_printed_by_chromium()
    {
        var chromium = Environment.GetEnvironmentVariable("PROZESS_CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        Assert.True(File.Exists(chromium), $"{chromium} is missing: test.sh installs Debian's chromium, or set PROZESS_CHROMIUM.");
        await OnAsync("SQLite", async app =>
        {
            var admin = app.Admin();
            await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("bescheid.bpmn", Process(Headers("pdf", extra: """<zeebe:header key="fileName" value="Bescheid.pdf" />"""))),
                ("bescheid.scriban", Template)));
            var key = await EngineApp.StartAsync(admin, "bescheid-prozess", Variables);
            await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(60));

            var document = Assert.Single(JsonNode.Parse(await admin.GetStringAsync($"/v2/process-instances/{key}/documents"))!.AsArray())!;
            Assert.Equal("application/pdf", document["contentType"]!.GetValue<string>());
            var pdf = await admin.GetByteArrayAsync($"/v2/process-instances/{key}/documents/{document["documentKey"]!.GetValue<string>()}");
            Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(pdf, 0, 4));
        }, settings: new Dictionary<string, string> { ["Engine:Documents:Pdf:ChromiumPath"] = chromium });
    }

    private static async Task<JsonObject> IncidentAsync(HttpClient client, string key)
    {
        JsonArray items = [];
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            items = (await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = key } })))["items"]!
                .AsArray();
            return items.Count > 0;
        }, TimeSpan.FromSeconds(30)), "no incident was raised");
        return Assert.Single(items)!.AsObject();
    }

    private static async Task OnAsync(string database, Func<DocumentApp, Task> test, bool folder = false, Dictionary<string, string>? settings = null)
    {
        settings ??= [];
        string? documents = null;
        if (folder)
        {
            documents = Path.Combine(Path.GetTempPath(), $"prozessengine-documents-{Guid.NewGuid():N}");
            settings["Engine:Documents:Storage"] = "Folder";
            settings["Engine:Documents:Folder"] = documents;
        }

        try
        {
            if (database == "SQLite")
            {
                await using var app = new DocumentApp(new EngineApp(NewClock(), settings: settings), documents);
                await test(app);
                app.Engine.DeleteDatabaseFile();
                return;
            }

            var server = await PostgresServer.GetAsync();
            var connection = await server.CreateDatabaseAsync("documents");
            try
            {
                await using var app = new DocumentApp(new EngineApp(NewClock(), postgresConnectionString: connection, settings: settings), documents);
                await test(app);
            }
            finally
            {
                await server.DropDatabaseAsync(connection);
            }
        }
        finally
        {
            if (documents is not null && Directory.Exists(documents))
            {
                Directory.Delete(documents, recursive: true);
            }
        }
    }

    /// <summary>The engine under test, with the folder its documents go to (when it keeps them in one).</summary>
    private sealed class DocumentApp(EngineApp engine, string? documentsFolder) : IAsyncDisposable
    {
        public EngineApp Engine { get; } = engine;
        public string? DocumentsFolder { get; } = documentsFolder;
        public SignalListener Signals => Engine.Signals;

        public HttpClient Admin() => Engine.Admin();

        public ValueTask DisposeAsync() => Engine.DisposeAsync();
    }
}
