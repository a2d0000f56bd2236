using System.Collections.Concurrent;
using System.Text.Json;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;

namespace ProzessEngine.Persistence;

/// <summary>
/// Resolves a user task's linked form when the task is created. Form versions are never deleted, so what was found
/// once stays found: a form the node has seen costs no query; a form still missing is looked for again every time
/// (another node may have deployed it meanwhile). The runtime calls this synchronously while it runs a command, and
/// only for user tasks with a linked form.
/// </summary>
public sealed class FormCatalog(EngineDatabase database) : IFormCatalog
{
    private readonly ConcurrentDictionary<(string TenantId, string FormId), bool> _deployed = new();
    private readonly ConcurrentDictionary<(long DefinitionKey, string FormId), long> _byDeployment = new();

    public bool TryResolve(DeployedProcess process, FormReference form, out long? formKey)
    {
        ArgumentNullException.ThrowIfNull(process);
        ArgumentNullException.ThrowIfNull(form);
        formKey = null;
        if (form.FormId is not { } formId)
        {
            return true;
        }

        switch (form.Binding)
        {
            case BindingType.Deployment:
                if (!_byDeployment.TryGetValue((process.Key, formId), out var pinned))
                {
                    using var context = database.CreateContext();
                    var deployment = context.ProcessDefinitions.Where(d => d.Key == process.Key).Select(d => new { d.DeploymentKey, d.CreatedAt }).Single();
                    var versions = context.Forms.Where(f => f.TenantId == process.TenantId && f.FormId == formId);

                    // The form stored with the process's deployment; a form deployed unchanged keeps its earlier version
                    // (and deployment key), and then it is the latest version stored up to that deployment. Up to is
                    // judged by time: deployment keys made in one millisecond are in no order.
                    var found = versions.Where(f => f.DeploymentKey == deployment.DeploymentKey).Select(f => (long?)f.Key).FirstOrDefault()
                        ?? versions.Where(f => f.CreatedAt <= deployment.CreatedAt)
                            .OrderByDescending(f => f.Version).Select(f => (long?)f.Key).FirstOrDefault();
                    if (found is null)
                    {
                        return false;
                    }

                    pinned = _byDeployment.GetOrAdd((process.Key, formId), found.Value);
                }

                formKey = pinned;
                return true;
            case BindingType.VersionTag:
                {
                    // The tag lives in the form-js schema; a newer version may carry the same tag, so this is not cached.
                    using var context = database.CreateContext();
                    var versions = context.Forms.Where(f => f.TenantId == process.TenantId && f.FormId == formId)
                        .OrderByDescending(f => f.Version).Select(f => new { f.Key, f.Schema }).ToList();
                    formKey = versions.FirstOrDefault(v => VersionTagOf(v.Schema) == form.VersionTag)?.Key;
                    return formKey is not null;
                }

            default:
                if (_deployed.ContainsKey((process.TenantId, formId)))
                {
                    return true;
                }

                using (var context = database.CreateContext())
                {
                    if (!context.Forms.Any(f => f.TenantId == process.TenantId && f.FormId == formId))
                    {
                        return false;
                    }
                }

                _deployed.TryAdd((process.TenantId, formId), true);
                return true;
        }
    }

    /// <summary>The <c>versionTag</c> a form-js schema carries at its top level, or null.</summary>
    public static string? VersionTagOf(string schema)
    {
        try
        {
            using var document = JsonDocument.Parse(schema);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("versionTag", out var tag) && tag.ValueKind == JsonValueKind.String
                ? tag.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
