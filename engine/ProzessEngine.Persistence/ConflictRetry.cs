using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>
/// A command lost the race against concurrent writers more often than <see cref="ConflictRetry"/> allows (HTTP 409).
/// </summary>
public sealed class EngineConcurrencyException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The one retry policy of every write that can lose a race against another writer, in the manner of efcore.pg's
/// retrying execution strategy: an attempt that fails with a conflict (<see cref="IsConflict"/>) runs again from the
/// start, reading afresh, up to <see cref="MaxAttempts"/> attempts; the last conflict becomes an
/// <see cref="EngineConcurrencyException"/>. Anything else is not retried. Attempts follow each other at once: a lost
/// optimistic race is usually decided by the next read (the task is no longer open, the row is gone).
/// </summary>
public sealed class ConflictRetry
{
    public const int DefaultAttempts = 5;

    private readonly ILogger _logger;

    public ConflictRetry(int maxAttempts = DefaultAttempts, ILogger? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxAttempts);
        MaxAttempts = maxAttempts;
        _logger = logger ?? NullLogger.Instance;
    }

    public int MaxAttempts { get; }

    /// <summary>
    /// Whether <paramref name="exception"/> (or what it wraps) says that another writer got there first:
    /// <list type="bullet">
    /// <item>a write's own check failed (the instance's revision moved on, a consumed row is gone, a newer version was deployed);</item>
    /// <item>a unique index was violated (two writers took the same version number, journal sequence or key);</item>
    /// <item>EF Core found a row changed or gone (<see cref="DbUpdateConcurrencyException"/>);</item>
    /// <item>PostgreSQL: serialization failure (40001), deadlock (40P01), unique violation (23505);</item>
    /// <item>SQLite: busy (5), locked (6), a unique or primary key constraint (2067, 1555).</item>
    /// </list>
    /// </summary>
    public static bool IsConflict(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case StaleWriteException:
                case DbUpdateConcurrencyException:
                    return true;
                case PostgresException postgres when postgres.SqlState is PostgresErrorCodes.SerializationFailure
                    or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.UniqueViolation:
                    return true;
                case System.Data.Common.DbException when SqliteProvider.ErrorCode(current) is SqliteBusy or SqliteLocked
                    || SqliteProvider.ExtendedErrorCode(current) is SqliteUniqueConstraint or SqlitePrimaryKeyConstraint:
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Runs <paramref name="attempt"/> until it does not lose a race. <paramref name="what"/> names the work for the final
    /// error ("Completing user task 42"); <paramref name="beforeRetry"/> drops what the lost attempt relied on.
    /// </summary>
    /// <exception cref="EngineConcurrencyException">Every attempt lost.</exception>
    public async Task<T> ExecuteAsync<T>(string what, Func<Task<T>> attempt, Action<Exception>? beforeRetry = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                if (number >= MaxAttempts)
                {
                    throw new EngineConcurrencyException(
                        $"{what} lost against concurrent changes {MaxAttempts} times in a row and was not applied; try again.", ex);
                }

                _logger.LogDebug(ex, "{What}: attempt {Attempt} lost against a concurrent change; retrying", what, number);
                beforeRetry?.Invoke(ex);
            }
        }
    }

    public Task ExecuteAsync(string what, Func<Task> attempt, Action<Exception>? beforeRetry = null)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        return ExecuteAsync(what, async () =>
        {
            await attempt();
            return true;
        }, beforeRetry);
    }

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteUniqueConstraint = 2067;
    private const int SqlitePrimaryKeyConstraint = 1555;
}
