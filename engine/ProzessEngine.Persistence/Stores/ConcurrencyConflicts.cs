using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// Recognises a lost race between two commands on one instance. Besides the revision check, the journal's unique
/// (instance, sequence) index can be what trips first, depending on the order the provider sends the statements in.
/// </summary>
internal static class ConcurrencyConflicts
{
    private const string JournalSequenceIndex = "IX_journal_ProcessInstanceKey_Sequence";

    public static bool IsConflict(DbUpdateException exception) => exception switch
    {
        DbUpdateConcurrencyException => true,
        { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: JournalSequenceIndex } } => true,
        { InnerException: PostgresException { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } } => true,
        { InnerException: SqliteException { SqliteErrorCode: 19 } sqlite } when sqlite.Message.Contains("journal", StringComparison.Ordinal) => true,
        _ => false,
    };
}
