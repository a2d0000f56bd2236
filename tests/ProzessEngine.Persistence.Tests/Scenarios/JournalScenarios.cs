using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProzessEngine.Core;
using ProzessEngine.Persistence.Entities;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>The journal's hash chain, on SQLite and PostgreSQL (see the two subclasses at the end).</summary>
public abstract class JournalScenarios : DatabaseScenarios
{
    [Fact]
    public async Task Untouched_instances_verified_as_tampered_on_postgresql_when_the_clock_had_ticks_finer_than_a_microsecond()
    {
        // timestamptz keeps microseconds; the hash once covered the 100-ns ticks that PostgreSQL had dropped.
        Clock.Advance(TimeSpan.FromTicks(1_234_567));
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        Clock.Advance(TimeSpan.FromTicks(7_654_321));
        await node.Commands.CompleteUserTaskAsync(await SingleTaskAsync(node, started.ProcessInstanceKey), null, CommandActor.User("erika"));

        var verification = await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey);

        Assert.True(verification!.Valid, verification.Problem);
        Assert.Equal(2, verification.Entries);
        var journal = await node.Queries.GetJournalAsync(started.ProcessInstanceKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero).AddTicks(8_888_880), journal[^1].At);
    }

    [Fact]
    public async Task A_journal_written_before_instants_were_cut_to_microseconds_still_verifies_and_tampering_still_shows()
    {
        var node = Node();
        await node.DeployAsync(("antrag.bpmn", TestModels.UserTaskProcess()));
        var started = await node.StartAsync("antrag");
        await node.Commands.CompleteUserTaskAsync(await SingleTaskAsync(node, started.ProcessInstanceKey), null, CommandActor.User("erika"));
        // As an earlier version wrote it: the hash over the full ticks, the instant stored as the database keeps it
        // (all ticks on SQLite, microseconds on PostgreSQL).
        await RewriteAsLegacyAsync(started.ProcessInstanceKey, extraTicks: 7);

        var legacy = await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey);
        await using (var context = Database.CreateContext())
        {
            await context.Journal.Where(j => j.ProcessInstanceKey == started.ProcessInstanceKey && j.Sequence == 2)
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.Actor, "user:mallory"));
        }

        var tampered = await node.Queries.VerifyJournalAsync(started.ProcessInstanceKey);

        Assert.True(legacy!.Valid, legacy.Problem);
        Assert.False(tampered!.Valid);
        Assert.Equal(2, tampered.FirstBrokenSequence);
    }

    [Fact]
    public void Every_instant_is_stored_in_utc_to_the_microsecond()
    {
        var local = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

        var stored = StoredInstant.From(local);

        Assert.Equal(TimeSpan.Zero, stored.Offset);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 7, 0, 0, TimeSpan.Zero).AddTicks(1_234_560), stored);
    }

    private async Task RewriteAsLegacyAsync(long instanceKey, int extraTicks)
    {
        List<JournalEntryEntity> entries;
        await using (var context = Database.CreateContext())
        {
            entries = await context.Journal.AsNoTracking().Where(j => j.ProcessInstanceKey == instanceKey).OrderBy(j => j.Sequence).ToListAsync();
        }

        var previous = JournalChain.Genesis;
        await using var connection = Provider == DatabaseProvider.PostgreSql
            ? (DbConnection)new NpgsqlConnection(Database.ConnectionString)
            : new SqliteConnection(Database.ConnectionString);
        await connection.OpenAsync();
        foreach (var entry in entries)
        {
            var at = entry.At.AddTicks(extraTicks);
            var hash = JournalChain.ComputeHash(previous, instanceKey, entry.Sequence, at, entry.Actor, entry.Command, entry.Events);
            await ExecuteAsync(connection, """UPDATE journal SET "At" = @at, "PreviousHash" = @previous, "Hash" = @hash WHERE "Id" = @id""",
                ("at", Provider == DatabaseProvider.PostgreSql ? at : at.UtcTicks), ("previous", previous), ("hash", hash), ("id", entry.Id));
            previous = hash;
        }

        await ExecuteAsync(connection, """UPDATE process_instances SET "JournalHash" = @hash WHERE "Key" = @key""", ("hash", previous), ("key", instanceKey));
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private static async Task<long> SingleTaskAsync(EngineNode node, long instanceKey)
    {
        var tasks = await node.Queries.SearchUserTasksAsync(DeploymentService.DefaultTenant,
            new UserTaskFilter(State: Stores.UserTaskStates.Created, ProcessInstanceKey: instanceKey), new TaskVisibility("x", [], SeesAll: true), new Page());
        return Assert.Single(tasks.Items).UserTaskKey;
    }
}

public sealed class SqliteJournalScenarios : JournalScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresJournalScenarios : JournalScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
