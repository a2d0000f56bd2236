using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>
/// Readiness asks whether every shipped migration is applied, and a restart skips EF Core's migration step when none is
/// missing: both read the history table themselves, so they must agree with EF Core's own answer.
/// </summary>
public abstract class MigrationScenarios : DatabaseScenarios
{
    [Fact]
    public async Task A_migrated_database_counts_as_migrated_and_a_restart_applies_nothing()
    {
        Assert.True(await Database.IsMigratedAsync());
        await using var restarted = new EngineDatabase(Provider, Database.ConnectionString);

        await restarted.MigrateAsync();

        Assert.True(await restarted.IsMigratedAsync());
        await using var context = Database.CreateContext();
        Assert.Empty(await context.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task A_database_missing_the_latest_migration_is_not_migrated_until_migrate_applies_it()
    {
        await using var context = Database.CreateContext();
        var latest = context.Database.GetMigrations().Last();
        var down = context.GetService<IMigrator>();
        await down.MigrateAsync(context.Database.GetMigrations().SkipLast(1).Last());

        Assert.False(await Database.IsMigratedAsync());

        await Database.MigrateAsync();

        Assert.True(await Database.IsMigratedAsync());
        Assert.Contains(latest, await context.Database.GetAppliedMigrationsAsync());
    }

    [Fact]
    public async Task An_empty_database_is_not_migrated()
    {
        await using var empty = new EngineDatabase(Provider, Database.ConnectionString);
        await using (var context = empty.CreateContext())
        {
            await context.GetService<IMigrator>().MigrateAsync("0");
        }

        Assert.False(await empty.IsMigratedAsync());
    }
}

public sealed class SqliteMigrationScenarios : MigrationScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresMigrationScenarios : MigrationScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    /// <summary>
    /// A journal entry past 2 kB (a business rule task's audit) is compressed on insert: pglz, PostgreSQL's default,
    /// cost a straight-through instance with one such task more than everything else the task adds.
    /// </summary>
    [Fact]
    public async Task The_journal_and_the_instance_state_compress_with_lz4()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT c.relname || '.' || a.attname || '=' || a.attcompression::text FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE (c.relname, a.attname) IN (('journal', 'Events'), ('process_instances', 'State')) ORDER BY 1
            """, connection);
        var columns = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add(reader.GetString(0));
            }
        }

        Assert.Equal(["journal.Events=l", "process_instances.State=l"], columns);
    }
}
