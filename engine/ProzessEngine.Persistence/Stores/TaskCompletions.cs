using System.Data.Common;
using ProzessEngine.Core.Tasks;

namespace ProzessEngine.Persistence.Stores;

/// <summary>Who completed which user task of an instance: every completed task row, every round of a loop or multi-instance.</summary>
internal static class TaskCompletions
{
    public static async Task<IReadOnlyList<TaskCompletion>> OfInstanceAsync(SqlDialect sql, DbConnection connection, long processInstanceKey,
        CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection,
            """
            SELECT "ElementId", "CompletedBy", "CompletedOnBehalfOf" FROM user_tasks
            WHERE "ProcessInstanceKey" = $1 AND "State" = $2 AND "CompletedBy" IS NOT NULL
            """, processInstanceKey, UserTaskStates.Completed);
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        var completions = new List<TaskCompletion>();
        while (await reader.ReadAsync(cancellationToken))
        {
            completions.Add(new TaskCompletion(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }

        return completions;
    }
}
