using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence.Tests;

public sealed class ConflictRetryTests
{
    public static TheoryData<string, bool> Exceptions() => new()
    {
        { "a write's own check", true },
        { "postgresql serialization failure", true },
        { "postgresql deadlock", true },
        { "postgresql unique violation", true },
        { "postgresql unique violation inside ef core", true },
        { "ef core concurrency", true },
        { "sqlite busy", true },
        { "sqlite locked", true },
        { "sqlite unique constraint", true },
        { "sqlite primary key", true },
        { "postgresql foreign key violation", false },
        { "sqlite foreign key constraint", false },
        { "sqlite trigger abort", false },
        { "invalid operation", false },
    };

    [Theory]
    [MemberData(nameof(Exceptions))]
    public void A_conflict_is_what_says_another_writer_got_there_first(string exception, bool conflict)
    {
        Assert.Equal(conflict, ConflictRetry.IsConflict(Make(exception)));
    }

    [Fact]
    public async Task Conflicts_are_retried_until_the_attempts_are_spent_then_they_are_a_concurrency_exception()
    {
        var retry = new ConflictRetry(4);
        var attempts = 0;
        var prepared = 0;

        var thrown = await Assert.ThrowsAsync<EngineConcurrencyException>(() => retry.ExecuteAsync("Completing user task 7", () =>
        {
            attempts++;
            throw Make("postgresql serialization failure");
        }, _ => prepared++));

        Assert.Equal(4, attempts);
        Assert.Equal(3, prepared);
        Assert.StartsWith("Completing user task 7 lost against concurrent changes 4 times", thrown.Message, StringComparison.Ordinal);
        Assert.IsType<PostgresException>(thrown.InnerException);
    }

    [Fact]
    public async Task An_attempt_that_wins_after_losing_returns_its_result()
    {
        var attempts = 0;

        var result = await new ConflictRetry().ExecuteAsync("Starting", () =>
            ++attempts < 3 ? throw Make("sqlite busy") : Task.FromResult("gestartet"));

        Assert.Equal("gestartet", result);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => new ConflictRetry().ExecuteAsync("Starting", () =>
        {
            attempts++;
            throw new InvalidOperationException("kaputt");
        }));

        Assert.Equal(1, attempts);
    }

    private static Exception Make(string exception) => exception switch
    {
        "a write's own check" => new StaleWriteException("changed meanwhile"),
        "postgresql serialization failure" => Postgres(PostgresErrorCodes.SerializationFailure),
        "postgresql deadlock" => Postgres(PostgresErrorCodes.DeadlockDetected),
        "postgresql unique violation" => Postgres(PostgresErrorCodes.UniqueViolation),
        "postgresql unique violation inside ef core" => new DbUpdateException("saving failed", Postgres(PostgresErrorCodes.UniqueViolation)),
        "ef core concurrency" => new DbUpdateConcurrencyException("expected one row"),
        "sqlite busy" => new SqliteException("database is locked", 5, 5),
        "sqlite locked" => new SqliteException("database table is locked", 6, 6),
        "sqlite unique constraint" => new SqliteException("UNIQUE constraint failed", 19, 2067),
        "sqlite primary key" => new SqliteException("UNIQUE constraint failed", 19, 1555),
        "postgresql foreign key violation" => Postgres(PostgresErrorCodes.ForeignKeyViolation),
        "sqlite foreign key constraint" => new SqliteException("FOREIGN KEY constraint failed", 19, 787),
        "sqlite trigger abort" => new SqliteException("aborted", 19, 1811),
        _ => new InvalidOperationException(exception),
    };

    private static PostgresException Postgres(string sqlState) => new("failed", "ERROR", "ERROR", sqlState);
}
