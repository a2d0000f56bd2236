using ProzessEngine.Core;
using ProzessEngine.Core.Journal;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>A comment on a user task, as the API shows it, with the task it belongs to.</summary>
public sealed record TaskCommentView(long CommentKey, long UserTaskKey, long ProcessInstanceKey, string ElementId, string TaskName, string Author,
    string? OnBehalfOf, string Text, DateTimeOffset CreatedAt, string TenantId);

/// <summary>
/// Comments on user tasks: each is written in one transaction with a journal entry of the instance (command
/// comment-user-task, event UserTaskCommented with the text), so the journal vouches for what was noted, by whom and when.
/// A comment may be added to a task in any state while its instance exists: a note after completion is a note too.
/// </summary>
public sealed partial class InstanceCommands
{
    /// <summary>The longest comment, in characters.</summary>
    public const int MaxCommentLength = TaskComments.MaxLength;

    public Task<TaskCommentView> CommentUserTaskAsync(long userTaskKey, string text, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.Length > MaxCommentLength)
        {
            throw new ArgumentException($"A comment has at most {MaxCommentLength} characters.", nameof(text));
        }

        return Measured("comment-user-task", () => _runner.Retry.ExecuteAsync($"Commenting on user task {userTaskKey}", async () =>
        {
            await using (await _runner.EnterAsync(cancellationToken))
            {
                await using var connection = await _runner.Database.OpenConnectionAsync(cancellationToken);
                string elementId, name, tenantId;
                long elementInstanceKey;
                InstanceRow row;
                await using (var query = Sql.Command(connection,
                    $"""
                    SELECT t."ElementId", t."ElementInstanceKey", t."Name", t."TenantId", {InstanceRow.Columns}
                    FROM user_tasks t JOIN process_instances i ON i."Key" = t."ProcessInstanceKey" WHERE t."Key" = $1
                    """, userTaskKey))
                await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
                {
                    if (!await reader.ReadAsync(cancellationToken))
                    {
                        throw new EngineNotFoundException($"User task {userTaskKey} does not exist.");
                    }

                    (elementId, elementInstanceKey, name, tenantId) = (reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3));
                    row = InstanceRow.Read(reader, 4);
                }

                var key = _runner.NextKey();
                var now = _runner.Now;
                // Keys are not ordered within a millisecond; the journal's sequence is, and ties the comment to its entry.
                var insert = new Statement(
                    """
                    INSERT INTO task_comments ("Key", "UserTaskKey", "ProcessInstanceKey", "TenantId", "Author", "OnBehalfOf", "Text", "CreatedAt",
                        "JournalSequence")
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                    """,
                    [key, userTaskKey, row.Key, tenantId, actor.Id, actor.OnBehalfOf, text, Sql.Instant(now), row.JournalSequence + 1]);
                var write = InstanceWrite.ForUserAction(Sql, row, "comment-user-task", actor, now,
                    new JournalEvent(JournalEventKind.UserTaskCommented, elementId, elementInstanceKey, text), insert);
                await Sql.ExecuteAsync(connection, write.Statements, cancellationToken);
                return new TaskCommentView(key, userTaskKey, row.Key, elementId, name, actor.Id, actor.OnBehalfOf, text, StoredInstant.From(now), tenantId);
            }
        }));
    }
}
