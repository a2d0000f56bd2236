using System.Data.Common;

namespace ProzessEngine.Testing.Conflicts;

/// <summary>
/// Forces lost races: a trigger plays another writer that inserts the same row into a table just before each insert,
/// so every write that inserts there fails on the table's unique key, as it does when a concurrent command got there
/// first. On both databases the phantom row goes with the failing statement's transaction. Remove it to let writes
/// through again.
/// </summary>
public static class PhantomWriter
{
    public static async Task InstallAsync(DbConnection connection, bool postgres, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (postgres)
        {
            // The phantom's own insert fires the trigger once more (depth 2), which lets it through.
            await ExecuteAsync(connection, $"""
                CREATE OR REPLACE FUNCTION phantom_{table}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF pg_trigger_depth() = 1 THEN
                        INSERT INTO {table} SELECT (NEW).*;
                    END IF;
                    RETURN NEW;
                END
                $$;
                CREATE TRIGGER phantom_{table} BEFORE INSERT ON {table} FOR EACH ROW EXECUTE FUNCTION phantom_{table}();
                """);
            return;
        }

        // SQLite runs no trigger from inside a trigger unless recursive_triggers is on. The journal's own row id is left
        // to SQLite; the phantom collides on (instance, sequence) there and on the primary key everywhere else.
        var columns = new List<string>();
        await using (var info = connection.CreateCommand())
        {
            info.CommandText = $"PRAGMA table_info(\"{table}\")";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var name = reader.GetString(1);
                if (name != "Id")
                {
                    columns.Add($"\"{name}\"");
                }
            }
        }

        await ExecuteAsync(connection, $"""
            CREATE TRIGGER phantom_{table} BEFORE INSERT ON {table}
            BEGIN
                INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "NEW." + c))});
            END;
            """);
    }

    public static Task RemoveAsync(DbConnection connection, bool postgres, string table) =>
        ExecuteAsync(connection, postgres ? $"DROP TRIGGER phantom_{table} ON {table}" : $"DROP TRIGGER phantom_{table}");

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
