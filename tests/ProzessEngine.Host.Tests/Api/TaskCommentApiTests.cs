using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Durability;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Api;

/// <summary>Comments on tasks through the API: who may write and read them, their limits, the journal and the cockpit's view.</summary>
public sealed class TaskCommentApiTests
{
    private static async Task<(string Instance, string Task)> StartAsync(EngineApp app)
    {
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(app.Admin(), ("antrag.bpmn", Models.Antrag)));
        var instance = await EngineApp.StartAsync(app.Admin(), "antrag");
        var task = (await EngineApp.TasksAsync(app.Admin(), new { processInstanceKey = instance }))[0]!["userTaskKey"]!.GetValue<string>();
        return (instance, task);
    }

    [Theory]
    [MemberData(nameof(BothDatabases.Providers), MemberType = typeof(BothDatabases))]
    public Task Comments_are_listed_oldest_first_journaled_and_shown_to_the_cockpit(string provider)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
        return BothDatabases.RunAsync(provider, nameof(TaskCommentApiTests), clock, async app =>
        {
            var (instance, task) = await StartAsync(app);
            var erika = await app.ClerkAsync("erika", "fachamt");
            var otto = await app.ClerkAsync("otto", "fachamt");

            var first = await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "  Lieferschein fehlt,\nbeim Lieferanten angefragt.  " });
            clock.Advance(TimeSpan.FromMinutes(3));
            (await otto.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "Rückruf am Donnerstag." })).EnsureSuccessStatusCode();
            (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/completion", new { })).EnsureSuccessStatusCode();
            var afterCompletion = await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "Nachgereicht per Post." });

            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
            var created = await EngineApp.JsonAsync(first);
            Assert.Equal(("erika", "Lieferschein fehlt,\nbeim Lieferanten angefragt.", "pruefen", "Prüfen"), (created["author"]!.GetValue<string>(),
                created["text"]!.GetValue<string>(), created["elementId"]!.GetValue<string>(), created["taskName"]!.GetValue<string>()));
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero), created["createdAt"]!.GetValue<DateTimeOffset>());
            Assert.Equal(HttpStatusCode.Created, afterCompletion.StatusCode);

            var listed = await EngineApp.JsonAsync(await otto.GetAsync($"/v2/user-tasks/{task}/comments"));
            Assert.Equal(["erika", "otto", "erika"], listed["items"]!.AsArray().Select(c => c!["author"]!.GetValue<string>()));
            Assert.Equal(3, listed["page"]!["totalItems"]!.GetValue<int>());
            var paged = await EngineApp.JsonAsync(await otto.GetAsync($"/v2/user-tasks/{task}/comments?from=1&limit=1"));
            Assert.Equal("Rückruf am Donnerstag.", Assert.Single(paged["items"]!.AsArray())!["text"]!.GetValue<string>());

            var cockpit = await EngineApp.JsonAsync(await app.Admin().GetAsync($"/v2/process-instances/{instance}/comments"));
            Assert.Equal(3, cockpit["items"]!.AsArray().Count);
            var journal = (await app.Admin().GetFromJsonAsync<JsonArray>($"/v2/process-instances/{instance}/journal"))!;
            var comments = journal.Where(e => e!["command"]!.GetValue<string>() == "comment-user-task").ToList();
            Assert.Equal(["user:erika", "user:otto", "user:erika"], comments.Select(c => c!["actor"]!.GetValue<string>()));
            Assert.Equal("UserTaskCommented", comments[1]!["events"]![0]!["kind"]!.GetValue<string>());
            Assert.Equal("Rückruf am Donnerstag.", comments[1]!["events"]![0]!["detail"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task Only_who_sees_the_task_may_comment_and_a_comment_is_plain_text_of_limited_length()
    {
        var app = new EngineApp(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));
        try
        {
            var (instance, task) = await StartAsync(app);
            var outsider = await app.ClerkAsync("mallory", "kasse");
            var erika = await app.ClerkAsync("erika", "fachamt");

            await EngineApp.ProblemAsync(await outsider.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "Hallo" }), 404);
            await EngineApp.ProblemAsync(await outsider.GetAsync($"/v2/user-tasks/{task}/comments"), 404);
            await EngineApp.ProblemAsync(await erika.GetAsync($"/v2/process-instances/{instance}/comments"), 403);
            var empty = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "   " }), 400);
            var tooLong = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = new string('x', 2001) }), 400);
            var control = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "a\u0007b" }), 400);
            var unknown = await EngineApp.ProblemAsync(await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = "a", author = "chef" }), 400);
            var paging = await EngineApp.ProblemAsync(await erika.GetAsync($"/v2/user-tasks/{task}/comments?limit=0"), 400);

            Assert.Contains("is required", empty["errors"]!["text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("at most 2000", tooLong["errors"]!["text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("control characters", control["errors"]!["text"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Contains("author", unknown["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.NotNull(paging["errors"]!["limit"]);
            Assert.Equal(HttpStatusCode.Created, (await erika.PostAsJsonAsync($"/v2/user-tasks/{task}/comments", new { text = new string('x', 2000) })).StatusCode);
        }
        finally
        {
            await app.DisposeAsync();
            app.DeleteDatabaseFile();
        }
    }
}
