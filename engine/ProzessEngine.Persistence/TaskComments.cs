using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence;

/// <summary>The comments of a task or of every task of an instance, oldest first.</summary>
public sealed class TaskComments(EngineDatabase database)
{
    /// <summary>The longest comment, in characters: a note, not a document.</summary>
    public const int MaxLength = 2000;

    public Task<PagedResult<TaskCommentView>> OfTaskAsync(long userTaskKey, Page page, CancellationToken cancellationToken = default) =>
        SearchAsync(userTaskKey, null, page, cancellationToken);

    public Task<PagedResult<TaskCommentView>> OfInstanceAsync(long processInstanceKey, Page page, CancellationToken cancellationToken = default) =>
        SearchAsync(null, processInstanceKey, page, cancellationToken);

    private async Task<PagedResult<TaskCommentView>> SearchAsync(long? userTaskKey, long? processInstanceKey, Page page,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var context = database.CreateContext();
        var rows = context.TaskComments.AsNoTracking();
        rows = userTaskKey is { } task ? rows.Where(c => c.UserTaskKey == task) : rows.Where(c => c.ProcessInstanceKey == processInstanceKey);
        var total = await rows.CountAsync(cancellationToken);
        var items = await rows.OrderBy(c => c.JournalSequence).Skip(page.From).Take(page.Limit)
            .Join(context.UserTasks.AsNoTracking(), c => c.UserTaskKey, t => t.Key,
                (c, t) => new TaskCommentView(c.Key, c.UserTaskKey, c.ProcessInstanceKey, t.ElementId, t.Name, c.Author, c.OnBehalfOf, c.Text, c.CreatedAt,
                    c.TenantId))
            .ToListAsync(cancellationToken);
        return new PagedResult<TaskCommentView>(items, total);
    }
}
