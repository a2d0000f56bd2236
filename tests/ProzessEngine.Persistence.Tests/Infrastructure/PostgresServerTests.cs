using Npgsql;
using ProzessEngine.Testing;

namespace ProzessEngine.Persistence.Tests.Infrastructure;

public sealed class PostgresServerTests
{
    [Fact]
    public async Task GetAsync_CalledTwice_ReturnsTheSameServer()
    {
        var first = await PostgresServer.GetAsync();
        var second = await PostgresServer.GetAsync();

        Assert.Same(first, second);
    }

    [Fact]
    public async Task CreateDatabaseAsync_ReturnsAConnectionStringThatAnswersSelectOne()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("select_one");
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("select 1", connection);

            Assert.Equal(1, await command.ExecuteScalarAsync());
            Assert.Equal(new NpgsqlConnectionStringBuilder(connectionString).Database, connection.Database);
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_SamePrefixTwice_MakesTwoDatabasesNamedAfterThePrefix()
    {
        var server = await PostgresServer.GetAsync();
        var first = await server.CreateDatabaseAsync("Rechnungs-Freigabe Tests");
        var second = await server.CreateDatabaseAsync("Rechnungs-Freigabe Tests");
        try
        {
            var firstName = new NpgsqlConnectionStringBuilder(first).Database;
            var secondName = new NpgsqlConnectionStringBuilder(second).Database;

            Assert.NotEqual(firstName, secondName);
            Assert.StartsWith("rechnungs_freigabe_tests_", firstName, StringComparison.Ordinal);
            Assert.True(await DatabaseExistsAsync(server, firstName!));
            Assert.True(await DatabaseExistsAsync(server, secondName!));
        }
        finally
        {
            await server.DropDatabaseAsync(first);
            await server.DropDatabaseAsync(second);
        }
    }

    [Fact]
    public async Task CreateDatabaseAsync_VeryLongPrefix_KeepsTheNameWithinPostgresLimit()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync(new string('x', 200));
        try
        {
            var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;

            Assert.True(name.Length <= 63, name);
            Assert.True(await DatabaseExistsAsync(server, name));
        }
        finally
        {
            await server.DropDatabaseAsync(connectionString);
        }
    }

    [Fact]
    public async Task DropDatabaseAsync_WhileAConnectionIsOpen_RemovesTheDatabase()
    {
        var server = await PostgresServer.GetAsync();
        var connectionString = await server.CreateDatabaseAsync("drop_me");
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await using var open = new NpgsqlConnection(connectionString);
        await open.OpenAsync();

        await server.DropDatabaseAsync(connectionString);

        Assert.False(await DatabaseExistsAsync(server, name));
    }

    [Fact]
    public async Task DropDatabaseAsync_AdministrativeDatabase_IsRefused()
    {
        var server = await PostgresServer.GetAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => server.DropDatabaseAsync(server.ConnectionString));
    }

    private static async Task<bool> DatabaseExistsAsync(PostgresServer server, string name)
    {
        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select count(*) from pg_database where datname = @name", connection);
        command.Parameters.AddWithValue("name", name);
        return (long)(await command.ExecuteScalarAsync())! == 1;
    }
}
