using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, high: a system key of tenant Y completed, failed and threw errors on tenant X's jobs (injecting
/// variables into X's instance), and an operator of Y resolved X's incidents. Every write path is tried here with keys
/// and sessions of stadt-b on what belongs to stadt-a: another tenant's key is "not found" (its tenantId "forbidden"),
/// and nothing changes.
/// </summary>
public sealed class TenantIsolationTests : IAsyncLifetime
{
    private TwoTenants _tenants = null!;
    private TwoTenants.Instance _victim = null!;

    private HttpClient SystemB => _tenants.Key("system", TwoTenants.B);

    private HttpClient OperatorB => _tenants.Key("operator", TwoTenants.B);

    private HttpClient AdminB => _tenants.Key("admin", TwoTenants.B);

    public async Task InitializeAsync()
    {
        _tenants = await TwoTenants.StartAsync();
        _victim = await _tenants.StartAsync(TwoTenants.A);
    }

    public async Task DisposeAsync() => await _tenants.DisposeAsync();

    [Fact]
    public async Task Another_tenants_system_cannot_complete_fail_or_throw_errors_on_a_job()
    {
        var job = await _tenants.ActivateJobAsync(TwoTenants.A);
        foreach (var caller in new[] { SystemB, AdminB })
        {
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/jobs/{job}/completion", new { variables = new { betrag = 1_000_000 } }), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/jobs/{job}/failure", new { retries = 0, errorMessage = "kaputt" }), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/jobs/{job}/error",
                new { errorCode = "abgelehnt", variables = new { betrag = 1_000_000 } }), 404);
        }

        var state = await _victim.StateAsync();
        Assert.Equal(100, state["variables"]!["betrag"]!.GetValue<int>());
        Assert.True(await _victim.WaitsAtAsync("abruf"));
        Assert.Single(state["incidents"]!.AsArray());
        // The job is still the owner's to complete.
        Assert.Equal(HttpStatusCode.NoContent, (await _tenants.Key("system", TwoTenants.A).PostAsJsonAsync($"/v2/jobs/{job}/completion", new { })).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_workers_do_not_get_the_jobs()
    {
        var jobs = await EngineApp.JsonAsync(await SystemB.PostAsJsonAsync("/v2/jobs/activation", new { type = TwoTenants.JobType, maxJobsToActivate = 100 }));
        Assert.Empty(jobs["jobs"]!.AsArray());
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/jobs/activation",
            new { type = TwoTenants.JobType, tenantIds = new[] { TwoTenants.A } }), 403);
    }

    [Fact]
    public async Task Another_tenants_operator_cannot_resolve_an_incident_cancel_set_variables_or_activate_ad_hoc_elements()
    {
        var incident = await _victim.IncidentKeyAsync();
        var adHoc = await _victim.AdHocKeyAsync();
        foreach (var caller in new[] { OperatorB, AdminB })
        {
            await EngineApp.ProblemAsync(await caller.PostAsync($"/v2/incidents/{incident}/resolution", null), 404);
            await EngineApp.ProblemAsync(await caller.PostAsync($"/v2/process-instances/{_victim.Key}/cancellation", null), 404);
            await EngineApp.ProblemAsync(await caller.PutAsJsonAsync($"/v2/element-instances/{_victim.Key}/variables",
                new { variables = new { betrag = 1_000_000 } }), 404);
            await EngineApp.ProblemAsync(await caller.PutAsJsonAsync($"/v2/element-instances/{adHoc}/variables",
                new { variables = new { betrag = 1_000_000 }, local = true }), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/process-instances/{_victim.Key}/ad-hoc-activities/{adHoc}/activation",
                new { elements = new[] { new { elementId = "anhoeren" } } }), 404);
        }

        var state = await _victim.StateAsync();
        Assert.Equal("ACTIVE", state["state"]!.GetValue<string>());
        Assert.Equal(100, state["variables"]!["betrag"]!.GetValue<int>());
        Assert.Equal(incident, Assert.Single(state["incidents"]!.AsArray())!["incidentKey"]!.GetValue<string>());
        Assert.DoesNotContain(state["activeElements"]!.AsArray(), e => e!["elementId"]!.GetValue<string>() == "anhoeren");
        var journal = await _tenants.Setup.GetFromJsonAsync<JsonArray>($"/v2/process-instances/{_victim.Key}/journal");
        Assert.Single(journal!);
    }

    [Fact]
    public async Task Another_tenants_people_cannot_see_claim_return_or_complete_a_task()
    {
        var task = await _victim.TaskKeyAsync();
        var clerkB = await _tenants.PersonAsync("clerk", TwoTenants.B, userId: "mallory");
        var operatorB = await _tenants.PersonAsync("operator", TwoTenants.B, userId: "mallory-op");
        foreach (var caller in new[] { clerkB, operatorB, OperatorB, AdminB })
        {
            await EngineApp.ProblemAsync(await caller.GetAsync($"/v2/user-tasks/{task}"), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/user-tasks/{task}/assignment", new { assignee = "mallory", allowOverride = true }), 404);
            await EngineApp.ProblemAsync(await caller.DeleteAsync($"/v2/user-tasks/{task}/assignee"), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { variables = new { betrag = 1_000_000 } }), 404);
            await EngineApp.ProblemAsync(await caller.GetAsync($"/v2/user-tasks/{task}/form"), 404);
            await EngineApp.ProblemAsync(await caller.PostAsJsonAsync($"/v2/user-tasks/{task}/variables/search", new { }), 404);
        }

        var view = await EngineApp.JsonAsync(await _tenants.Setup.GetAsync($"/v2/user-tasks/{task}"));
        Assert.Equal("CREATED", view["state"]!.GetValue<string>());
        Assert.Null(view["assignee"]);
        Assert.Equal(100, (await _victim.StateAsync())["variables"]!["betrag"]!.GetValue<int>());
    }

    [Fact]
    public async Task Messages_and_signals_of_another_tenant_reach_nothing_and_naming_the_tenant_is_forbidden()
    {
        var message = new { name = TwoTenants.MessageName, correlationKey = _victim.Aktenzeichen, variables = new { betrag = 1_000_000 } };
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/messages/publication", new
        {
            message.name,
            message.correlationKey,
            message.variables,
            tenantId = TwoTenants.A,
        }), 403);
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/messages/correlation", new
        {
            message.name,
            message.correlationKey,
            message.variables,
            tenantId = TwoTenants.A,
        }), 403);
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = TwoTenants.SignalName, tenantId = TwoTenants.A }), 403);

        // Without tenantId they act in stadt-b, where nothing waits for them.
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/messages/correlation", message), 404);
        Assert.Equal(HttpStatusCode.OK, (await SystemB.PostAsJsonAsync("/v2/messages/publication", message)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SystemB.PostAsJsonAsync("/v2/signals/broadcast", new { signalName = TwoTenants.SignalName })).StatusCode);

        Assert.True(await _victim.WaitsAtAsync("unterlagen"));
        Assert.True(await _victim.WaitsAtAsync("frist"));
        Assert.Equal(100, (await _victim.StateAsync())["variables"]!["betrag"]!.GetValue<int>());
    }

    [Fact]
    public async Task Another_tenant_cannot_start_deploy_or_evaluate_conditions_in_a_tenant_it_is_not_in()
    {
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "akte", tenantId = TwoTenants.A }), 403);
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/process-instances",
            new { processDefinitionKey = _tenants.DefinitionKey(TwoTenants.A) }), 404);
        await EngineApp.ProblemAsync(await TwoTenants.DeployAsync(AdminB, TwoTenants.A, ("akte.bpmn", TwoTenants.Model)), 403);
        await EngineApp.ProblemAsync(await SystemB.PostAsJsonAsync("/v2/conditionals/evaluation",
            new { variables = new { betrag = 1 }, tenantId = TwoTenants.A }), 403);

        var instances = await EngineApp.JsonAsync(await _tenants.Setup.PostAsJsonAsync("/v2/process-instances/search",
            new { filter = new { tenantId = TwoTenants.A } }));
        Assert.Single(instances["items"]!.AsArray());
    }
}
