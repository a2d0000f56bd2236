using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>A mail to send for a job, composed once: its Message-ID, its whole MIME text, and whether the server took it.</summary>
public sealed record OutboxMail(long ElementInstanceKey, string MessageId, byte[] Message, int Attempts, DateTimeOffset? SentAt);

/// <summary>
/// The outbox of the e-mail connector, one mail per activation of a mail task (its element instance). A mail task's job
/// is created in its command's transaction and activated only after that committed; its worker composes the mail once
/// into this outbox (<see cref="KeepAsync"/>), sends it, marks it sent (<see cref="MarkSentAsync"/>) and only then
/// completes the job. A job taken again (after a failed attempt, a crash) or made anew (a resolved incident) finds the
/// mail here: unsent, the same message goes out again with the same Message-ID; sent, the job only completes.
/// </summary>
public sealed class EmailOutbox(EngineDatabase database, TimeProvider clock)
{
    public async Task<OutboxMail?> FindAsync(long elementInstanceKey, CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        return await context.EmailOutbox.AsNoTracking().Where(m => m.ElementInstanceKey == elementInstanceKey)
            .Select(m => new OutboxMail(m.ElementInstanceKey, m.MessageId, m.Message, m.Attempts, m.SentAt))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Keeps the composed mail of a task; when another node kept one first, that one stands and is returned.</summary>
    public async Task<OutboxMail> KeepAsync(long elementInstanceKey, long jobKey, string tenantId, long processInstanceKey, string elementId, string messageId, byte[] message,
        CancellationToken cancellationToken = default)
    {
        await using (var context = database.CreateContext())
        {
            context.EmailOutbox.Add(new EmailOutboxEntity
            {
                ElementInstanceKey = elementInstanceKey,
                JobKey = jobKey,
                TenantId = tenantId,
                ProcessInstanceKey = processInstanceKey,
                ElementId = elementId,
                MessageId = messageId,
                Message = message,
                CreatedAt = clock.GetUtcNow(),
            });
            try
            {
                await context.SaveChangesAsync(cancellationToken);
                return new OutboxMail(elementInstanceKey, messageId, message, 0, null);
            }
            catch (DbUpdateException)
            {
                // The primary key is the task's: a row there already is the mail composed before, which must stay the one sent.
            }
        }

        return await FindAsync(elementInstanceKey, cancellationToken)
            ?? throw new InvalidOperationException($"The mail of element instance {elementInstanceKey} could be neither kept nor found.");
    }

    /// <summary>Counts an attempt that the server refused or that broke off, with its (already scrubbed) reason.</summary>
    public async Task RecordFailureAsync(long elementInstanceKey, string problem, CancellationToken cancellationToken = default)
    {
        var text = problem.Length > 2000 ? problem[..2000] : problem;
        await using var context = database.CreateContext();
        await context.EmailOutbox.Where(m => m.ElementInstanceKey == elementInstanceKey)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, text), cancellationToken);
    }

    public async Task MarkSentAsync(long elementInstanceKey, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var context = database.CreateContext();
        await context.EmailOutbox.Where(m => m.ElementInstanceKey == elementInstanceKey && m.SentAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.SentAt, now).SetProperty(m => m.Attempts, m => m.Attempts + 1).SetProperty(m => m.LastError, (string?)null),
                cancellationToken);
    }
}
