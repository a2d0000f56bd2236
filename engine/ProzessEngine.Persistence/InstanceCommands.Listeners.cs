using System.Data.Common;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>
/// Commands that task listeners and job results concern: completing a job with a worker's result, and the user task
/// transitions (assign, update, complete) that task listeners hold up. While listeners run, the task's row has a
/// transitional state (ASSIGNING, UPDATING, COMPLETING, ...), so every other action on it answers 409.
/// </summary>
public sealed partial class InstanceCommands
{
    /// <summary>Completes a job with a worker's result (task listener: deny or correct; ad-hoc sub-process: what to activate).</summary>
    public Task CompleteJobAsync(long jobKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, JobResult? result, CommandActor actor,
        CancellationToken cancellationToken = default) =>
        Measured("complete-job", () => ExecuteAsync(
            connection => JobAsync(connection, jobKey, cancellationToken),
            (process, state) => Runtime.CompleteJob(process, state, jobKey, variables, actor, result),
            cancellationToken));

    /// <summary>
    /// Completes the task with the caller's action (handed to completing listeners). A four-eyes rule of the task is
    /// checked against the instance's completions read in the same attempt, so a completion that commits meanwhile
    /// makes this one read again (<see cref="FourEyesViolationException"/> when the rule forbids it).
    /// </summary>
    public Task CompleteUserTaskAsync(long userTaskKey, IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, string? action, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return Measured("complete-user-task", () => ExecuteAsync(
            connection => LoadOpenTaskAsync(connection, userTaskKey, null, cancellationToken,
                (row, elementId) => RequireFourEyesAsync(connection, row, elementId, FourEyesAction.Complete, actor.Persons, cancellationToken)),
            (process, state) => Runtime.CompleteUserTask(process, state, userTaskKey, variables, actor, action),
            cancellationToken));
    }

    /// <summary>
    /// Changes the task's candidate groups and users, due and follow-up date or priority (by
    /// <see cref="UserTaskAttributes"/> name; null clears a date), through its updating listeners if it has any.
    /// </summary>
    public Task UpdateUserTaskAsync(long userTaskKey, IReadOnlyList<KeyValuePair<string, FeelValue>> changes, string? action, CommandActor actor,
        CancellationToken cancellationToken = default)
    {
        // The runtime does not keep the task's attributes; the row does. Read with the instance, so that the journal
        // records old and new values of what the update changes.
        IReadOnlyList<KeyValuePair<string, FeelValue>>? previous = null;
        return Measured("update-user-task", () => ExecuteAsync(
            connection => LoadOpenTaskAsync(connection, userTaskKey, null, cancellationToken, attributes: stored => previous = stored),
            (process, state) => Runtime.UpdateUserTask(process, state, userTaskKey, changes, action, actor, previous),
            cancellationToken));
    }

    /// <summary>
    /// Assigns (or, with a null assignee, unassigns) a task that has assigning listeners, through the runtime; false when
    /// the task has none (the caller then changes the row directly).
    /// </summary>
    private async Task<bool> AssignThroughListenersAsync(long userTaskKey, string? assignee, bool allowOverride, string? action, CommandActor actor,
        CancellationToken cancellationToken)
    {
        if (!await HasAssigningListenersAsync(userTaskKey, cancellationToken))
        {
            return false;
        }

        await ExecuteAsync(
            connection => LoadOpenTaskAsync(connection, userTaskKey, current =>
                assignee is not null && current is not null && current != assignee && !allowOverride
                    ? $"User task {userTaskKey} is already assigned to '{current}'."
                    : null, cancellationToken,
                assignee is null ? null : (row, elementId) => RequireFourEyesAsync(connection, row, elementId, FourEyesAction.Claim,
                    ClaimingPersons(assignee, actor), cancellationToken)),
            (process, state) => Runtime.AssignUserTask(process, state, userTaskKey, assignee, action, actor),
            cancellationToken);
        return true;
    }

    private async Task<bool> HasAssigningListenersAsync(long userTaskKey, CancellationToken cancellationToken)
    {
        var (definitionKey, elementId) = await _runner.ReadAsync(async connection =>
        {
            await using var query = Sql.Command(connection, """SELECT "DefinitionKey", "ElementId" FROM user_tasks WHERE "Key" = $1""", userTaskKey);
            await using var reader = await query.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? (reader.GetInt64(0), reader.GetString(1))
                : throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
        }, cancellationToken);

        var process = await _runner.Definitions.GetAsync(definitionKey, cancellationToken);
        return process.Model.Nodes.TryGetValue(elementId, out var node) && node is UserTask { TaskListeners.IsEmpty: false } task
            && task.TaskListeners.Any(l => l.EventType == TaskListenerEventType.Assigning);
    }

    /// <summary>
    /// Reads the instance through an open (CREATED) task; a task in another state is a conflict that names the state,
    /// <paramref name="refuseAssignee"/> may refuse the current assignee, and <paramref name="guard"/> may refuse the
    /// command after reading more on the same connection (it gets the row and the task's element id), and
    /// <paramref name="attributes"/> gets the task's due and follow-up date, priority and candidates as stored.
    /// </summary>
    private async Task<InstanceRow?> LoadOpenTaskAsync(DbConnection connection, long userTaskKey, Func<string?, string?>? refuseAssignee,
        CancellationToken cancellationToken, Func<InstanceRow, string, Task>? guard = null,
        Action<IReadOnlyList<KeyValuePair<string, FeelValue>>>? attributes = null)
    {
        InstanceRow row;
        string elementId;
        await using (var query = Sql.Command(connection,
            $"""
            SELECT {InstanceRow.Columns}, t."State", t."Assignee", t."ElementId", t."DueDate", t."FollowUpDate", t."Priority", t."CandidateGroups",
                t."CandidateUsers"
            FROM user_tasks t JOIN process_instances i ON i."Key" = t."ProcessInstanceKey" WHERE t."Key" = $1
            """, userTaskKey))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
            }

            var state = reader.GetString(InstanceRow.ColumnCount);
            if (state != UserTaskStates.Created)
            {
                throw new EngineConflictException(IsTransitional(state)
                    ? $"User task {userTaskKey} is {state.ToLowerInvariant()}: its task listeners have not finished yet."
                    : $"User task {userTaskKey} is {state.ToLowerInvariant()}, not open.");
            }

            var assignee = reader.IsDBNull(InstanceRow.ColumnCount + 1) ? null : reader.GetString(InstanceRow.ColumnCount + 1);
            if (refuseAssignee?.Invoke(assignee) is { } conflict)
            {
                throw new EngineConflictException(conflict);
            }

            elementId = reader.GetString(InstanceRow.ColumnCount + 2);
            attributes?.Invoke(StoredAttributes(reader, InstanceRow.ColumnCount + 3));
            row = InstanceRow.Read(reader);
        }

        if (guard is not null)
        {
            await guard(row, elementId);
        }

        return row;
    }

    /// <summary>Due and follow-up date, priority and candidates as stored, in the form an update names them.</summary>
    private List<KeyValuePair<string, FeelValue>> StoredAttributes(DbDataReader reader, int first)
    {
        FeelValue Instant(int ordinal) => reader.IsDBNull(ordinal)
            ? FeelValue.Null
            : FeelValue.FromString(Sql.ReadInstant(reader, ordinal).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        FeelValue Names(int ordinal) => FeelValue.FromList(reader.GetString(ordinal).Split(',', StringSplitOptions.RemoveEmptyEntries).Select(FeelValue.FromString));
        return
        [
            new(UserTaskAttributes.DueDate, Instant(first)),
            new(UserTaskAttributes.FollowUpDate, Instant(first + 1)),
            new(UserTaskAttributes.Priority, FeelValue.FromNumber(reader.GetInt32(first + 2))),
            new(UserTaskAttributes.CandidateGroups, Names(first + 3)),
            new(UserTaskAttributes.CandidateUsers, Names(first + 4)),
        ];
    }

    private static bool IsTransitional(string state) => state is UserTaskStates.Creating or UserTaskStates.Assigning or UserTaskStates.Updating
        or UserTaskStates.Completing or UserTaskStates.Canceling;
}
