using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Auth;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Api.Search;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// tenantId in a request is honoured for a caller allowed in that tenant and a 403 for any other; without it, the
/// request acts in the caller's own tenant.
/// </summary>
public sealed class TenantRequestTests : IAsyncLifetime
{
    private const string Augsburg = SearchData.Augsburg;

    private const string LargeOrder = RoutingModels.Head + """
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

    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero)), settings: new Dictionary<string, string>
    {
        ["Engine:Auth:ApiKeys:2:Key"] = SearchData.MultiTenantKey,
        ["Engine:Auth:ApiKeys:2:Name"] = "verbund",
        ["Engine:Auth:ApiKeys:2:Roles:0"] = "admin",
        ["Engine:Auth:ApiKeys:2:TenantIds:0"] = Augsburg,
        ["Engine:Auth:ApiKeys:3:Key"] = SearchData.AugsburgKey,
        ["Engine:Auth:ApiKeys:3:Name"] = "augsburg",
        ["Engine:Auth:ApiKeys:3:Roles:0"] = "admin",
        ["Engine:Auth:ApiKeys:3:TenantId"] = Augsburg,
    });

    private HttpClient Admin => _app.Admin();

    private HttpClient Both => _app.WithKey(SearchData.MultiTenantKey);

    private HttpClient AugsburgOnly => _app.WithKey(SearchData.AugsburgKey);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_deployment_goes_into_the_named_tenant_only_for_a_caller_in_it()
    {
        var refused = await EngineApp.ProblemAsync(await DeployAsync(Admin, "meldung.bpmn", SearchData.Report, Augsburg), 403);
        Assert.Contains("tenantId", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        var deployed = await EngineApp.JsonAsync(await DeployAsync(Both, "meldung.bpmn", SearchData.Report, Augsburg));
        Assert.Equal(Augsburg, deployed["tenantId"]!.GetValue<string>());
        Assert.Equal(Augsburg, deployed["deployments"]![0]!["processDefinition"]!["tenantId"]!.GetValue<string>());
        Assert.Single(await DefinitionsAsync(AugsburgOnly));
        Assert.Empty(await DefinitionsAsync(Admin));

        var own = await EngineApp.JsonAsync(await DeployAsync(Both, "meldung.bpmn", SearchData.Report, tenantId: null));
        Assert.Equal(SearchData.Default, own["tenantId"]!.GetValue<string>());
        Assert.Single(await DefinitionsAsync(Admin));
    }

    [Fact]
    public async Task An_instance_starts_in_the_named_tenant_only_for_a_caller_in_it()
    {
        var deployed = await EngineApp.JsonAsync(await DeployAsync(Both, "meldung.bpmn", SearchData.Report, Augsburg));
        var definitionKey = deployed["deployments"]![0]!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>();

        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "meldung", tenantId = Augsburg }), 403);
        var started = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "meldung", tenantId = Augsburg }));
        Assert.Equal(Augsburg, started["tenantId"]!.GetValue<string>());
        var instance = await EngineApp.InstanceAsync(AugsburgOnly, started["processInstanceKey"]!.GetValue<string>());
        Assert.Equal(Augsburg, instance["tenantId"]!.GetValue<string>());

        // Without tenantId the caller's own tenant is meant, where the process is not deployed.
        await EngineApp.ProblemAsync(await Both.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "meldung" }), 404);
        // A definition key names its tenant.
        var byKey = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/process-instances", new { processDefinitionKey = definitionKey }));
        Assert.Equal(Augsburg, byKey["tenantId"]!.GetValue<string>());
        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/process-instances", new { processDefinitionKey = definitionKey }), 404);

        var blank = await EngineApp.ProblemAsync(await Both.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "meldung", tenantId = " " }), 400);
        Assert.NotNull(blank["errors"]!["tenantId"]);
    }

    [Fact]
    public async Task Messages_are_published_and_correlated_in_the_named_tenant_only_for_a_caller_in_it()
    {
        await EngineApp.JsonAsync(await DeployAsync(Both, "nachreichung.bpmn", RoutingModels.WaitForDocuments, Augsburg));
        var first = await StartAsync(Both, "nachreichung", Augsburg, new { antragId = "A-1" });
        var second = await StartAsync(Both, "nachreichung", Augsburg, new { antragId = "A-2" });

        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/messages/publication",
            new { name = "Unterlagen eingegangen", correlationKey = "A-1", tenantId = Augsburg }), 403);
        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/messages/correlation",
            new { name = "Unterlagen eingegangen", correlationKey = "A-2", tenantId = Augsburg }), 403);
        // In the caller's own tenant nothing waits for it.
        await EngineApp.ProblemAsync(await Both.PostAsJsonAsync("/v2/messages/correlation",
            new { name = "Unterlagen eingegangen", correlationKey = "A-2" }), 404);
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(AugsburgOnly, second))["state"]!.GetValue<string>());

        var published = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/messages/publication",
            new { name = "Unterlagen eingegangen", correlationKey = "A-1", tenantId = Augsburg }));
        Assert.Equal(Augsburg, published["tenantId"]!.GetValue<string>());
        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(AugsburgOnly, first))["state"]!.GetValue<string>());

        var correlated = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/messages/correlation",
            new { name = "Unterlagen eingegangen", correlationKey = "A-2", tenantId = Augsburg }));
        Assert.Equal(second, correlated["processInstanceKey"]!.GetValue<string>());
        Assert.Equal(Augsburg, correlated["tenantId"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_signal_is_broadcast_in_the_named_tenant_only_for_a_caller_in_it()
    {
        await EngineApp.JsonAsync(await DeployAsync(Both, "stichtag.bpmn", RoutingModels.WaitForSignal, Augsburg));
        var waiting = await StartAsync(Both, "stichtag", Augsburg);

        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Stichtag erreicht", tenantId = Augsburg }), 403);
        await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Stichtag erreicht" }));
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(AugsburgOnly, waiting))["state"]!.GetValue<string>());

        var broadcast = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = "Stichtag erreicht", tenantId = Augsburg }));
        Assert.Equal(Augsburg, broadcast["tenantId"]!.GetValue<string>());
        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(AugsburgOnly, waiting))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Conditions_are_evaluated_in_the_named_tenant_only_for_a_caller_in_it()
    {
        var first = await EngineApp.JsonAsync(await DeployAsync(Both, "grossauftrag.bpmn", LargeOrder, Augsburg));
        var firstKey = first["deployments"]![0]!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>();

        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/conditionals/evaluation",
            new { variables = new { betrag = 30000 }, tenantId = Augsburg }), 403);
        var own = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/conditionals/evaluation", new { variables = new { betrag = 30000 } }));
        Assert.Empty(own["processInstances"]!.AsArray());

        var started = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/conditionals/evaluation",
            new { variables = new { betrag = 30000 }, tenantId = Augsburg }));
        Assert.Equal(Augsburg, Assert.Single(started["processInstances"]!.AsArray())!["tenantId"]!.GetValue<string>());

        // Camunda 8 names the process by its definition key: here only the latest version's key is answered.
        var byKey = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/conditionals/evaluation",
            new { variables = new { betrag = 30000 }, processDefinitionKey = firstKey }));
        Assert.Single(byKey["processInstances"]!.AsArray());
        await EngineApp.JsonAsync(await DeployAsync(Both, "grossauftrag.bpmn", LargeOrder.Replace("25000", "20000", StringComparison.Ordinal), Augsburg));
        var old = await EngineApp.ProblemAsync(await Both.PostAsJsonAsync("/v2/conditionals/evaluation",
            new { variables = new { betrag = 30000 }, processDefinitionKey = firstKey }), 400);
        Assert.Contains("latest version", old["errors"]!["processDefinitionKey"]![0]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_are_activated_from_the_named_tenants_only_for_a_caller_in_them_and_completed_only_there()
    {
        await EngineApp.JsonAsync(await DeployAsync(Both, "abruf.bpmn", SearchData.Lookup, Augsburg));
        await EngineApp.JsonAsync(await DeployAsync(Both, "abruf.bpmn", SearchData.Lookup, tenantId: null));
        var inAugsburg = await StartAsync(Both, "abruf", Augsburg, new { aktenzeichen = "A-9", intern = true });
        var own = await StartAsync(Both, "abruf", tenantId: null);

        var refused = await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync("/v2/jobs/activation",
            new { type = "register-abruf", tenantIds = new[] { Augsburg } }), 403);
        Assert.Contains("tenantIds[0]", refused["detail"]!.GetValue<string>(), StringComparison.Ordinal);

        // As Camunda's Java client sends it: worker, timeout, requestTimeout and the tenants, always.
        var ownJobs = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/jobs/activation", new
        {
            type = "register-abruf",
            worker = "melderegister",
            timeout = 60000,
            maxJobsToActivate = 10,
            requestTimeout = 20000,
            tenantIds = new[] { SearchData.Default },
        }));
        Assert.Equal(own, Assert.Single(ownJobs["jobs"]!.AsArray())!["processInstanceKey"]!.GetValue<string>());

        var augsburgJobs = await EngineApp.JsonAsync(await Both.PostAsJsonAsync("/v2/jobs/activation", new
        {
            type = "register-abruf",
            tenantIds = new[] { Augsburg, SearchData.Default },
            fetchVariable = new[] { "aktenzeichen" },
        }));
        var job = Assert.Single(augsburgJobs["jobs"]!.AsArray())!;
        Assert.Equal(inAugsburg, job["processInstanceKey"]!.GetValue<string>());
        Assert.Equal(Augsburg, job["tenantId"]!.GetValue<string>());
        Assert.Equal(["aktenzeichen"], job["variables"]!.AsObject().Select(v => v.Key));

        var jobKey = job["jobKey"]!.GetValue<string>();
        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync($"/v2/jobs/{jobKey}/completion", new { }), 404);
        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync($"/v2/jobs/{jobKey}/failure", new { retries = 1 }), 404);
        await EngineApp.ProblemAsync(await Admin.PostAsJsonAsync($"/v2/jobs/{jobKey}/error", new { errorCode = "X" }), 404);
        Assert.Equal(HttpStatusCode.NoContent, (await Both.PostAsJsonAsync($"/v2/jobs/{jobKey}/completion", new { })).StatusCode);
        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(AugsburgOnly, inAugsburg))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_api_key_and_a_development_login_name_their_tenants_the_first_being_their_own()
    {
        var key = await EngineApp.JsonAsync(await Both.GetAsync("/auth/me"));
        Assert.Equal(SearchData.Default, key["tenantId"]!.GetValue<string>());
        Assert.Equal([SearchData.Default, Augsburg], key["tenantIds"]!.AsArray().Select(t => t!.GetValue<string>()));

        var clerk = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = true });
        clerk.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        Assert.True((await clerk.PostAsJsonAsync("/auth/login", new { userId = "erika", groups = new[] { "fachamt" }, tenantIds = new[] { Augsburg, "kaufbeuren" } }))
            .IsSuccessStatusCode);
        var me = await EngineApp.JsonAsync(await clerk.GetAsync("/auth/me"));
        Assert.Equal(Augsburg, me["tenantId"]!.GetValue<string>());
        Assert.Equal([Augsburg, "kaufbeuren"], me["tenantIds"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void Every_value_of_the_identity_providers_tenant_claim_is_a_tenant_of_the_caller_the_first_their_own()
    {
        var token = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim("sub", "erika"), new Claim("mandanten", Augsburg), new Claim("mandanten", "kaufbeuren"), new Claim("mandanten", Augsburg),
        ], "oidc"));

        var caller = Caller.From(new ClaimsPrincipal(IdentityProviderClaims.Map(token, new IdentityProviderOptions { TenantClaim = "mandanten" }, false, "test")));

        Assert.Equal(Augsburg, caller.TenantId);
        Assert.Equal([Augsburg, "kaufbeuren"], caller.TenantIds);
        Assert.Equal(Augsburg, caller.Tenant(null));
        Assert.Throws<Http.ForbiddenException>(() => caller.Tenant(SearchData.Default));

        var withoutClaim = Caller.From(new ClaimsPrincipal(IdentityProviderClaims.Map(token, new IdentityProviderOptions(), false, "test")));
        Assert.Equal([SearchData.Default], withoutClaim.TenantIds);
    }

    private static async Task<JsonArray> DefinitionsAsync(HttpClient client) =>
        (await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/process-definitions/search", new { }))).Items();

    private static async Task<string> StartAsync(HttpClient client, string processId, string? tenantId, object? variables = null) =>
        (await EngineApp.JsonAsync(await client.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = processId, tenantId, variables })))
        ["processInstanceKey"]!.GetValue<string>();

    private static async Task<HttpResponseMessage> DeployAsync(HttpClient client, string fileName, string content, string? tenantId)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        form.Add(part, "resources", fileName);
        if (tenantId is not null)
        {
            form.Add(new StringContent(tenantId), "tenantId");
        }

        return await client.PostAsync("/v2/deployments", form);
    }
}
