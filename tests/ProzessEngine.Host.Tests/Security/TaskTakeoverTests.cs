using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, medium: a clerk took over a colleague's claimed task with allowOverride. Only an operator, a team
/// lead or a deputy of the holder (while a substitution runs) may.
/// </summary>
public sealed class TaskTakeoverTests : IAsyncLifetime
{
    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));
    private string _task = "";

    public async Task InitializeAsync()
    {
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("antrag.bpmn", Models.Antrag)));
        var instance = await EngineApp.StartAsync(_app.Admin(), "antrag");
        _task = (await EngineApp.TasksAsync(_app.Admin(), new { processInstanceKey = instance }))[0]!["userTaskKey"]!.GetValue<string>();
        var erika = await _app.ClerkAsync("erika", "fachamt");
        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "erika" })).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_clerk_cannot_take_over_a_colleagues_task_with_allowOverride()
    {
        var mallory = await _app.ClerkAsync("mallory", "fachamt");

        var takeover = await mallory.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "mallory", allowOverride = true });

        var problem = await EngineApp.ProblemAsync(takeover, 403);
        Assert.Contains("erika", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("erika", (await AssigneeAsync())!);
    }

    [Fact]
    public async Task Without_allowOverride_a_clerk_gets_409_as_before()
    {
        var mallory = await _app.ClerkAsync("mallory", "fachamt");

        await EngineApp.ProblemAsync(await mallory.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "mallory" }), 409);
        Assert.Equal("erika", await AssigneeAsync());
    }

    [Fact]
    public async Task A_clerk_may_send_allowOverride_when_claiming_an_open_task_or_their_own()
    {
        var erika = await _app.ClerkAsync("erika", "fachamt");

        Assert.Equal(HttpStatusCode.NoContent,
            (await erika.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "erika", allowOverride = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await erika.DeleteAsync($"/v2/user-tasks/{_task}/assignee")).StatusCode);
        var otto = await _app.ClerkAsync("otto", "fachamt");
        Assert.Equal(HttpStatusCode.NoContent,
            (await otto.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "otto", allowOverride = true })).StatusCode);
        Assert.Equal("otto", await AssigneeAsync());
    }

    [Fact]
    public async Task An_operator_may_take_over()
    {
        var response = await _app.Admin().PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "otto", allowOverride = true });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("otto", await AssigneeAsync());
    }

    [Fact]
    public async Task A_team_lead_may_take_over_and_reassign()
    {
        var lena = await _app.PersonAsync("lena", ["teamlead"], "fachamt");

        Assert.Equal(HttpStatusCode.NoContent,
            (await lena.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "lena", allowOverride = true })).StatusCode);
        Assert.Equal("lena", await AssigneeAsync());
        Assert.Equal(HttpStatusCode.NoContent,
            (await lena.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "otto", allowOverride = true })).StatusCode);
        Assert.Equal("otto", await AssigneeAsync());
    }

    [Fact]
    public async Task A_deputy_of_the_holder_may_take_over_while_the_substitution_runs_and_nobody_elses_task()
    {
        var erika = await _app.ClerkAsync("erika", "fachamt");
        (await erika.PostAsJsonAsync("/v2/substitutions", new { deputies = new[] { "max" }, to = "2026-12-02" })).EnsureSuccessStatusCode();
        var max = await _app.ClerkAsync("max", "fachamt");

        Assert.Equal(HttpStatusCode.NoContent,
            (await max.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "max", allowOverride = true })).StatusCode);
        Assert.Equal("max", await AssigneeAsync());
        var mallory = await _app.ClerkAsync("mallory", "fachamt");
        await EngineApp.ProblemAsync(await mallory.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "mallory", allowOverride = true }), 403);
        await EngineApp.ProblemAsync(await max.PostAsJsonAsync($"/v2/user-tasks/{_task}/assignment", new { assignee = "otto" }), 403);
    }

    private async Task<string?> AssigneeAsync() =>
        (await EngineApp.JsonAsync(await _app.Admin().GetAsync($"/v2/user-tasks/{_task}")))["assignee"]?.GetValue<string>();
}
