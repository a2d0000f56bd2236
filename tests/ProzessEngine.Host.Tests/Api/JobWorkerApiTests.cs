using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Job workers as Camunda 8's clients drive them: long polling on activation (requestTimeout), back-off after a failure
/// (retryBackOff). Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class JobWorkerApiTests : IAsyncLifetime
{
    private const string JobType = "melderegister-abfrage";

    private const string RegisterQuery = RoutingModels.Head + """
          <bpmn:process id="registerauskunft" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="abfragen" />
            <bpmn:serviceTask id="abfragen">
              <bpmn:extensionElements><zeebe:taskDefinition type="melderegister-abfrage" /></bpmn:extensionElements>
            </bpmn:serviceTask>
            <bpmn:sequenceFlow id="f2" sourceRef="abfragen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>Real time a test waits at most for an answer that should come at once; never reached when all is well.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
    private AppOnDatabase _host = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        _host = await AppOnDatabase.StartAsync(Postgres, GetType().Name, _clock);
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(App.Admin(), ("registerauskunft.bpmn", RegisterQuery)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private EngineApp App => _host.App;

    [Fact]
    public async Task A_waiting_activation_answers_as_soon_as_a_job_of_its_type_is_created()
    {
        var before = _clock.GetUtcNow();
        var activation = ActivateAsync(new { type = JobType, worker = "melderegister", timeout = 60_000, requestTimeout = 120_000 });
        await WaitingAsync();
        Assert.False(activation.IsCompleted);

        var instance = await EngineApp.StartAsync(App.System(), "registerauskunft");

        var job = Assert.Single(await activation.WaitAsync(Patience));
        Assert.Equal(instance, job!["processInstanceKey"]!.GetValue<string>());
        Assert.Equal(before, _clock.GetUtcNow());
    }

    [Fact]
    public async Task A_waiting_activation_answers_without_jobs_when_its_request_timeout_has_passed()
    {
        var activation = ActivateAsync(new { type = JobType, requestTimeout = 5_000 });
        await WaitingAsync();

        _clock.Advance(TimeSpan.FromMilliseconds(4_999));
        Assert.False(activation.IsCompleted);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Empty(await activation.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_waiting_activation_finds_a_job_whose_lock_lapsed_when_it_looks_again()
    {
        await EngineApp.StartAsync(App.System(), "registerauskunft");
        Assert.Single(await ActivateAsync(new { type = JobType, worker = "abgestuerzt", timeout = 2_000 }));

        var activation = ActivateAsync(new { type = JobType, worker = "zweiter", timeout = 60_000, requestTimeout = 60_000 });
        await WaitingAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));

        var job = Assert.Single(await activation.WaitAsync(Patience));
        Assert.Equal("zweiter", job!["worker"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_failed_job_is_offered_again_only_after_its_retry_back_off()
    {
        await EngineApp.StartAsync(App.System(), "registerauskunft");
        var job = Assert.Single(await ActivateAsync(new { type = JobType, requestTimeout = -1 }))!["jobKey"]!.GetValue<string>();

        var failed = await App.System().PostAsJsonAsync($"/v2/jobs/{job}/failure",
            new { retries = 2, errorMessage = "Melderegister nicht erreichbar", retryBackOff = 30_000 });
        Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);

        Assert.Empty(await ActivateAsync(new { type = JobType, requestTimeout = -1 }));
        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(await ActivateAsync(new { type = JobType, requestTimeout = -1 }));
        _clock.Advance(TimeSpan.FromSeconds(1.001));
        var again = Assert.Single(await ActivateAsync(new { type = JobType, requestTimeout = -1 }))!;
        Assert.Equal((job, 2), (again["jobKey"]!.GetValue<string>(), again["retries"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_failed_job_without_back_off_wakes_a_waiting_activation()
    {
        await EngineApp.StartAsync(App.System(), "registerauskunft");
        var job = Assert.Single(await ActivateAsync(new { type = JobType, requestTimeout = -1 }))!["jobKey"]!.GetValue<string>();
        var activation = ActivateAsync(new { type = JobType, requestTimeout = 120_000 });
        await WaitingAsync();

        var failed = await App.System().PostAsJsonAsync($"/v2/jobs/{job}/failure", new { retries = 1, errorMessage = "kurz weg" });
        Assert.Equal(HttpStatusCode.NoContent, failed.StatusCode);

        Assert.Equal(job, Assert.Single(await activation.WaitAsync(Patience))!["jobKey"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{ "type": "melderegister-abfrage", "requestTimeout": 3600000 }""", "/v2/jobs/activation", "requestTimeout")]
    [InlineData("""{ "retries": 1, "retryBackOff": -5 }""", "/v2/jobs/1/failure", "retryBackOff")]
    [InlineData("""{ "retries": 1, "retryBackOff": 1.5 }""", "/v2/jobs/1/failure", "retryBackOff")]
    public async Task Out_of_range_timings_are_refused_naming_the_field(string body, string path, string field)
    {
        var response = await App.System().PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        var problem = await EngineApp.ProblemAsync(response, 400);
        Assert.Contains(field, problem.ToJsonString(), StringComparison.Ordinal);
    }

    private async Task<JsonArray> ActivateAsync(object request) =>
        (await EngineApp.JsonAsync(await App.System().PostAsJsonAsync("/v2/jobs/activation", request)))["jobs"]!.AsArray();

    /// <summary>Until the activation sent last waits for jobs: only then does a created job or a clock step prove anything.</summary>
    private async Task WaitingAsync()
    {
        var arrivals = App.Services.GetRequiredService<JobArrivals>();
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(arrivals.IsAwaited(JobType)), Patience));
    }
}

public sealed class SqliteJobWorkerApiTests : JobWorkerApiTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresJobWorkerApiTests : JobWorkerApiTests
{
    protected override bool Postgres => true;
}
