using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Stores;
using ProzessEngine.Testing.Engine;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// A message id is unique per tenant while its message lives (buffered, or correlated within its time to live), held
/// by the database's key on message_ids so that it holds across nodes and racing requests. Written once, run on SQLite
/// and PostgreSQL.
/// </summary>
public abstract class MessageIdScenarios : DatabaseScenarios
{
    private const string Tenant = DeploymentService.DefaultTenant;
    private const string Message = "Unterlagen eingegangen";

    [Fact]
    public async Task Concurrent_publications_with_one_message_id_were_buffered_several_times_on_postgresql_and_now_one_is_kept()
    {
        var nodes = Enumerable.Range(0, 4).Select(_ => Node()).ToList();
        await nodes[0].DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(copy => Task.Run(async () =>
        {
            try
            {
                await nodes[copy % nodes.Count].Commands.PublishMessageAsync(Message, "A-1", TimeSpan.FromHours(1), "portal-0815",
                    InMemoryEngine.ToFeel([("kopie", copy)]), Tenant);
                return (Exception?)null;
            }
            catch (Exception ex)
            {
                return ex;
            }
        })));

        Assert.Single(results, r => r is null);
        Assert.All(results.OfType<Exception>(), e => Assert.IsType<EngineConflictException>(e));
        await using var context = Database.CreateContext();
        Assert.Equal(1, await context.BufferedMessages.CountAsync());
        var taken = await context.MessageIds.SingleAsync();
        Assert.Equal(("portal-0815", Clock.GetUtcNow().AddHours(1)), (taken.MessageId, taken.ExpiresAt));
    }

    [Fact]
    public async Task A_message_id_that_was_correlated_is_refused_within_its_time_to_live_and_free_after_it()
    {
        var node = Node();
        await node.DeployAsync(("nachreichung.bpmn", RoutingModels.WaitForDocuments));
        var first = await node.StartAsync("nachreichung", ("antragId", "A-2"));
        await node.Commands.PublishMessageAsync(Message, "A-2", TimeSpan.FromHours(1), "portal-2", [], Tenant);
        Assert.Equal(InstanceStatuses.Completed, await StatusAsync(first.ProcessInstanceKey));
        var second = await node.StartAsync("nachreichung", ("antragId", "A-2"));

        var refused = await Assert.ThrowsAsync<EngineConflictException>(() =>
            node.Commands.PublishMessageAsync(Message, "A-2", TimeSpan.FromHours(1), "portal-2", [], Tenant));
        Assert.Contains("'portal-2' was already published", refused.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatuses.Active, await StatusAsync(second.ProcessInstanceKey));

        Clock.Advance(TimeSpan.FromHours(1));
        await node.Commands.PublishMessageAsync(Message, "A-2", TimeSpan.FromHours(1), "portal-2", [], Tenant);
        Assert.Equal(InstanceStatuses.Completed, await StatusAsync(second.ProcessInstanceKey));
    }

    [Fact]
    public async Task A_message_id_is_unique_per_tenant_and_taken_only_by_a_message_with_a_time_to_live()
    {
        var node = Node();

        await node.Commands.PublishMessageAsync(Message, "A-3", TimeSpan.FromHours(1), "portal-3", [], Tenant);
        await node.Commands.PublishMessageAsync(Message, "A-3", TimeSpan.FromHours(1), "portal-3", [], "stadt-b");
        await node.Commands.PublishMessageAsync(Message, "A-4", TimeSpan.Zero, "ohne-lebensdauer", [], Tenant);
        await node.Commands.PublishMessageAsync(Message, "A-4", TimeSpan.Zero, "ohne-lebensdauer", [], Tenant);

        await using var context = Database.CreateContext();
        Assert.Equal(["<default>", "stadt-b"], await context.MessageIds.Where(m => m.MessageId == "portal-3").Select(m => m.TenantId).OrderBy(t => t).ToListAsync());
        Assert.False(await context.MessageIds.AnyAsync(m => m.MessageId == "ohne-lebensdauer"));
    }

    [Fact]
    public async Task The_sweep_frees_the_ids_of_messages_whose_time_to_live_ended()
    {
        var node = Node();
        await node.Commands.PublishMessageAsync(Message, "A-5", TimeSpan.FromMinutes(10), "kurz", [], Tenant);
        await node.Commands.PublishMessageAsync(Message, "A-5", TimeSpan.FromHours(2), "lang", [], Tenant);

        Clock.Advance(TimeSpan.FromHours(1));
        await node.Commands.SweepOutboxAsync(TimeSpan.Zero);

        await using var context = Database.CreateContext();
        Assert.Equal(["lang"], await context.MessageIds.Select(m => m.MessageId).ToListAsync());
    }

    [Fact]
    public async Task Migrating_takes_the_ids_of_messages_buffered_before_along_once_each_even_when_the_race_left_copies()
    {
        await using (var context = Database.CreateContext())
        {
            var routing = context.Database.GetMigrations().Single(m => m.EndsWith("_Routing", StringComparison.Ordinal));
            await context.GetService<IMigrator>().MigrateAsync(routing);
        }

        var now = Clock.GetUtcNow();
        await using (var context = Database.CreateContext())
        {
            foreach (var (key, id, expires) in new[] { (1L, "doppelt", now.AddMinutes(30)), (2L, "doppelt", now.AddHours(1)), (3L, null, now.AddHours(1)) })
            {
                await context.Database.ExecuteSqlAsync($"""
                    INSERT INTO buffered_messages ("Key", "Name", "CorrelationKey", "MessageId", "Variables", "TenantId", "PublishedAt", "ExpiresAt")
                    VALUES ({key}, {Message}, {"A-6"}, {id}, {"{}"}, {Tenant}, {Instant(now)}, {Instant(expires)})
                    """);
            }
        }

        await Database.MigrateAsync();

        await using (var context = Database.CreateContext())
        {
            var taken = await context.MessageIds.SingleAsync();
            Assert.Equal(("doppelt", 2L, now.AddHours(1)), (taken.MessageId, taken.MessageKey, taken.ExpiresAt));
            Assert.Equal(0, await context.BufferedMessages.SumAsync(m => m.Depth));
        }

        await Assert.ThrowsAsync<EngineConflictException>(() =>
            Node().Commands.PublishMessageAsync(Message, "A-6", TimeSpan.FromHours(1), "doppelt", [], Tenant));
    }

    /// <summary>An instant as the provider stores it (SQLite: UTC ticks).</summary>
    private object Instant(DateTimeOffset value) => Provider == DatabaseProvider.Sqlite ? value.UtcTicks : value;

    private async Task<string> StatusAsync(long instanceKey)
    {
        await using var context = Database.CreateContext();
        return (await context.ProcessInstances.SingleAsync(i => i.Key == instanceKey)).Status;
    }
}

public sealed class SqliteMessageIdScenarios : MessageIdScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMessageIdScenarios : MessageIdScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
