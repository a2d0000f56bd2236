using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

/// <summary>A syntax error of a template, with its place in the template.</summary>
public sealed record TemplateSyntaxError(string Message, int? Line, int? Column);

/// <summary>
/// Checks a template's syntax at deployment. The template language lives in the host (Scriban), so the deployment asks
/// through this seam; without one (tests of the persistence alone) templates are stored unchecked.
/// </summary>
public interface ITemplateSyntax
{
    IReadOnlyList<TemplateSyntaxError> Check(string text);
}

/// <summary>A template version as a document task renders it.</summary>
public sealed record TemplateVersion(long Key, string TemplateId, int Version, string TenantId, string Content);

/// <summary>
/// Scriban templates in a deployment: read, checked, versioned like forms (changed content becomes version n+1,
/// identical content keeps its version), and the document tasks' references checked against them.
/// </summary>
internal static class DocumentTemplates
{
    public static void Read(DeploymentResource resource, string templateId, List<(DeploymentResource, string, string)> templates,
        List<DeploymentProblem> problems)
    {
        try
        {
            templates.Add((resource, templateId, new UTF8Encoding(false, true).GetString(resource.Content).TrimStart('\uFEFF')));
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, "The template is not valid UTF-8 text."));
        }
    }

    public static void CheckSyntax(ITemplateSyntax? syntax, IEnumerable<(DeploymentResource Resource, string TemplateId, string Content)> templates,
        List<DeploymentProblem> problems)
    {
        if (syntax is null)
        {
            return;
        }

        foreach (var (resource, templateId, content) in templates)
        {
            foreach (var error in syntax.Check(content))
            {
                problems.Add(new DeploymentProblem(resource.Name, templateId, $"Template syntax error: {error.Message}", error.Line, error.Column));
            }
        }
    }

    /// <summary>
    /// A document task's template must exist when the task runs: in this deployment, or (binding latest) deployed before.
    /// Unlike a linked form, a missing template is refused here: nobody could fill the gap at run time but a new deployment.
    /// </summary>
    public static async Task CheckReferencesAsync(EngineDbContext context, IEnumerable<(string Resource, ProcessModel Model)> models,
        IEnumerable<string> inDeployment, string tenantId, List<DeploymentProblem> problems, CancellationToken cancellationToken)
    {
        var deployed = inDeployment.ToHashSet(StringComparer.Ordinal);
        foreach (var (resource, model) in models)
        {
            foreach (var node in model.Nodes.Values)
            {
                if (node.Job is not { Definition.Type: { IsExpression: false } type } job || type.Text.Trim() != DocumentTask.JobType
                    || Header(job.Headers, DocumentTask.TemplateIdHeader) is not { Length: > 0 } templateId)
                {
                    continue;
                }

                if (Header(job.Headers, DocumentTask.BindingTypeHeader) == "deployment")
                {
                    if (!deployed.Contains(templateId))
                    {
                        problems.Add(new DeploymentProblem(resource, node.Id,
                            $"The document task names the template '{templateId}' with bindingType \"deployment\", so {templateId}{DocumentTask.TemplateExtension} "
                            + "must be part of this deployment."));
                    }
                }
                else if (!deployed.Contains(templateId)
                    && !await context.Templates.AnyAsync(t => t.TenantId == tenantId && t.TemplateId == templateId, cancellationToken))
                {
                    problems.Add(new DeploymentProblem(resource, node.Id,
                        $"The document task names the template '{templateId}', which is not deployed: deploy {templateId}{DocumentTask.TemplateExtension} with the process."));
                }
            }
        }
    }

    public static async Task<IReadOnlyList<DeployedTemplate>> StoreAsync(EngineDbContext context,
        IEnumerable<(DeploymentResource Resource, string TemplateId, string Content)> templates, DeploymentEntity deployment, UnchangedMeans unchanged,
        Core.IKeyGenerator keys, CancellationToken cancellationToken)
    {
        var stored = new List<DeployedTemplate>();
        var tenantId = deployment.TenantId;
        foreach (var (resource, templateId, content) in templates)
        {
            var checksum = Convert.ToHexStringLower(SHA256.HashData(resource.Content));
            var latest = await context.Templates.AsNoTracking()
                .Where(t => t.TenantId == tenantId && t.TemplateId == templateId)
                .OrderByDescending(t => t.Version)
                .FirstOrDefaultAsync(cancellationToken);
            var kept = latest?.Checksum == checksum ? latest : null;
            if (kept is null && unchanged == UnchangedMeans.SameAsLastFromThisSource)
            {
                var fromSource = await context.Templates.AsNoTracking()
                    .Where(t => t.TenantId == tenantId && t.TemplateId == templateId
                                && context.Deployments.Any(x => x.Key == t.DeploymentKey && x.CreatedBy == deployment.CreatedBy))
                    .OrderByDescending(t => t.Version)
                    .FirstOrDefaultAsync(cancellationToken);
                kept = fromSource?.Checksum == checksum ? fromSource : null;
            }

            if (kept is not null)
            {
                stored.Add(new(kept.Key, kept.TemplateId, kept.Version, kept.ResourceName, tenantId, false));
                continue;
            }

            var entity = new TemplateEntity
            {
                Key = keys.NextKey(),
                TemplateId = templateId,
                Version = (latest?.Version ?? 0) + 1,
                TenantId = tenantId,
                ResourceName = resource.Name,
                Content = content,
                Checksum = checksum,
                DeploymentKey = deployment.Key,
                CreatedAt = deployment.CreatedAt,
            };
            context.Templates.Add(entity);
            stored.Add(new(entity.Key, entity.TemplateId, entity.Version, entity.ResourceName, tenantId, true));
        }

        return stored;
    }

    private static string? Header(IEnumerable<KeyValuePair<string, string>> headers, string key) =>
        headers.Where(h => h.Key == key).Select(h => h.Value.Trim()).FirstOrDefault();
}

/// <summary>Finds the template version a document task renders (binding latest, or the one deployed with the process).</summary>
public sealed class TemplateCatalog(EngineDatabase database)
{
    public async Task<TemplateVersion?> ResolveAsync(long processDefinitionKey, string tenantId, string templateId, bool byDeployment,
        CancellationToken cancellationToken = default)
    {
        await using var context = database.CreateContext();
        var versions = context.Templates.AsNoTracking().Where(t => t.TenantId == tenantId && t.TemplateId == templateId);
        if (byDeployment)
        {
            var deployment = await context.ProcessDefinitions.AsNoTracking().Where(d => d.Key == processDefinitionKey)
                .Select(d => new { d.DeploymentKey, d.CreatedAt }).SingleAsync(cancellationToken);

            // As for forms: the version stored with the process's deployment, else (deployed unchanged) the latest
            // version stored up to that deployment, judged by time since keys of one millisecond are in no order.
            versions = await versions.AnyAsync(t => t.DeploymentKey == deployment.DeploymentKey, cancellationToken)
                ? versions.Where(t => t.DeploymentKey == deployment.DeploymentKey)
                : versions.Where(t => t.CreatedAt <= deployment.CreatedAt);
        }

        return await versions.OrderByDescending(t => t.Version)
            .Select(t => new TemplateVersion(t.Key, t.TemplateId, t.Version, t.TenantId, t.Content))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
