using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Forms;
using ProzessEngine.Core.Intents;
using ProzessEngine.Feel;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence;

public sealed record DeploymentResource(string Name, byte[] Content);

public sealed record DeploymentProblem(string Resource, string? ElementId, string Message, int? Line = null, int? Column = null);

/// <summary>Something a deployment accepted but that may not do what the modeller expects; it never stops the deployment.</summary>
public sealed record DeploymentWarning(string Resource, string? ElementId, string Message, int? Line = null, int? Column = null);

/// <summary>What checking one resource found: the problems that would reject it and the warnings a deployment would carry.</summary>
public sealed record ResourceCheck(IReadOnlyList<DeploymentProblem> Problems, IReadOnlyList<DeploymentWarning> Warnings)
{
    public bool Accepted => Problems.Count == 0;
}

public sealed class DeploymentRejectedException(IReadOnlyList<DeploymentProblem> problems)
    : Exception($"The deployment was rejected: {string.Join("; ", problems.Select(p => p.ElementId is null ? p.Message : $"{p.ElementId}: {p.Message}"))}")
{
    public IReadOnlyList<DeploymentProblem> Problems { get; } = problems;
}

public sealed record DeployedProcessDefinition(long Key, string ProcessId, int Version, string? Name, string ResourceName, string TenantId, bool IsNew);

/// <summary>When a deployed resource keeps its version rather than becoming a new one.</summary>
public enum UnchangedMeans
{
    /// <summary>Its content equals the latest version's (a deployment through the API).</summary>
    SameAsLatestVersion,

    /// <summary>
    /// Its content equals the latest version's, or the last version the same source (the deployment's CreatedBy)
    /// deployed: the shipped workflows at start-up, so a restart does not put a file back over a newer version a process
    /// owner deployed from the designer.
    /// </summary>
    SameAsLastFromThisSource,
}

public sealed record DeployedForm(long Key, string FormId, int Version, string ResourceName, string TenantId, bool IsNew);

/// <summary>A version of a Scriban template (a <c>.scriban</c> resource; its id is the file name without the extension).</summary>
public sealed record DeployedTemplate(long Key, string TemplateId, int Version, string ResourceName, string TenantId, bool IsNew);

public sealed record DeploymentResult(long DeploymentKey, string TenantId, IReadOnlyList<DeployedProcessDefinition> Processes, IReadOnlyList<DeployedForm> Forms)
{
    public IReadOnlyList<DeploymentWarning> Warnings { get; init; } = [];

    /// <summary>The Scriban templates of the deployment (letters and documents).</summary>
    public IReadOnlyList<DeployedTemplate> Templates { get; init; } = [];

    /// <summary>The decision requirements graphs (.dmn files) of the deployment.</summary>
    public IReadOnlyList<DeployedDecisionRequirements> DecisionRequirements { get; init; } = [];

    /// <summary>The decisions of the deployment's graphs.</summary>
    public IReadOnlyList<DeployedDecisionDefinition> Decisions { get; init; } = [];

    /// <summary>The timers of timer start events the deployment wrote (for the new versions).</summary>
    public IReadOnlyList<TimerScheduled> StartTimers { get; init; } = [];
}

/// <summary>
/// Acts after a deployment committed, as <see cref="ICommandListener"/> does after a command (timer scheduling). It
/// must not throw: the deployment stands, and its caller is waiting for the answer.
/// </summary>
public interface IDeploymentListener
{
    void OnDeployed(DeploymentResult deployment);
}

/// <summary>
/// The folder a deployment's files came from and the SHA-256 of those files (hex). Kept as one value of 64 hex digits:
/// 16 naming the folder, then 48 of the files' hash, so that a folder's earlier fingerprint is found by its prefix.
/// </summary>
public readonly record struct DeploymentSource(string Folder, string FilesHash)
{
    internal string FolderPrefix => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Folder)))[..16];

    internal string Fingerprint => FolderPrefix + FilesHash[..48];
}

/// <summary>
/// Validates and stores BPMN models and forms. A model whose content differs from its latest version becomes version
/// n+1; identical content returns the existing version. Every problem of every resource is reported at once and nothing
/// of a rejected deployment is stored.
/// </summary>
public sealed class DeploymentService(EngineDatabase database, DefinitionCache cache, IKeyGenerator keys, TimeProvider clock,
    ProcessRuntime? runtime = null, IEnumerable<IDeploymentListener>? listeners = null, ITemplateSyntax? templateSyntax = null)
{
    private readonly IDeploymentListener[] _listeners = [.. listeners ?? []];

    public const string DefaultTenant = "<default>";
    public const int MaxResourceBytes = 5 * 1024 * 1024;

    public Task<DeploymentResult> DeployAsync(IReadOnlyList<DeploymentResource> resources, string tenantId, string deployedBy,
        CancellationToken cancellationToken = default) =>
        DeployAsync(resources, tenantId, deployedBy, UnchangedMeans.SameAsLatestVersion, source: null, cancellationToken);

    /// <summary>
    /// Deploys; <paramref name="unchanged"/> says when a resource keeps its version instead of becoming a new one.
    /// <paramref name="source"/> (a deployment from a folder at start-up) becomes the folder's current fingerprint, which
    /// <see cref="IsCurrentSourceAsync"/> finds.
    /// </summary>
    public async Task<DeploymentResult> DeployAsync(IReadOnlyList<DeploymentResource> resources, string tenantId, string deployedBy,
        UnchangedMeans unchanged, DeploymentSource? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var problems = new List<DeploymentProblem>();
        if (resources.Count == 0)
        {
            throw new DeploymentRejectedException([new DeploymentProblem("", null, "The deployment contains no resources.")]);
        }

        var models = new List<(DeploymentResource Resource, string Xml, ProcessModel Model)>();
        var forms = new List<(DeploymentResource Resource, string FormId, string Schema)>();
        var templates = new List<(DeploymentResource Resource, string TemplateId, string Content)>();
        var decisions = new List<DmnResource>();
        var warnings = new List<DeploymentWarning>();
        foreach (var resource in resources)
        {
            if (Read(resource, forms, templates, decisions, problems, cache.Feel) is { } xml)
            {
                // Identical uploads at the same time (or again) share one parse.
                ReadModel(resource, xml, await cache.Models.ParseAsync(xml, cancellationToken), models, problems, warnings);
            }
        }

        DuplicateIds(models.Select(m => (m.Resource.Name, m.Model.Id)), "process", problems);
        DuplicateIds(forms.Select(f => (f.Resource.Name, f.FormId)), "form", problems);
        CheckForms(models, forms, problems);
        DuplicateIds(templates.Select(t => (t.Resource.Name, t.TemplateId)), "template", problems);
        DocumentTemplates.CheckSyntax(templateSyntax, templates, problems);
        DecisionDeployment.CheckIds(decisions, problems);
        DecisionDeployment.CheckReferences(models.Select(m => (m.Resource.Name, m.Model)), decisions, problems);
        if (problems.Count > 0)
        {
            throw new DeploymentRejectedException(problems);
        }

        // A concurrent deployment may take the same version number (or replace the same start timers): read the versions again.
        var result = await Retry.ExecuteAsync("The deployment", () => StoreAsync(models, forms, templates, decisions, tenantId, deployedBy, unchanged, source, warnings, cancellationToken))
            with
        { Warnings = warnings };
        foreach (var listener in _listeners)
        {
            listener.OnDeployed(result);
        }

        return result;
    }

    private static readonly ConflictRetry Retry = new();

    /// <summary>
    /// Whether the files of <paramref name="source"/> are as they were at the folder's last deployment by
    /// <paramref name="deployedBy"/>. A restart asks this first: one plain query instead of parsing every model and
    /// comparing each resource with its versions (the larger part of a restart's CPU time before).
    /// </summary>
    public async Task<bool> IsCurrentSourceAsync(string tenantId, string deployedBy, DeploymentSource source,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var query = database.Dialect.Command(connection,
            """SELECT 1 FROM deployments WHERE "TenantId" = $1 AND "CreatedBy" = $2 AND "SourceFingerprint" = $3 LIMIT 1""",
            tenantId, deployedBy, source.Fingerprint);
        return await query.ExecuteScalarAsync(cancellationToken) is not null;
    }

    /// <summary>
    /// Checks one resource as a deployment would, without a database: the problems that would reject it and the
    /// warnings it would carry. Whether linked forms are deployed is not checked here (a deployment only warns about it).
    /// </summary>
    public static ResourceCheck Check(BpmnParser parser, DeploymentResource resource)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(resource);
        var problems = new List<DeploymentProblem>();
        var warnings = new List<DeploymentWarning>();
        if (Read(resource, [], [], [], problems, parser.Feel) is { } xml)
        {
            ReadModel(resource, xml, parser.Parse(xml), [], problems, warnings);
        }

        return new ResourceCheck(problems, warnings);
    }

    /// <summary>
    /// Checks a resource's name and size and reads a form; returns a model's text, to be parsed, and null for anything
    /// else (a form, or a resource with a problem).
    /// </summary>
    private static string? Read(DeploymentResource resource, List<(DeploymentResource, string, string)> forms,
        List<(DeploymentResource, string, string)> templates, List<DmnResource> decisions, List<DeploymentProblem> problems,
        FeelEngine feel)
    {
        if (ResourceNames.Problem(resource.Name) is { } nameProblem)
        {
            problems.Add(new DeploymentProblem(ResourceNames.Shorten(resource.Name), null, nameProblem));
            return null;
        }

        if (resource.Content.Length > MaxResourceBytes)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, $"The resource is larger than {MaxResourceBytes / 1024 / 1024} MB."));
        }
        else if (IsBpmn(resource.Name))
        {
            return Decode(resource, problems);
        }
        else if (DecisionDeployment.IsDmn(resource.Name))
        {
            DecisionDeployment.Read(resource, feel, decisions, problems);
        }
        else if (resource.Name.EndsWith(".form", StringComparison.OrdinalIgnoreCase))
        {
            ReadForm(resource, forms, problems);
        }
        else if (DocumentTask.TemplateIdOf(resource.Name) is { } templateId)
        {
            DocumentTemplates.Read(resource, templateId, templates, problems);
        }
        else
        {
            problems.Add(new DeploymentProblem(resource.Name, null, "Only BPMN models (.bpmn), DMN decisions (.dmn), forms (.form) and Scriban templates (.scriban) can be deployed."));
        }

        return null;
    }

    /// <summary>
    /// A new version takes over the timer start events of its process: the earlier versions' start timers are deleted
    /// and the new version's written, in the deployment's transaction (as Camunda 8 does).
    /// </summary>
    private async Task<IReadOnlyList<TimerScheduled>> ReplaceStartTimersAsync(EngineDbContext context, List<DeployedProcess> newModels,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = new List<TimerScheduled>();
        if (runtime is null)
        {
            return written;
        }

        var problems = new List<DeploymentProblem>();
        foreach (var process in newModels)
        {
            var earlier = context.ProcessDefinitions.Where(d => d.TenantId == process.TenantId && d.ProcessId == process.ProcessId).Select(d => d.Key);
            context.Timers.RemoveRange(await context.Timers.Where(t => t.DefinitionKey != null && earlier.Contains(t.DefinitionKey.Value))
                .ToListAsync(cancellationToken));
            IReadOnlyList<StartTimerSchedule> schedules;
            try
            {
                schedules = runtime.StartTimersOf(process);
            }
            catch (EngineConflictException ex)
            {
                problems.Add(new DeploymentProblem(process.ProcessId, null, ex.Message));
                continue;
            }

            foreach (var schedule in schedules)
            {
                var timer = new TimerScheduled(keys.NextKey(), process.Key, schedule.ElementId, schedule.DueAt);
                written.Add(timer);
                context.Timers.Add(new TimerEntity
                {
                    Key = timer.TimerKey,
                    ProcessInstanceKey = 0,
                    ElementInstanceKey = process.Key,
                    ElementId = schedule.ElementId,
                    DueAt = schedule.DueAt,
                    TenantId = process.TenantId,
                    CreatedAt = now,
                    DefinitionKey = process.Key,
                    Cycle = schedule.Cycle,
                    RemainingRepetitions = schedule.RemainingRepetitions,
                });
            }
        }

        if (problems.Count > 0)
        {
            throw new DeploymentRejectedException(problems);
        }

        return written;
    }

    /// <summary>
    /// A new version owns the webhook contexts its elements claim, and gives up those its predecessor claimed and it no
    /// longer does, in the deployment's transaction. A context belongs to one process per tenant: one that another
    /// process's latest version holds (or that two processes of this deployment claim) rejects the deployment, naming
    /// both; the key of <c>webhook_contexts</c> refuses the second of two deployments that race for one context.
    /// </summary>
    private static async Task ClaimWebhookContextsAsync(EngineDbContext context, List<DeployedProcess> newModels, string tenantId,
        CancellationToken cancellationToken)
    {
        var claims = newModels
            .SelectMany(p => p.Model.Nodes.Values.Where(n => n.Webhook is not null).Select(n => (Process: p, ElementId: n.Id, n.Webhook!.Context)))
            .ToList();
        var redeployed = newModels.Select(p => p.ProcessId).ToHashSet(StringComparer.Ordinal);
        var contexts = claims.Select(c => c.Context).Distinct(StringComparer.Ordinal).ToList();
        if (contexts.Count == 0 && !await context.WebhookContexts.AnyAsync(w => w.TenantId == tenantId && redeployed.Contains(w.ProcessId), cancellationToken))
        {
            return;
        }

        var problems = new List<DeploymentProblem>();
        foreach (var group in claims.GroupBy(c => c.Context, StringComparer.Ordinal).Where(g => g.Select(c => c.Process.ProcessId).Distinct().Count() > 1))
        {
            var owners = group.Select(c => $"process '{c.Process.ProcessId}' (element '{c.ElementId}')");
            problems.Add(new DeploymentProblem(group.First().Process.ProcessId, group.First().ElementId,
                $"The webhook context '{group.Key}' is claimed by more than one process of this deployment: {string.Join(" and ", owners)}. "
                + "A context belongs to one process; give each webhook an inbound.context of its own."));
        }

        var existing = await context.WebhookContexts
            .Where(w => w.TenantId == tenantId && (contexts.Contains(w.Context) || redeployed.Contains(w.ProcessId)))
            .ToListAsync(cancellationToken);
        foreach (var (process, elementId, claimed) in claims)
        {
            // A process redeployed here without the context gives it up in this same deployment.
            if (existing.FirstOrDefault(w => w.Context == claimed) is { } held && held.ProcessId != process.ProcessId && !redeployed.Contains(held.ProcessId))
            {
                problems.Add(new DeploymentProblem(process.ProcessId, elementId,
                    $"The webhook context '{claimed}' of process '{process.ProcessId}' (element '{elementId}') belongs to process '{held.ProcessId}' "
                    + $"(element '{held.ElementId}'). A context belongs to one process; choose another inbound.context, "
                    + $"or first deploy a version of '{held.ProcessId}' without it."));
            }
        }

        if (problems.Count > 0)
        {
            throw new DeploymentRejectedException(problems);
        }

        foreach (var row in existing)
        {
            // Conflicts were refused above: a claimed context is the claiming process's own, or its holder gives it up here.
            var claim = claims.FirstOrDefault(c => c.Context == row.Context);
            if (claim.Process is not null)
            {
                row.ProcessId = claim.Process.ProcessId;
                row.DefinitionKey = claim.Process.Key;
                row.ElementId = claim.ElementId;
            }
            else if (redeployed.Contains(row.ProcessId))
            {
                context.WebhookContexts.Remove(row);
            }
        }

        foreach (var (process, elementId, claimed) in claims.Where(c => !existing.Any(w => w.Context == c.Context)))
        {
            context.WebhookContexts.Add(new WebhookContextEntity
            {
                TenantId = tenantId,
                Context = claimed,
                ProcessId = process.ProcessId,
                DefinitionKey = process.Key,
                ElementId = elementId,
            });
        }
    }

    private async Task<DeploymentResult> StoreAsync(
        List<(DeploymentResource Resource, string Xml, ProcessModel Model)> models,
        List<(DeploymentResource Resource, string FormId, string Schema)> forms,
        List<(DeploymentResource Resource, string TemplateId, string Content)> templates,
        List<DmnResource> decisions,
        string tenantId, string deployedBy, UnchangedMeans unchanged, DeploymentSource? source, List<DeploymentWarning> warnings,
        CancellationToken cancellationToken)
    {
        await using var context = database.CreateContext();
        var problems = new List<DeploymentProblem>();
        await CheckFormReferencesAsync(context, models, forms, tenantId, problems, warnings, cancellationToken);
        await DocumentTemplates.CheckReferencesAsync(context, models.Select(m => (m.Resource.Name, m.Model)), templates.Select(t => t.TemplateId),
            tenantId, problems, cancellationToken);
        if (problems.Count > 0)
        {
            throw new DeploymentRejectedException(problems);
        }

        var now = clock.GetUtcNow();
        if (source is { } folder)
        {
            // A folder keeps one fingerprint, its current one: files put back as they were before are then deployed again.
            // Dropped before this deployment is stored: should storing fail, the next start only deploys the folder again.
            await context.Deployments.Where(d => d.TenantId == tenantId && d.CreatedBy == deployedBy
                    && d.SourceFingerprint != null && d.SourceFingerprint.StartsWith(folder.FolderPrefix))
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.SourceFingerprint, (string?)null), cancellationToken);
        }

        var deployment = new DeploymentEntity { Key = keys.NextKey(), TenantId = tenantId, CreatedAt = now, CreatedBy = deployedBy, SourceFingerprint = source?.Fingerprint };
        context.Deployments.Add(deployment);

        var deployedProcesses = new List<DeployedProcessDefinition>();
        var newModels = new List<DeployedProcess>();
        foreach (var (resource, xml, model) in models)
        {
            var checksum = Checksum(resource.Content);
            var latest = await context.ProcessDefinitions.AsNoTracking()
                .Where(d => d.TenantId == tenantId && d.ProcessId == model.Id)
                .OrderByDescending(d => d.Version)
                .FirstOrDefaultAsync(cancellationToken);
            var kept = latest?.Checksum == checksum ? latest : null;
            if (kept is null && unchanged == UnchangedMeans.SameAsLastFromThisSource)
            {
                var fromSource = await context.ProcessDefinitions.AsNoTracking()
                    .Where(d => d.TenantId == tenantId && d.ProcessId == model.Id
                                && context.Deployments.Any(x => x.Key == d.DeploymentKey && x.CreatedBy == deployedBy))
                    .OrderByDescending(d => d.Version)
                    .FirstOrDefaultAsync(cancellationToken);
                kept = fromSource?.Checksum == checksum ? fromSource : null;
            }

            if (kept is not null)
            {
                deployedProcesses.Add(new(kept.Key, kept.ProcessId, kept.Version, kept.Name, kept.ResourceName, tenantId, false));
                continue;
            }

            var entity = new ProcessDefinitionEntity
            {
                Key = keys.NextKey(),
                ProcessId = model.Id,
                Version = (latest?.Version ?? 0) + 1,
                TenantId = tenantId,
                Name = model.Name,
                ResourceName = resource.Name,
                Xml = xml,
                Checksum = checksum,
                DeploymentKey = deployment.Key,
                CreatedAt = now,
            };
            context.ProcessDefinitions.Add(entity);
            deployedProcesses.Add(new(entity.Key, entity.ProcessId, entity.Version, entity.Name, entity.ResourceName, tenantId, true));
            newModels.Add(new DeployedProcess(entity.Key, entity.ProcessId, entity.Version, tenantId, model));
        }

        await ClaimWebhookContextsAsync(context, newModels, tenantId, cancellationToken);
        var startTimers = await ReplaceStartTimersAsync(context, newModels, now, cancellationToken);

        var deployedForms = new List<DeployedForm>();
        foreach (var (resource, formId, schema) in forms)
        {
            var checksum = Checksum(resource.Content);
            var latest = await context.Forms.AsNoTracking()
                .Where(f => f.TenantId == tenantId && f.FormId == formId)
                .OrderByDescending(f => f.Version)
                .FirstOrDefaultAsync(cancellationToken);
            var kept = latest?.Checksum == checksum ? latest : null;
            if (kept is null && unchanged == UnchangedMeans.SameAsLastFromThisSource)
            {
                var fromSource = await context.Forms.AsNoTracking()
                    .Where(f => f.TenantId == tenantId && f.FormId == formId
                                && context.Deployments.Any(x => x.Key == f.DeploymentKey && x.CreatedBy == deployedBy))
                    .OrderByDescending(f => f.Version)
                    .FirstOrDefaultAsync(cancellationToken);
                kept = fromSource?.Checksum == checksum ? fromSource : null;
            }

            if (kept is not null)
            {
                deployedForms.Add(new(kept.Key, kept.FormId, kept.Version, kept.ResourceName, tenantId, false));
                continue;
            }

            var entity = new FormEntity
            {
                Key = keys.NextKey(),
                FormId = formId,
                Version = (latest?.Version ?? 0) + 1,
                TenantId = tenantId,
                ResourceName = resource.Name,
                Schema = schema,
                Checksum = checksum,
                DeploymentKey = deployment.Key,
                CreatedAt = now,
            };
            context.Forms.Add(entity);
            deployedForms.Add(new(entity.Key, entity.FormId, entity.Version, entity.ResourceName, tenantId, true));
        }

        var deployedTemplates = await DocumentTemplates.StoreAsync(context, templates, deployment, unchanged, keys, cancellationToken);
        var (graphs, deployedDecisions) = await DecisionDeployment.StoreAsync(context, decisions, deployment, unchanged, keys, cancellationToken);
        await context.SaveChangesAsync(cancellationToken);
        foreach (var process in newModels)
        {
            cache.Add(process);
        }

        return new DeploymentResult(deployment.Key, tenantId, deployedProcesses, deployedForms)
        {
            StartTimers = startTimers,
            Templates = deployedTemplates,
            DecisionRequirements = graphs,
            Decisions = deployedDecisions,
        };
    }

    /// <summary>
    /// Submitted form data is checked on the server as form-js checks it in the browser, so a form that form-js could
    /// not open, or that the server could not check the same way, is refused: deployed forms and forms embedded in a
    /// process alike. Each problem names the field.
    /// </summary>
    private void CheckForms(List<(DeploymentResource Resource, string Xml, ProcessModel Model)> models,
        List<(DeploymentResource Resource, string FormId, string Schema)> forms, List<DeploymentProblem> problems)
    {
        var feel = cache.Feel;
        foreach (var (resource, formId, schema) in forms)
        {
            foreach (var problem in FormSchema.Parse(schema, feel).Problems)
            {
                problems.Add(new DeploymentProblem(resource.Name, problem.FieldId ?? formId, $"Form '{formId}': {problem}"));
            }
        }

        foreach (var (resource, _, model) in models)
        {
            foreach (var (key, schema) in model.EmbeddedForms)
            {
                foreach (var problem in FormSchema.Parse(schema, feel).Problems)
                {
                    problems.Add(new DeploymentProblem(resource.Name, model.Id, $"Embedded form '{key}': {problem}"));
                }
            }
        }
    }

    /// <summary>
    /// Linked forms are resolved when a task is created (as in Camunda 8) and when a process starts with its start
    /// form, so a form that is not deployed yet is only a warning here. A deployment binding names the form deployed
    /// together with the process: that one must be here.
    /// </summary>
    private static async Task CheckFormReferencesAsync(EngineDbContext context,
        List<(DeploymentResource Resource, string Xml, ProcessModel Model)> models,
        List<(DeploymentResource Resource, string FormId, string Schema)> forms,
        string tenantId, List<DeploymentProblem> problems, List<DeploymentWarning> warnings, CancellationToken cancellationToken)
    {
        var inDeployment = forms.ToLookup(f => f.FormId, f => f.Schema, StringComparer.Ordinal);
        foreach (var (resource, _, model) in models)
        {
            var linked = model.Nodes.Values.OfType<UserTask>().Select(t => (t.Id, What: "user task", When: "when the task is created", t.Form))
                .Concat(model.Nodes.Values.OfType<StartEvent>().Select(s => (s.Id, What: "start event", When: "when the process starts", s.Form)));
            foreach (var (elementId, what, when, reference) in linked)
            {
                if (reference is not { FormId: { } formId } form)
                {
                    continue;
                }

                switch (form.Binding)
                {
                    case BindingType.Deployment:
                        if (!inDeployment.Contains(formId))
                        {
                            problems.Add(new DeploymentProblem(resource.Name, elementId,
                                $"The {what} links the form '{formId}' with bindingType=\"deployment\", so the form must be part of this deployment."));
                        }

                        break;
                    case BindingType.VersionTag:
                        if (inDeployment[formId].Any(schema => FormCatalog.VersionTagOf(schema) == form.VersionTag))
                        {
                            break;
                        }

                        var schemas = await context.Forms.Where(f => f.TenantId == tenantId && f.FormId == formId).Select(f => f.Schema)
                            .ToListAsync(cancellationToken);
                        if (!schemas.Any(schema => FormCatalog.VersionTagOf(schema) == form.VersionTag))
                        {
                            warnings.Add(new DeploymentWarning(resource.Name, elementId,
                                $"The {what} links the form '{formId}' with the version tag '{form.VersionTag}', which is not deployed yet. "
                                + Later(what, when)));
                        }

                        break;
                    default:
                        if (!inDeployment.Contains(formId)
                            && !await context.Forms.AnyAsync(f => f.TenantId == tenantId && f.FormId == formId, cancellationToken))
                        {
                            warnings.Add(new DeploymentWarning(resource.Name, elementId,
                                $"The {what} links the form '{formId}', which is not deployed yet. " + Later(what, when)));
                        }

                        break;
                }
            }
        }
    }

    private static string Later(string what, string when) => what == "user task"
        ? $"It is looked up {when}; still missing then, the task gets an incident."
        : $"It is looked up {when}; still missing then, the start is refused.";

    /// <summary>The model's text; null (with the problem added) when it is not valid UTF-8.</summary>
    private static string? Decode(DeploymentResource resource, List<DeploymentProblem> problems)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(resource.Content).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, "The model is not valid UTF-8 text."));
            return null;
        }
    }

    private static void ReadModel(DeploymentResource resource, string xml, BpmnParseResult result, List<(DeploymentResource, string, ProcessModel)> models,
        List<DeploymentProblem> problems, List<DeploymentWarning> warnings)
    {
        foreach (var error in result.Errors)
        {
            problems.Add(new DeploymentProblem(resource.Name, error.ElementId, error.Message, error.Line, error.Column));
        }

        foreach (var warning in result.Warnings)
        {
            warnings.Add(new DeploymentWarning(resource.Name, warning.ElementId, warning.Message, warning.Line, warning.Column));
        }

        foreach (var model in result.Processes)
        {
            models.Add((resource, xml, model));
            try
            {
                ProcessProperties.RetentionDays(ProcessProperties.Read(xml, model.Id));
            }
            catch (FormatException ex)
            {
                problems.Add(new DeploymentProblem(resource.Name, model.Id, ex.Message));
            }
        }
    }

    private static void ReadForm(DeploymentResource resource, List<(DeploymentResource, string, string)> forms, List<DeploymentProblem> problems)
    {
        try
        {
            using var document = JsonDocument.Parse(resource.Content, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("id", out var id)
                || id.ValueKind != JsonValueKind.String
                || string.IsNullOrWhiteSpace(id.GetString()))
            {
                problems.Add(new DeploymentProblem(resource.Name, null, "The form has no \"id\"; form-js forms carry their id at the top level."));
                return;
            }

            if (!document.RootElement.TryGetProperty("components", out var components) || components.ValueKind != JsonValueKind.Array)
            {
                problems.Add(new DeploymentProblem(resource.Name, id.GetString(), "The form has no \"components\" list; is it a form-js form?"));
                return;
            }

            forms.Add((resource, id.GetString()!, Encoding.UTF8.GetString(resource.Content).TrimStart('\uFEFF')));
        }
        catch (JsonException ex)
        {
            problems.Add(new DeploymentProblem(resource.Name, null, $"The form is not valid JSON: {ex.Message}",
                ex.LineNumber is { } line ? (int)line + 1 : null, ex.BytePositionInLine is { } column ? (int)column + 1 : null));
        }
    }

    private static void DuplicateIds(IEnumerable<(string Resource, string Id)> ids, string what, List<DeploymentProblem> problems)
    {
        foreach (var group in ids.GroupBy(i => i.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new DeploymentProblem(group.First().Resource, group.Key,
                $"The {what} id '{group.Key}' occurs in more than one resource of this deployment ({string.Join(", ", group.Select(g => g.Resource))})."));
        }
    }

    private static bool IsBpmn(string name) =>
        name.EndsWith(".bpmn", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".bpmn20.xml", StringComparison.OrdinalIgnoreCase);

    private static string Checksum(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
