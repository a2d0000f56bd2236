using Microsoft.EntityFrameworkCore;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>A document as the API lists it.</summary>
/// <remarks>The size is an int: the API writes every long as a string (keys), and no rendered document comes near 2 GB.</remarks>
public sealed record DocumentView(long DocumentKey, long ProcessInstanceKey, string ElementId, long ElementInstanceKey, string FileName,
    string ContentType, int Size, string Checksum, string TemplateId, int TemplateVersion, string TenantId, DateTimeOffset CreatedAt);

/// <summary>A rendered document to keep: its content goes to the database, or (with a storage path) lives in a file already written.</summary>
public sealed record NewDocument(long DocumentKey, string TenantId, long ProcessInstanceKey, string ElementId, long ElementInstanceKey, long JobKey,
    string FileName, string ContentType, string Checksum, string TemplateId, int TemplateVersion, long Size, byte[]? Content, string? StoragePath);

/// <summary>Where a stored document's content is: in the row, or in a file of the configured folder.</summary>
public sealed record StoredDocument(DocumentView Document, byte[]? Content, string? StoragePath);

/// <summary>The documents of instances: written by the document task's renderer, read by the API.</summary>
public sealed class DocumentStore(EngineDatabase database, TimeProvider clock)
{
    /// <summary>
    /// Keeps a document. A job rendered again (its worker died before completing it, or completing failed) replaces
    /// the document it rendered before, so an instance holds one document per job. Returns the storage path of the
    /// replaced document, whose file the caller may delete.
    /// </summary>
    public async Task<string?> SaveAsync(NewDocument document, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        await using var context = database.CreateContext();
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
        var earlier = await context.Documents.Where(d => d.JobKey == document.JobKey).ToListAsync(cancellationToken);
        context.Documents.RemoveRange(earlier);
        await context.SaveChangesAsync(cancellationToken);
        context.Documents.Add(new DocumentEntity
        {
            Key = document.DocumentKey,
            TenantId = document.TenantId,
            ProcessInstanceKey = document.ProcessInstanceKey,
            ElementId = document.ElementId,
            ElementInstanceKey = document.ElementInstanceKey,
            JobKey = document.JobKey,
            FileName = document.FileName,
            ContentType = document.ContentType,
            Size = document.Size,
            Checksum = document.Checksum,
            TemplateId = document.TemplateId,
            TemplateVersion = document.TemplateVersion,
            Content = document.Content,
            StoragePath = document.StoragePath,
            CreatedAt = clock.GetUtcNow(),
        });
        await context.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return earlier.Select(e => e.StoragePath).FirstOrDefault(p => p is not null && p != document.StoragePath);
    }

    /// <summary>The documents of the instance, oldest first; null when the instance is not one of the tenants'.</summary>
    public async Task<IReadOnlyList<DocumentView>?> ListAsync(long processInstanceKey, IReadOnlyCollection<string> tenantIds,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        if (!await context.ProcessInstances.AnyAsync(i => i.Key == processInstanceKey && tenants.Contains(i.TenantId), cancellationToken))
        {
            return null;
        }

        var rows = await context.Documents.AsNoTracking().Where(d => d.ProcessInstanceKey == processInstanceKey && tenants.Contains(d.TenantId))
            .Select(d => new DocumentView(d.Key, d.ProcessInstanceKey, d.ElementId, d.ElementInstanceKey, d.FileName, d.ContentType, (int)d.Size, d.Checksum,
                d.TemplateId, d.TemplateVersion, d.TenantId, d.CreatedAt))
            .ToListAsync(cancellationToken);
        return [.. rows.OrderBy(d => d.CreatedAt).ThenBy(d => d.DocumentKey)];
    }

    /// <summary>The document with its content (or where its content is), if it belongs to the instance and one of the tenants.</summary>
    public async Task<StoredDocument?> GetAsync(long processInstanceKey, long documentKey, IReadOnlyCollection<string> tenantIds,
        CancellationToken cancellationToken = default)
    {
        var tenants = Tenants(tenantIds);
        await using var context = database.CreateContext();
        return await context.Documents.AsNoTracking()
            .Where(d => d.Key == documentKey && d.ProcessInstanceKey == processInstanceKey && tenants.Contains(d.TenantId))
            .Select(d => new StoredDocument(new DocumentView(d.Key, d.ProcessInstanceKey, d.ElementId, d.ElementInstanceKey, d.FileName, d.ContentType,
                (int)d.Size, d.Checksum, d.TemplateId, d.TemplateVersion, d.TenantId, d.CreatedAt), d.Content, d.StoragePath))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The document of the instance an e-mail attaches: by its key, or by its file name (the newest of that name). Only
    /// the instance's own documents are found, so a mail never carries another case's document.
    /// </summary>
    public async Task<StoredDocument?> FindForInstanceAsync(long processInstanceKey, string tenantId, long? documentKey, string? fileName,
        CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var documents = context.Documents.AsNoTracking().Where(d => d.ProcessInstanceKey == processInstanceKey && d.TenantId == tenantId);
        documents = documentKey is { } key ? documents.Where(d => d.Key == key) : documents.Where(d => d.FileName == fileName);
        var rows = await documents
            .Select(d => new StoredDocument(new DocumentView(d.Key, d.ProcessInstanceKey, d.ElementId, d.ElementInstanceKey, d.FileName, d.ContentType,
                (int)d.Size, d.Checksum, d.TemplateId, d.TemplateVersion, d.TenantId, d.CreatedAt), d.Content, d.StoragePath))
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.Document.CreatedAt).ThenByDescending(r => r.Document.DocumentKey).FirstOrDefault();
    }

    private static List<string> Tenants(IReadOnlyCollection<string> tenantIds)
    {
        ArgumentNullException.ThrowIfNull(tenantIds);
        return tenantIds.Count > 0 ? [.. tenantIds.Distinct(StringComparer.Ordinal)] : throw new ArgumentException("No tenant given.", nameof(tenantIds));
    }
}
