using System.Data.Common;

namespace ProzessEngine.Persistence.Stores;

/// <summary>The instance row as a command reads it: enough to run the command and to write it back under its revision.</summary>
internal sealed record InstanceRow(
    long Key,
    long DefinitionKey,
    string TenantId,
    string ProcessId,
    int Version,
    byte[] State,
    int Revision,
    int JournalSequence,
    string JournalHash)
{
    /// <summary>The columns <see cref="Read"/> expects, in order, for a query on process_instances aliased <c>i</c>.</summary>
    public const string Columns =
        """i."Key", i."DefinitionKey", i."TenantId", i."ProcessId", i."Version", i."State", i."Revision", i."JournalSequence", i."JournalHash" """;

    public const int ColumnCount = 9;

    public static InstanceRow Read(DbDataReader reader, int first = 0) => new(
        reader.GetInt64(first),
        reader.GetInt64(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetInt32(first + 4),
        reader.GetFieldValue<byte[]>(first + 5),
        reader.GetInt32(first + 6),
        reader.GetInt32(first + 7),
        reader.GetString(first + 8));
}
