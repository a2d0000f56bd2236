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
}
