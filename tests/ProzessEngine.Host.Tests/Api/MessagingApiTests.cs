using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>Other systems talk to running processes over HTTP: messages, signals, job errors, variables.</summary>
public sealed class MessagingApiTests : IAsyncLifetime
{
    /// <summary>The receive-task form of RoutingModels.WaitForDocuments (there an intermediate catch event).</summary>
    private const string WaitForDocuments = RoutingModels.Head + """
          <bpmn:process id="nachreichung" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="warten" />
            <bpmn:receiveTask id="warten" messageRef="m" />
            <bpmn:sequenceFlow id="f2" sourceRef="warten" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="Unterlagen eingegangen">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=antragId" /></bpmn:extensionElements>
          </bpmn:message>
        </bpmn:definitions>
        """;

    private const string ExternalCheck = RoutingModels.Head + """
          <bpmn:process id="registerauskunft" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="abfragen" />
            <bpmn:serviceTask id="abfragen">
              <bpmn:extensionElements><zeebe:taskDefinition type="register-abfrage" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:boundaryEvent id="nicht-gefunden" attachedToRef="abfragen">
              <bpmn:errorEventDefinition errorRef="e" />
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="abfragen" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="nicht-gefunden" targetRef="klaeren" />
            <bpmn:userTask id="klaeren" name="Von Hand klären" />
            <bpmn:sequenceFlow id="f4" sourceRef="klaeren" targetRef="end2" />
            <bpmn:endEvent id="end2" />
          </bpmn:process>
          <bpmn:error id="e" name="Nicht gefunden" errorCode="NICHT_GEFUNDEN" />
        </bpmn:definitions>
        """;

    private const string StartedByCondition = RoutingModels.Head + """
          <bpmn:process id="grossauftrag" isExecutable="true">
            <bpmn:startEvent id="start">
              <bpmn:conditionalEventDefinition><bpmn:condition xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=betrag &gt; 25000</bpmn:condition></bpmn:conditionalEventDefinition>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" />
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_portal_publishes_a_message_before_the_instance_waits_and_the_instance_receives_it()
    {
        var system = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("nachreichung.bpmn", WaitForDocuments)));

        var published = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/messages/publication", new
        {
            name = "Unterlagen eingegangen",
            correlationKey = "A-77",
            timeToLive = 3_600_000,
            messageId = "portal-0815",
            variables = new { seiten = 4 },
        }));
        Assert.NotNull(published["messageKey"]);

        var duplicate = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/messages/publication", new
        {
            name = "Unterlagen eingegangen",
            correlationKey = "A-77",
            messageId = "portal-0815",
        }), 409);
        Assert.Contains("portal-0815", duplicate["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var key = await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-77" });
        var instance = await EngineApp.InstanceAsync(_app.Admin(), key);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal(4, instance["variables"]!["seiten"]!.GetValue<int>());
    }

    [Fact]
    public async Task Correlation_names_the_instance_that_received_the_message_and_is_not_found_when_nothing_waits()
    {
        var system = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("nachreichung.bpmn", WaitForDocuments)));
        var key = await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-1" });

        var correlated = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/messages/correlation",
            new { name = "Unterlagen eingegangen", correlationKey = "A-1" }));
        Assert.Equal(key, correlated["processInstanceKey"]!.GetValue<string>());

        var missing = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/messages/correlation",
            new { name = "Unterlagen eingegangen", correlationKey = "A-1" }), 404);
        Assert.Contains("A-1", missing["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_message_and_signal_requests_name_the_field_at_fault_and_clerks_may_not_send_them()
    {
        var system = _app.System();

        var noName = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/messages/publication", new { correlationKey = "x" }), 400);
        Assert.NotNull(noName["errors"]!["name"]);
        var badTtl = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/messages/publication", new { name = "m", timeToLive = -5 }), 400);
        Assert.NotNull(badTtl["errors"]!["timeToLive"]);
        var noSignal = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/signals/broadcast", new { variables = new { } }), 400);
        Assert.NotNull(noSignal["errors"]!["signalName"]);
        var badVariables = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "s", variables = 3 }), 400);
        Assert.NotNull(badVariables["errors"]!["variables"]);

        var clerk = await _app.ClerkAsync("erika", "fachamt");
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/v2/messages/publication", new { name = "m" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "s" })).StatusCode);
    }

    [Fact]
    public async Task A_broadcast_signal_continues_every_waiting_instance()
    {
        var system = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("stichtag.bpmn", RoutingModels.WaitForSignal)));
        var first = await EngineApp.StartAsync(system, "stichtag");
        var second = await EngineApp.StartAsync(system, "stichtag");

        var broadcast = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/signals/broadcast",
            new { signalName = "Stichtag erreicht", variables = new { jahr = 2026 } }));

        Assert.NotNull(broadcast["signalKey"]);
        foreach (var key in new[] { first, second })
        {
            var instance = await EngineApp.InstanceAsync(_app.Admin(), key);
            Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
            Assert.Equal(2026, instance["variables"]!["jahr"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task Evaluating_conditionals_starts_the_processes_whose_start_condition_holds()
    {
        var system = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("grossauftrag.bpmn", StartedByCondition)));

        var small = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/conditionals/evaluation", new { variables = new { betrag = 1200 } }));
        Assert.Empty(small["processInstances"]!.AsArray());
        var large = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/conditionals/evaluation", new { variables = new { betrag = 30000 } }));
        var started = Assert.Single(large["processInstances"]!.AsArray())!;
        Assert.Equal("grossauftrag", started["processDefinitionId"]!.GetValue<string>());
        var instance = await EngineApp.InstanceAsync(_app.Admin(), started["processInstanceKey"]!.GetValue<string>());
        Assert.Equal(30000, instance["variables"]!["betrag"]!.GetValue<int>());

        var empty = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/conditionals/evaluation", new { }), 400);
        Assert.NotNull(empty["errors"]!["variables"]);
    }

    [Fact]
    public async Task A_worker_ends_a_job_with_a_bpmn_error_that_the_boundary_event_catches()
    {
        var system = _app.System();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("registerauskunft.bpmn", ExternalCheck)));
        var key = await EngineApp.StartAsync(system, "registerauskunft");
        var jobs = await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abfrage", worker = "melderegister" }));
        var jobKey = Assert.Single(jobs["jobs"]!.AsArray())!["jobKey"]!.GetValue<string>();

        var noCode = await EngineApp.ProblemAsync(await system.PostAsJsonAsync($"/v2/jobs/{jobKey}/error", new { errorMessage = "?" }), 400);
        Assert.NotNull(noCode["errors"]!["errorCode"]);
        var thrown = await system.PostAsJsonAsync($"/v2/jobs/{jobKey}/error",
            new { errorCode = "NICHT_GEFUNDEN", errorMessage = "Keine Person mit diesem Namen", variables = new { treffer = 0 } });
        Assert.Equal(HttpStatusCode.NoContent, thrown.StatusCode);

        var instance = await EngineApp.InstanceAsync(_app.Admin(), key);
        Assert.Equal("ACTIVE", instance["state"]!.GetValue<string>());
        Assert.Contains(instance["activeElements"]!.AsArray(), e => e!["elementId"]!.GetValue<string>() == "klaeren");
        await EngineApp.ProblemAsync(await system.PostAsJsonAsync($"/v2/jobs/{jobKey}/error", new { errorCode = "NICHT_GEFUNDEN" }), 404);
    }

    [Fact]
    public async Task An_operator_sets_variables_of_a_running_instance_and_an_unknown_scope_is_not_found()
    {
        var admin = _app.Admin();
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(admin, ("nachreichung.bpmn", WaitForDocuments)));
        var key = await EngineApp.StartAsync(_app.System(), "nachreichung", new { antragId = "A-5" });

        var set = await admin.PutAsJsonAsync($"/v2/element-instances/{key}/variables", new { variables = new { frist = "2026-12-31" } });
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        var instance = await EngineApp.InstanceAsync(admin, key);
        Assert.Equal("2026-12-31", instance["variables"]!["frist"]!.GetValue<string>());

        await EngineApp.ProblemAsync(await admin.PutAsJsonAsync("/v2/element-instances/123456789/variables", new { variables = new { a = 1 } }), 404);
        var empty = await EngineApp.ProblemAsync(await admin.PutAsJsonAsync($"/v2/element-instances/{key}/variables", new { variables = new { } }), 400);
        Assert.NotNull(empty["errors"]!["variables"]);
        var clerk = await _app.ClerkAsync("erika", "fachamt");
        Assert.Equal(HttpStatusCode.Forbidden,
            (await clerk.PutAsJsonAsync($"/v2/element-instances/{key}/variables", new { variables = new { a = 1 } })).StatusCode);
    }
}
