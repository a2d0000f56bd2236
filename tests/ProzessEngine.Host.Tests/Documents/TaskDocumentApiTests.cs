using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Host.Tests.Security;

namespace ProzessEngine.Host.Tests.Documents;

/// <summary>
/// A clerk reads the letters of a case from the task list: through the task, authorised exactly like reading the task
/// (candidate groups and users, assignee, deputies, tenant), and only the documents of that task's own instance.
/// </summary>
public sealed class TaskDocumentApiTests : IAsyncLifetime
{
    private const string Model = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="t">
          <bpmn:process id="bescheid-pruefen" isExecutable="true">
            <bpmn:startEvent id="s" />
            <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="Bescheid" />
            <bpmn:serviceTask id="Bescheid" name="Bescheid erstellen">
              <bpmn:extensionElements>
                <zeebe:taskDefinition type="prozessengine:document" />
                <zeebe:taskHeaders><zeebe:header key="templateId" value="bescheid" /><zeebe:header key="format" value="html" /></zeebe:taskHeaders>
              </bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="Bescheid" targetRef="Pruefen" />
            <bpmn:userTask id="Pruefen" name="Bescheid prüfen">
              <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="fachamt" /></bpmn:extensionElements>
            </bpmn:userTask>
            <bpmn:sequenceFlow id="f3" sourceRef="Pruefen" targetRef="e" />
            <bpmn:endEvent id="e" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private const string Template = "Bescheid für {{ name }}";

    private TwoTenants _tenants = null!;

    public async Task InitializeAsync()
    {
        _tenants = await TwoTenants.StartAsync();
        foreach (var tenant in new[] { TwoTenants.A, TwoTenants.B })
        {
            await EngineApp.JsonAsync(await TwoTenants.DeployAsync(_tenants.Setup, tenant, ("bescheid-pruefen.bpmn", Model), ("bescheid.scriban", Template)));
        }
    }

    public async Task DisposeAsync() => await _tenants.DisposeAsync();

    [Fact]
    public async Task A_clerk_of_the_candidate_group_lists_and_downloads_the_cases_documents()
    {
        var (taskKey, documentKey) = await WaitingTaskAsync(TwoTenants.A, "Erika Mustermann");
        var clerk = await ClerkAsync("erika", TwoTenants.A, TwoTenants.Group);

        var documents = JsonNode.Parse(await clerk.GetStringAsync($"/v2/user-tasks/{taskKey}/documents"))!.AsArray();
        var document = Assert.Single(documents)!;
        Assert.Equal(documentKey, document["documentKey"]!.GetValue<string>());
        Assert.Equal("bescheid.html", document["fileName"]!.GetValue<string>());

        using var download = await clerk.GetAsync($"/v2/user-tasks/{taskKey}/documents/{documentKey}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("bescheid.html", download.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Contains("sandbox", download.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("Bescheid für Erika Mustermann", await download.Content.ReadAsStringAsync());

        // The instance's own endpoints stay the cockpit's: a clerk has no rights on the instance.
        Assert.Equal(HttpStatusCode.Forbidden, (await clerk.GetAsync($"/v2/process-instances/{document["processInstanceKey"]}/documents")).StatusCode);
    }

    [Fact]
    public async Task A_clerk_of_another_group_finds_neither_the_list_nor_the_document()
    {
        var (taskKey, documentKey) = await WaitingTaskAsync(TwoTenants.A, "Erika Mustermann");
        var otto = await ClerkAsync("otto", TwoTenants.A, "bauamt");

        await AssertNotFoundAsync(otto, $"/v2/user-tasks/{taskKey}/documents");
        await AssertNotFoundAsync(otto, $"/v2/user-tasks/{taskKey}/documents/{documentKey}");
    }

    [Fact]
    public async Task A_deputy_reads_the_documents_of_the_absent_colleagues_group_tasks()
    {
        var (taskKey, documentKey) = await WaitingTaskAsync(TwoTenants.A, "Erika Mustermann");
        var erika = await ClerkAsync("erika", TwoTenants.A, TwoTenants.Group);
        await EngineApp.JsonAsync(await erika.PostAsJsonAsync("/v2/substitutions", new { deputies = new[] { "max" }, to = "2099-12-31" }));
        var max = await ClerkAsync("max", TwoTenants.A, "bauamt");

        Assert.Single(JsonNode.Parse(await max.GetStringAsync($"/v2/user-tasks/{taskKey}/documents"))!.AsArray());
        Assert.Equal("Bescheid für Erika Mustermann", await max.GetStringAsync($"/v2/user-tasks/{taskKey}/documents/{documentKey}"));
    }

    [Fact]
    public async Task A_clerk_of_another_tenant_finds_neither_the_list_nor_the_document()
    {
        var (taskKey, documentKey) = await WaitingTaskAsync(TwoTenants.B, "Erika Mustermann");
        var clerkOfA = await ClerkAsync("erika", TwoTenants.A, TwoTenants.Group);

        await AssertNotFoundAsync(clerkOfA, $"/v2/user-tasks/{taskKey}/documents");
        await AssertNotFoundAsync(clerkOfA, $"/v2/user-tasks/{taskKey}/documents/{documentKey}");
    }

    [Fact]
    public async Task A_document_of_another_instance_is_not_served_through_a_visible_task()
    {
        var (taskKey, _) = await WaitingTaskAsync(TwoTenants.A, "Erika Mustermann");
        var (_, otherDocumentKey) = await WaitingTaskAsync(TwoTenants.A, "Max Muster");
        var clerk = await ClerkAsync("erika", TwoTenants.A, TwoTenants.Group);

        await AssertNotFoundAsync(clerk, $"/v2/user-tasks/{taskKey}/documents/{otherDocumentKey}");
        var listed = JsonNode.Parse(await clerk.GetStringAsync($"/v2/user-tasks/{taskKey}/documents"))!.AsArray();
        Assert.DoesNotContain(listed, d => d!["documentKey"]!.GetValue<string>() == otherDocumentKey);
    }

    /// <summary>Starts a case in the tenant and waits until its letter is rendered and the review task waits: the task's and the letter's keys.</summary>
    private async Task<(string TaskKey, string DocumentKey)> WaitingTaskAsync(string tenant, string name)
    {
        var started = await _tenants.Setup.PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionId = "bescheid-pruefen", tenantId = tenant, variables = new { name } });
        var instanceKey = (await EngineApp.JsonAsync(started))["processInstanceKey"]!.GetValue<string>();

        JsonArray tasks = [];
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            tasks = await EngineApp.TasksAsync(_tenants.Setup, new { processInstanceKey = instanceKey, tenantId = tenant });
            return tasks.Count > 0;
        }, TimeSpan.FromSeconds(30)), "the review task was not created");

        var documents = JsonNode.Parse(await _tenants.Setup.GetStringAsync($"/v2/process-instances/{instanceKey}/documents"))!.AsArray();
        return (tasks[0]!["userTaskKey"]!.GetValue<string>(), Assert.Single(documents)!["documentKey"]!.GetValue<string>());
    }

    private async Task<HttpClient> ClerkAsync(string userId, string tenant, params string[] groups)
    {
        var client = _tenants.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        var response = await client.PostAsJsonAsync("/auth/login", new { userId, groups, roles = new[] { "clerk" }, tenantIds = new[] { tenant } });
        response.EnsureSuccessStatusCode();
        return client;
    }

    private static async Task AssertNotFoundAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("Bescheid für", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
