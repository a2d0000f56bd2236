using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Separation of duties through the API, with the shipped invoice approval: whoever checked the invoice cannot order
/// its payment. Each scenario runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class FourEyesApiTests
{
    private static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    private static async Task<string> OpenTaskAsync(HttpClient client, string instanceKey, string name) =>
        (await EngineApp.TasksAsync(client, new { processInstanceKey = instanceKey, state = "CREATED" }))
            .Single(t => t!["name"]!.GetValue<string>() == name)!["userTaskKey"]!.GetValue<string>();

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task The_checker_of_an_invoice_can_neither_claim_nor_complete_its_payment_order(string provider) =>
        BothDatabases.RunAsync(provider, nameof(FourEyesApiTests), Clock(), async app =>
        {
            var key = await EngineApp.StartAsync(app.System(), "rechnungsfreigabe",
                new { rechnungsnummer = "R-2026-0042", lieferant = "Bürobedarf Müller GmbH", betrag = 7350.20m });
            // Erika works in both groups: the four-eyes rule, not her groups, keeps her from the second step.
            var erika = await app.ClerkAsync("erika", "fachamt", "kasse");
            var check = await OpenTaskAsync(erika, key, "Sachlich richtig");
            (await erika.PostAsJsonAsync($"/v2/user-tasks/{check}/completion", new { variables = new { sachlichRichtig = true } })).EnsureSuccessStatusCode();
            var order = await OpenTaskAsync(erika, key, "Anordnung");

            var claim = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{order}/assignment", new { assignee = "erika" }), 403);
            var complete = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{order}/completion",
                new { variables = new { kassenzeichen = "K-77", angeordnet = true } }), 403);
            using var english = new HttpRequestMessage(HttpMethod.Post, $"/v2/user-tasks/{order}/completion")
            {
                Content = JsonContent.Create(new { variables = new { kassenzeichen = "K-77", angeordnet = true } }),
            };
            english.Headers.AcceptLanguage.ParseAdd("en-GB, de;q=0.5");
            var inEnglish = await EngineApp.ProblemAsync(await erika.SendAsync(english), 403);

            Assert.Equal("Vier-Augen-Prinzip", claim["title"]!.GetValue<string>());
            Assert.Equal("Vier-Augen-Prinzip: erika darf „Anordnung“ nicht übernehmen, weil „Sachlich richtig“ in diesem Vorgang von erika abgeschlossen "
                + "wurde. Eine andere Person muss diese Aufgabe bearbeiten.", claim["detail"]!.GetValue<string>());
            var rule = claim["fourEyes"]!;
            Assert.Equal(("claim", "Anordnung", "SachlichRichtig", "erika"), (rule["action"]!.GetValue<string>(), rule["elementId"]!.GetValue<string>(),
                rule["earlierElementId"]!.GetValue<string>(), rule["person"]!.GetValue<string>()));
            Assert.Null(claim["elementId"]);
            Assert.Contains("nicht abschließen", complete["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("Four-eyes principle", inEnglish["title"]!.GetValue<string>());
            Assert.StartsWith("Four-eyes principle: erika may not complete 'Anordnung' because 'Sachlich richtig' of this case was completed by erika.",
                inEnglish["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            var untouched = await EngineApp.JsonAsync(await app.Admin().GetAsync($"/v2/user-tasks/{order}"));
            Assert.Equal(("CREATED", null), (untouched["state"]!.GetValue<string>(), untouched["assignee"]?.GetValue<string>()));

            var karl = await app.ClerkAsync("karl", "kasse");
            Assert.Equal(HttpStatusCode.NoContent, (await karl.PostAsJsonAsync($"/v2/user-tasks/{order}/assignment", new { assignee = "karl" })).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await karl.PostAsJsonAsync($"/v2/user-tasks/{order}/completion",
                new { variables = new { kassenzeichen = "K-77", angeordnet = true } })).StatusCode);

            var checkedTask = await EngineApp.JsonAsync(await app.Admin().GetAsync($"/v2/user-tasks/{check}"));
            var orderedTask = await EngineApp.JsonAsync(await app.Admin().GetAsync($"/v2/user-tasks/{order}"));
            Assert.Equal(("erika", "karl"), (checkedTask["completedBy"]!.GetValue<string>(), orderedTask["completedBy"]!.GetValue<string>()));
            Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(app.Admin(), key))["state"]!.GetValue<string>());
        }, deployShippedWorkflows: true);

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task An_operator_cannot_hand_the_payment_order_to_the_checker_either(string provider) =>
        BothDatabases.RunAsync(provider, nameof(FourEyesApiTests), Clock(), async app =>
        {
            var key = await EngineApp.StartAsync(app.System(), "rechnungsfreigabe", new { rechnungsnummer = "R-1", lieferant = "L", betrag = 9000 });
            var erika = await app.ClerkAsync("erika", "fachamt");
            (await erika.PostAsJsonAsync($"/v2/user-tasks/{await OpenTaskAsync(erika, key, "Sachlich richtig")}/completion",
                new { variables = new { sachlichRichtig = true } })).EnsureSuccessStatusCode();
            var order = await OpenTaskAsync(app.Admin(), key, "Anordnung");

            var problem = await EngineApp.ProblemAsync(await app.Admin().PostAsJsonAsync($"/v2/user-tasks/{order}/assignment", new { assignee = "erika" }), 403);

            Assert.Equal("erika", problem["fourEyes"]!["person"]!.GetValue<string>());
        }, deployShippedWorkflows: true);

    /// <summary>Review finding: the form was checked first, so the checker heard "Kassenzeichen is required" instead of why she may not.</summary>
    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task Four_eyes_is_checked_before_the_form_so_the_checker_gets_403_not_400(string provider) =>
        BothDatabases.RunAsync(provider, nameof(FourEyesApiTests), Clock(), async app =>
        {
            var key = await EngineApp.StartAsync(app.System(), "rechnungsfreigabe", new { rechnungsnummer = "R-7", lieferant = "L", betrag = 9000 });
            var erika = await app.ClerkAsync("erika", "fachamt", "kasse");
            (await erika.PostAsJsonAsync($"/v2/user-tasks/{await OpenTaskAsync(erika, key, "Sachlich richtig")}/completion",
                new { variables = new { sachlichRichtig = true } })).EnsureSuccessStatusCode();
            var order = await OpenTaskAsync(erika, key, "Anordnung");

            // No Kassenzeichen, which the form requires: still the rule answers, not the form.
            var problem = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{order}/completion",
                new { variables = new { angeordnet = true } }), 403);

            Assert.Equal("Vier-Augen-Prinzip", problem["title"]!.GetValue<string>());
            Assert.Equal("erika", problem["fourEyes"]!["person"]!.GetValue<string>());
            Assert.Null(problem["errors"]);

            // Someone who may complete still gets the form's 400 for the same data.
            var karl = await app.ClerkAsync("karl", "kasse");
            await EngineApp.ProblemAsync(await karl.PostAsJsonAsync($"/v2/user-tasks/{order}/completion", new { variables = new { angeordnet = true } }), 400);
        }, deployShippedWorkflows: true);

    [Fact]
    public async Task A_rule_that_names_no_user_task_is_refused_at_deployment_naming_the_element()
    {
        await using var app = new EngineApp(Clock());
        try
        {
            var response = await EngineApp.DeployAsync(app.Admin(), ("pruefung.bpmn", """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                                  id="d" targetNamespace="http://bpmn.io/schema/bpmn">
                  <bpmn:process id="pruefung" isExecutable="true">
                    <bpmn:startEvent id="start" />
                    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="freigabe" />
                    <bpmn:userTask id="freigabe">
                      <bpmn:extensionElements><zeebe:properties><zeebe:property name="prozessengine:fourEyes" value="pruefen, start" /></zeebe:properties></bpmn:extensionElements>
                    </bpmn:userTask>
                    <bpmn:sequenceFlow id="f2" sourceRef="freigabe" targetRef="end" />
                    <bpmn:endEvent id="end" />
                  </bpmn:process>
                </bpmn:definitions>
                """));

            var problem = await EngineApp.ProblemAsync(response, 400);
            var error = Assert.Single(problem["errors"]!.AsArray())!.AsObject();
            Assert.Equal("freigabe", error["elementId"]!.GetValue<string>());
            Assert.Contains("there is no element 'pruefen'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("'start' is a startEvent, not a user task", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        }
        finally
        {
            app.DeleteDatabaseFile();
        }
    }
}
