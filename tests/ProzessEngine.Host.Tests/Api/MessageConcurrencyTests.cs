using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Persistence;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>
/// Messages are exactly-once under concurrency, as a system talking to the API sees it: a message id is taken while its
/// message lives (buffered, or correlated within its time to live), a correlation answers 200 only when its message was
/// delivered, and no message is lost or delivered twice. Written once, run on SQLite and PostgreSQL.
/// </summary>
public abstract class MessageConcurrencyTests : IAsyncLifetime
{
    private const string MessageName = "Unterlagen eingegangen";

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

    private AppOnDatabase _host = null!;

    protected abstract bool Postgres { get; }

    public async Task InitializeAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        _host = await AppOnDatabase.StartAsync(Postgres, GetType().Name, clock);
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(App.Admin(), ("nachreichung.bpmn", WaitForDocuments)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private EngineApp App => _host.App;

    [Fact]
    public async Task Concurrent_publications_with_one_message_id_were_buffered_several_times_and_reached_several_instances()
    {
        var system = App.System();

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(copy => system.PostAsJsonAsync("/v2/messages/publication",
            new { name = MessageName, correlationKey = "A-1", timeToLive = 3_600_000, messageId = "portal-0815", variables = new { kopie = copy } })));

        var accepted = Assert.Single(Enumerable.Range(0, 20), i => responses[i].StatusCode == HttpStatusCode.OK);
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await EngineApp.ProblemAsync(refused, 409);
            Assert.Contains("portal-0815", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        }

        var receivers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            receivers.Add(await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-1" }));
        }

        var completed = Assert.Single(await CompletedAsync(receivers));
        Assert.Equal(accepted, completed["variables"]!["kopie"]!.GetValue<int>());
    }

    [Fact]
    public async Task Concurrent_correlations_to_one_waiting_event_all_answered_200_though_only_one_message_arrived()
    {
        var system = App.System();
        var waiting = await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-2" });

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(number => system.PostAsJsonAsync("/v2/messages/correlation",
            new { name = MessageName, correlationKey = "A-2", variables = new { nummer = number } })));

        var delivered = Assert.Single(Enumerable.Range(0, 20), i => responses[i].StatusCode == HttpStatusCode.OK);
        Assert.Equal(waiting, (await EngineApp.JsonAsync(responses[delivered]))["processInstanceKey"]!.GetValue<string>());
        foreach (var notDelivered in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            await EngineApp.ProblemAsync(notDelivered, 404);
        }

        var instance = await EngineApp.InstanceAsync(App.Admin(), waiting);
        Assert.Equal("COMPLETED", instance["state"]!.GetValue<string>());
        Assert.Equal(delivered, instance["variables"]!["nummer"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_re_sent_message_id_that_was_already_correlated_was_buffered_again()
    {
        var system = App.System();
        var first = await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-3" });
        object Publication(int sending) => new { name = MessageName, correlationKey = "A-3", timeToLive = 3_600_000, messageId = "portal-3", variables = new { sending } };

        await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/messages/publication", Publication(1)));
        Assert.Equal("COMPLETED", (await EngineApp.InstanceAsync(App.Admin(), first))["state"]!.GetValue<string>());

        var resent = await EngineApp.ProblemAsync(await system.PostAsJsonAsync("/v2/messages/publication", Publication(2)), 409);
        Assert.Contains("portal-3", resent["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var second = await EngineApp.StartAsync(system, "nachreichung", new { antragId = "A-3" });
        Assert.Equal("ACTIVE", (await EngineApp.InstanceAsync(App.Admin(), second))["state"]!.GetValue<string>());

        // Once the first message's time to live is over, its id is free again.
        App.Clock.Advance(TimeSpan.FromHours(1));
        await EngineApp.JsonAsync(await system.PostAsJsonAsync("/v2/messages/publication", Publication(3)));
        var received = await EngineApp.InstanceAsync(App.Admin(), second);
        Assert.Equal("COMPLETED", received["state"]!.GetValue<string>());
        Assert.Equal(3, received["variables"]!["sending"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_hundred_concurrent_publishers_and_correlators_deliver_every_message_exactly_once_and_refuse_every_duplicate()
    {
        const int Keys = 100;
        var system = App.System();
        var waiting = new Dictionary<int, string>();
        for (var k = Keys / 2; k < Keys; k++)
        {
            waiting[k] = await EngineApp.StartAsync(system, "nachreichung", new { antragId = $"K-{k}" });
        }

        // Half the keys: two publishers send one message (one id) while its instance starts. The other half: two
        // correlators send to an instance that waits already.
        var publications = new List<(int Key, int Copy, Task<HttpResponseMessage> Response)>();
        var correlations = new List<(int Key, int Copy, Task<HttpResponseMessage> Response)>();
        var starts = new List<(int Key, Task<string> Instance)>();
        for (var k = 0; k < Keys; k++)
        {
            for (var copy = 0; copy < 2; copy++)
            {
                var (key, sending) = (k, copy);
                if (k < Keys / 2)
                {
                    publications.Add((key, sending, Task.Run(() => system.PostAsJsonAsync("/v2/messages/publication", new
                    {
                        name = MessageName,
                        correlationKey = $"K-{key}",
                        timeToLive = 3_600_000,
                        messageId = $"m-{key}",
                        variables = new { key, sending },
                    }))));
                }
                else
                {
                    correlations.Add((key, sending, Task.Run(() => system.PostAsJsonAsync("/v2/messages/correlation",
                        new { name = MessageName, correlationKey = $"K-{key}", variables = new { key, sending } }))));
                }
            }

            if (k < Keys / 2)
            {
                var key = k;
                starts.Add((key, Task.Run(() => EngineApp.StartAsync(system, "nachreichung", new { antragId = $"K-{key}" }))));
            }
        }

        await Task.WhenAll(publications.Select(p => p.Response).Concat(correlations.Select(c => c.Response)).Concat(starts.Select(s => (Task)s.Instance)));

        foreach (var (key, instance) in starts)
        {
            waiting[key] = await instance;
        }

        var answers = new List<(int Key, int Copy, HttpResponseMessage Response)>();
        foreach (var (key, copy, response) in publications.Concat(correlations))
        {
            answers.Add((key, copy, await response));
        }

        var admin = App.Admin();
        for (var k = 0; k < Keys; k++)
        {
            var sent = answers.Where(a => a.Key == k).ToList();
            var statuses = sent.Select(s => s.Response.StatusCode).ToList();
            var refusal = k < Keys / 2 ? HttpStatusCode.Conflict : HttpStatusCode.NotFound;
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1 && statuses.Count(s => s == refusal) == 1,
                $"key {k}: {string.Join(", ", statuses)}");
            var accepted = sent.Single(s => s.Response.StatusCode == HttpStatusCode.OK);
            if (k >= Keys / 2)
            {
                Assert.Equal(waiting[k], (await EngineApp.JsonAsync(accepted.Response))["processInstanceKey"]!.GetValue<string>());
            }

            var instance = await EngineApp.InstanceAsync(admin, waiting[k]);
            Assert.True(instance["state"]!.GetValue<string>() == "COMPLETED", $"key {k}: the instance still waits, the message was lost");
            Assert.Equal(k, instance["variables"]!["key"]!.GetValue<int>());
            Assert.Equal(accepted.Copy, instance["variables"]!["sending"]!.GetValue<int>());
        }

        // Nothing is left over: an instance that subscribes to any of the keys now receives nothing.
        var probes = new List<string>();
        for (var k = 0; k < Keys / 2; k++)
        {
            probes.Add(await EngineApp.StartAsync(system, "nachreichung", new { antragId = $"K-{k}" }));
        }

        Assert.Empty(await CompletedAsync(probes));
        await using var context = App.Services.GetRequiredService<EngineDatabase>().CreateContext();
        Assert.Equal(0, await context.Outbox.CountAsync());
        Assert.Equal(Keys / 2, await context.MessageIds.CountAsync());
    }

    private async Task<List<JsonObject>> CompletedAsync(IEnumerable<string> instanceKeys)
    {
        var completed = new List<JsonObject>();
        foreach (var key in instanceKeys)
        {
            var instance = await EngineApp.InstanceAsync(App.Admin(), key);
            if (instance["state"]!.GetValue<string>() == "COMPLETED")
            {
                completed.Add(instance);
            }
        }

        return completed;
    }
}

public sealed class SqliteMessageConcurrencyTests : MessageConcurrencyTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresMessageConcurrencyTests : MessageConcurrencyTests
{
    protected override bool Postgres => true;
}
