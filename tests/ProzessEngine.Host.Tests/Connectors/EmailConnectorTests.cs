using System.Globalization;
using System.Net.Http.Json;
using System.Security;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>
/// E-mail connector tasks (io.camunda:email:1, as Camunda's element template writes them) sent by the engine through its
/// outbox to an SMTP server the test starts on loopback. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class EmailConnectorTests : IAsyncLifetime
{
    private const string SmtpPassword = "smtp-passwort-amt-9c41";
    private const string ConfiguredPassword = "konfiguriert-geheim-77d0";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly List<EngineApp> _apps = [];
    private PostgresServer? _server;
    private string? _database;
    private readonly string _sqliteFile = Path.Combine(Path.GetTempPath(), $"prozessengine-email-{Guid.NewGuid():N}.db");
    private TestSmtpServer _smtp = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        if (Postgres)
        {
            _server = await PostgresServer.GetAsync();
            _database = await _server.CreateDatabaseAsync(GetType().Name);
        }

        _smtp = TestSmtpServer.Start();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await _smtp.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_database!);
        }
        else
        {
            _apps.FirstOrDefault()?.DeleteDatabaseFile();
        }
    }

    [Fact]
    public async Task A_mail_task_sends_one_mail_with_the_rendered_subject_body_and_a_stored_document()
    {
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Document() + Flow("brief", "mail") + Mail("mail",
                Server() + Input("authentication.username", "amt") + Input("authentication.password", "{{secrets.SMTP_PASSWORT}}")
                + Input("data.smtpAction.to", "=antrag.email") + Input("data.smtpAction.cc", "akte@stadt.example, Sachbearbeitung <sb@stadt.example>")
                + Input("data.smtpAction.subject", "=\"Ihr Bescheid \" + antrag.aktenzeichen") + Input("data.smtpAction.contentType", "HTML")
                + Input("data.smtpAction.attachments", "=[dokument]"),
                Header("bodyTemplateId", "anschreiben") + Header("resultVariable", "versand")),
            ("bescheid.scriban", "<p>Bescheid für {{ antrag.name }}</p>"), ("anschreiben.scriban", "<p>Guten Tag {{ antrag.name | html.escape }},</p>"));

        var key = await EngineApp.StartAsync(admin, "versand", new { antrag = new { name = "Erika Mustermann", email = "erika@buerger.example", aktenzeichen = "63-0815" } });

        Assert.Equal(Core.State.InstanceStatus.Completed, await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal("rathaus@stadt.example", mail.From);
        Assert.Equal(new[] { "erika@buerger.example", "akte@stadt.example", "sb@stadt.example" }, mail.Recipients);
        Assert.Equal("Ihr Bescheid 63-0815", mail.Message.Subject);
        Assert.Contains("Guten Tag Erika Mustermann,", mail.Message.HtmlBody, StringComparison.Ordinal);
        var attachment = Assert.IsAssignableFrom<MimePart>(Assert.Single(mail.Message.Attachments));
        Assert.Equal("bescheid.html", attachment.FileName);
        using (var content = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(content);
            Assert.Equal("<p>Bescheid für Erika Mustermann</p>", Encoding.UTF8.GetString(content.ToArray()));
        }

        Assert.StartsWith("prozessengine.", mail.Message.MessageId, StringComparison.Ordinal);
        Assert.Equal(new[] { "amt:" + SmtpPassword }, _smtp.Logins);
        var result = (await EngineApp.InstanceAsync(admin, key))["variables"]!["versand"]!;
        Assert.True(result["sent"]!.GetValue<bool>());
        Assert.Equal($"<{mail.Message.MessageId}>", result["messageId"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_configured_server_and_its_credentials_are_used_when_the_task_names_none()
    {
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Eingangsbestätigung")
            + Input("data.smtpAction.body", "=\"Ihr Antrag \" + nummer + \" ist eingegangen.\"")));

        var key = await EngineApp.StartAsync(admin, "versand", new { nummer = "A-17" });

        Assert.Equal(Core.State.InstanceStatus.Completed, await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal("Ihr Antrag A-17 ist eingegangen.", mail.Message.TextBody!.Trim());
        Assert.Equal(new[] { "postfach:" + ConfiguredPassword }, _smtp.Logins);
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_is_tried_again_then_an_incident_whose_resolution_sends_once()
    {
        await _smtp.StopAsync();
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Erinnerung")
            + Input("data.smtpAction.body", "Bitte reichen Sie die Unterlagen nach."), retries: 2));

        var key = await EngineApp.StartAsync(admin, "versand");
        await app.Signals.CommittedAsync("fail-job", 2);

        var incident = Assert.Single(await IncidentsAsync(admin, key))!;
        Assert.Contains($"127.0.0.1:{_smtp.Port} could not be reached", incident["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        var messageId = await OutboxAsync(app, key, m => m.MessageId);
        Assert.Equal(2, await OutboxAsync(app, key, m => m.Attempts));

        _smtp.Restart();
        using (var resolved = await admin.PostAsync($"/v2/incidents/{incident["incidentKey"]!.GetValue<string>()}/resolution", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, resolved.StatusCode);
        }

        Assert.Equal(Core.State.InstanceStatus.Completed, await app.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal(messageId, mail.Message.MessageId);
        Assert.NotNull(await OutboxAsync(app, key, m => m.SentAt));
    }

    [Fact]
    public async Task A_task_committed_before_a_restart_sends_its_mail_once_after_it()
    {
        var before = NewApp(enabled: false);
        await DeployAsync(before.Admin(), Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Termin")
            + Input("data.smtpAction.body", "Ihr Termin ist bestätigt.")));
        var key = await EngineApp.StartAsync(before.Admin(), "versand");
        await before.DisposeAsync();
        _apps.Remove(before);
        Assert.Empty(_smtp.Mails);

        var after = NewApp();
        _ = after.Services;
        Assert.Equal(Core.State.InstanceStatus.Completed, await after.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Single(_smtp.Mails);
    }

    [Fact]
    public async Task A_mail_marked_sent_before_a_crash_is_not_sent_again()
    {
        var before = NewApp(enabled: false);
        await DeployAsync(before.Admin(), Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Termin")
            + Input("data.smtpAction.body", "Ihr Termin ist bestätigt.")));
        var key = await EngineApp.StartAsync(before.Admin(), "versand");

        // What a node leaves when it dies after the server took the mail and the outbox marked it, before the job completed.
        var job = await JobAsync(before, key);
        var outbox = before.Services.GetRequiredService<EmailOutbox>();
        await outbox.KeepAsync(job.ElementInstanceKey, job.JobKey, "<default>", long.Parse(key, CultureInfo.InvariantCulture), "mail",
            $"prozessengine.{job.ElementInstanceKey}@test.invalid", Encoding.ASCII.GetBytes("Subject: x\r\n\r\nx\r\n"));
        await outbox.MarkSentAsync(job.ElementInstanceKey);
        await before.DisposeAsync();
        _apps.Remove(before);

        var after = NewApp();
        _ = after.Services;
        Assert.Equal(Core.State.InstanceStatus.Completed, await after.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(_smtp.Mails);
    }

    [Fact]
    public async Task A_mail_kept_but_not_marked_sent_goes_out_again_with_the_same_message_id()
    {
        var before = NewApp(enabled: false);
        await DeployAsync(before.Admin(), Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Termin")
            + Input("data.smtpAction.body", "Ihr Termin ist bestätigt.")));
        var key = await EngineApp.StartAsync(before.Admin(), "versand");
        var job = await JobAsync(before, key);
        var kept = $"prozessengine.{job.ElementInstanceKey}@test.invalid";
        await before.Services.GetRequiredService<EmailOutbox>().KeepAsync(job.ElementInstanceKey, job.JobKey, "<default>", long.Parse(key, CultureInfo.InvariantCulture),
            "mail", kept,
            Encoding.ASCII.GetBytes($"From: rathaus@stadt.example\r\nTo: erika@buerger.example\r\nMessage-Id: <{kept}>\r\nSubject: Termin\r\n\r\nZuerst verfasst.\r\n"));
        await before.DisposeAsync();
        _apps.Remove(before);

        var after = NewApp();
        _ = after.Services;
        Assert.Equal(Core.State.InstanceStatus.Completed, await after.Signals.EndedAsync(key).WaitAsync(TimeSpan.FromSeconds(30)));
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal(kept, mail.Message.MessageId);
        Assert.Equal("Zuerst verfasst.", mail.Message.TextBody!.Trim());
    }

    [Fact]
    public async Task A_line_break_in_an_address_or_the_subject_from_a_variable_is_refused_and_nothing_is_sent()
    {
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Input("data.smtpAction.to", "=empfaenger") + Input("data.smtpAction.subject", "=betreff")
            + Input("data.smtpAction.body", "Text")));

        var injectedAddress = await EngineApp.StartAsync(admin, "versand", new { empfaenger = "erika@buerger.example\r\nBcc: alle@fremd.example", betreff = "Hallo" });
        var injectedSubject = await EngineApp.StartAsync(admin, "versand", new { empfaenger = "erika@buerger.example", betreff = "Hallo\r\nBcc: alle@fremd.example" });

        Assert.Contains("line break", Assert.Single(await IncidentsAsync(admin, injectedAddress))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("line break", Assert.Single(await IncidentsAsync(admin, injectedSubject))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_smtp.Mails);
    }

    [Fact]
    public async Task Extra_headers_are_sent_and_one_the_engine_writes_itself_or_with_a_line_break_is_refused()
    {
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "RE: Ihre Anfrage")
            + Input("data.smtpAction.body", "Text") + Input("data.smtpAction.headers", "=kopfzeilen")));

        var reply = await EngineApp.StartAsync(admin, "versand", new
        {
            kopfzeilen = new Dictionary<string, string>
            {
                ["In-Reply-To"] = "<anfrage-17@buerger.example>",
                ["X-Aktenzeichen"] = "BA-2026-0042",
            }
        });
        var forged = await EngineApp.StartAsync(admin, "versand", new { kopfzeilen = new Dictionary<string, string> { ["bcc"] = "alle@fremd.example" } });
        var injected = await EngineApp.StartAsync(admin, "versand", new { kopfzeilen = new Dictionary<string, string> { ["X-Akte"] = "1\r\nBcc: alle@fremd.example" } });

        Assert.Equal(Core.State.InstanceStatus.Completed, await app.Signals.EndedAsync(reply).WaitAsync(TimeSpan.FromSeconds(30)));
        var mail = Assert.Single(_smtp.Mails);
        Assert.Equal("<anfrage-17@buerger.example>", mail.Message.Headers["In-Reply-To"]);
        Assert.Equal("BA-2026-0042", mail.Message.Headers["X-Aktenzeichen"]);
        Assert.Equal(new[] { "erika@buerger.example" }, mail.Recipients);
        Assert.Contains("'bcc', which the engine writes itself", Assert.Single(await IncidentsAsync(admin, forged))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("line break", Assert.Single(await IncidentsAsync(admin, injected))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_recipient_outside_the_allowed_domains_is_refused()
    {
        var app = NewApp(extra: new Dictionary<string, string> { ["Engine:Connectors:Email:AllowedRecipientDomains:0"] = "stadt.example" });
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Input("data.smtpAction.to", "=empfaenger") + Input("data.smtpAction.subject", "Hallo")
            + Input("data.smtpAction.body", "Text")));

        var inside = await EngineApp.StartAsync(admin, "versand", new { empfaenger = "amt@bauamt.stadt.example" });
        var outside = await EngineApp.StartAsync(admin, "versand", new { empfaenger = "jemand@anderswo.example" });

        Assert.Equal(Core.State.InstanceStatus.Completed, await app.Signals.EndedAsync(inside).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("'anderswo.example' is not in Engine:Connectors:Email:AllowedRecipientDomains",
            Assert.Single(await IncidentsAsync(admin, outside))!["errorMessage"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(new[] { "amt@bauamt.stadt.example" }, Assert.Single(_smtp.Mails).Recipients);
    }

    [Fact]
    public async Task A_secret_the_server_echoes_is_masked_in_the_incident_and_the_log()
    {
        _smtp.RejectLogins = true;
        var app = NewApp();
        var admin = app.Admin();
        await DeployAsync(admin, Mail("mail", Server() + Input("authentication.username", "amt") + Input("authentication.password", "{{secrets.SMTP_PASSWORT}}")
            + Input("data.smtpAction.to", "erika@buerger.example") + Input("data.smtpAction.subject", "Hallo") + Input("data.smtpAction.body", "Text")));

        var key = await EngineApp.StartAsync(admin, "versand");

        var message = Assert.Single(await IncidentsAsync(admin, key))!["errorMessage"]!.GetValue<string>();
        Assert.Contains("refused the login", message, StringComparison.Ordinal);
        Assert.Contains("****", message, StringComparison.Ordinal);
        Assert.DoesNotContain(SmtpPassword, message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Log.Lines, line => line.Contains(SmtpPassword, StringComparison.Ordinal));
        var instance = long.Parse(key, CultureInfo.InvariantCulture);
        await using (var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext())
        {
            var journal = await context.Journal.Where(j => j.ProcessInstanceKey == instance).Select(j => j.Command + j.Events).ToListAsync();
            Assert.Contains(journal, entry => entry.Contains("refused the login", StringComparison.Ordinal));
            Assert.DoesNotContain(journal, entry => entry.Contains(SmtpPassword, StringComparison.Ordinal));
        }

        Assert.Empty(_smtp.Mails);
    }

    [Fact]
    public async Task Reading_mail_and_properties_the_engine_does_not_honour_are_refused_at_deployment_naming_the_element()
    {
        var admin = NewApp().Admin();
        var model = Model(Mail("lesen", Input("protocol", "imap") + Input("data.imapConfig.imapHost", "imap.stadt.example")
            + Input("data.smtpAction.to", "a@stadt.example") + Input("data.smtpAction.subject", "x") + Input("data.smtpAction.body", "x"))
            + Flow("lesen", "senden")
            + Mail("senden", Input("data.smtpAction.to", "a@stadt.example") + Input("data.smtpAction.subject", "x") + Input("data.smtpAction.body", "x")
                + Input("data.smtpAction.headers", "X-Extra: 1") + Input("authentication.password", "klartext-passwort"),
                id2: "ende"), first: "lesen");

        var problem = (await EngineApp.ProblemAsync(await EngineApp.DeployAsync(admin, ("versand.bpmn", model)), 400)).ToJsonString();

        Assert.Contains("lesen", problem, StringComparison.Ordinal);
        Assert.Contains("only sends mail over SMTP", problem, StringComparison.Ordinal);
        Assert.Contains("senden", problem, StringComparison.Ordinal);
        Assert.Contains("data.smtpAction.headers", problem, StringComparison.Ordinal);
        Assert.Contains("must name a secret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("klartext-passwort", problem, StringComparison.Ordinal);
    }

    private EngineApp NewApp(bool enabled = true, Dictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Engine:Connectors:Email:Enabled"] = enabled ? "true" : "false",
            ["Engine:Connectors:Email:Smtp:Host"] = "127.0.0.1",
            ["Engine:Connectors:Email:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Engine:Connectors:Email:Smtp:Security"] = "NONE",
            ["Engine:Connectors:Email:Smtp:UserName"] = "postfach",
            ["Engine:Connectors:Email:Smtp:Password"] = ConfiguredPassword,
            ["Engine:Connectors:Email:MessageIdDomain"] = "test.invalid",
            ["Engine:Secrets:SMTP_PASSWORT"] = SmtpPassword,
        };
        foreach (var (name, value) in extra ?? [])
        {
            settings[name] = value;
        }

        var app = new EngineApp(_clock, sqliteFile: _sqliteFile, postgresConnectionString: _database, settings: settings);
        _apps.Add(app);
        return app;
    }

    private static async Task<(long JobKey, long ElementInstanceKey)> JobAsync(EngineApp app, string instanceKey)
    {
        var instance = long.Parse(instanceKey, CultureInfo.InvariantCulture);
        await using var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext();
        var job = await context.Jobs.Where(j => j.ProcessInstanceKey == instance).Select(j => new { j.Key, j.ElementInstanceKey }).SingleAsync();
        return (job.Key, job.ElementInstanceKey);
    }

    private static async Task<T> OutboxAsync<T>(EngineApp app, string instanceKey, System.Linq.Expressions.Expression<Func<Persistence.Entities.EmailOutboxEntity, T>> field)
    {
        var instance = long.Parse(instanceKey, CultureInfo.InvariantCulture);
        await using var context = app.Services.GetRequiredService<EngineDatabase>().CreateContext();
        return await context.EmailOutbox.Where(m => m.ProcessInstanceKey == instance).Select(field).SingleAsync();
    }

    private static async Task<JsonArray> IncidentsAsync(HttpClient admin, string instanceKey)
    {
        JsonArray items = [];
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            items = (await EngineApp.JsonAsync(await admin.PostAsJsonAsync("/v2/incidents/search", new { filter = new { processInstanceKey = instanceKey } })))["items"]!
                .AsArray();
            return items.Count > 0;
        }, TimeSpan.FromSeconds(30)), "no incident was raised");
        return items;
    }

    private static async Task DeployAsync(HttpClient admin, string elements, params (string Name, string Content)[] resources) =>
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, [("versand.bpmn", Model(elements, first: elements.Contains("id=\"brief\"", StringComparison.Ordinal) ? "brief" : "mail")), .. resources]));

    private static string Model(string elements, string first) => RoutingModels.Head + $"""
          <bpmn:process id="versand" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="{first}" />
            {elements}
            <bpmn:endEvent id="ende" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private static string Flow(string from, string to) => $"""<bpmn:sequenceFlow id="{from}-{to}" sourceRef="{from}" targetRef="{to}" />""";

    private static string Document() => """
        <bpmn:serviceTask id="brief">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="prozessengine:document" />
            <zeebe:taskHeaders><zeebe:header key="templateId" value="bescheid" /><zeebe:header key="resultVariable" value="dokument" /></zeebe:taskHeaders>
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        """;

    private static string Server() => Input("data.smtpConfig.smtpHost", "127.0.0.1") + Input("data.smtpConfig.smtpCryptographicProtocol", "NONE");

    /// <summary>A send task as Camunda's e-mail template writes it, with the sender given and a flow to <paramref name="id2"/>.</summary>
    private static string Mail(string id, string inputs, string headers = "", int retries = 3, string id2 = "ende") => $"""
        <bpmn:sendTask id="{id}">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="io.camunda:email:1" retries="{retries}" />
            <zeebe:ioMapping>{Input("authentication.type", "simple")}{Input("protocol", "smtp")}{Input("data.smtpActionDiscriminator", "sendEmailSmtp")}{Input("data.smtpAction.from", "Stadt Musterstadt <rathaus@stadt.example>")}{inputs}</zeebe:ioMapping>
            <zeebe:taskHeaders><zeebe:header key="elementTemplateId" value="io.camunda.connectors.email.v1" />{headers}</zeebe:taskHeaders>
          </bpmn:extensionElements>
        </bpmn:sendTask>
        {(id2 == "ende" ? Flow(id, "ende") : "")}
        """;

    private static string Input(string target, string source) => $"""<zeebe:input source="{SecurityElement.Escape(source)}" target="{target}" />""";

    private static string Header(string key, string value) => $"""<zeebe:header key="{key}" value="{SecurityElement.Escape(value)}" />""";
}

public sealed class SqliteEmailConnectorTests : EmailConnectorTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresEmailConnectorTests : EmailConnectorTests
{
    protected override bool Postgres => true;
}
