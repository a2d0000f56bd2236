using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Forms;
using ProzessEngine.Feel;

namespace ProzessEngine.Persistence.Forms;

/// <summary>
/// Checks what a person submits through a form on the server: the variables of a task's completion against the task's
/// form (opened with the variables the task sees), and the variables of a start against the start form of the none
/// start event (opened empty). What the form does not accept is a <see cref="FormValidationException"/> listing every
/// field; what it accepts comes back as the form submits it, without the values of hidden fields. A custom form key or
/// an external form is the application's to check.
/// </summary>
public sealed class FormSubmissions(EngineDatabase database, EngineQueries queries, DefinitionCache definitions, FormCatalog catalog,
    RuntimeServices services)
{
    private const int CachedSchemas = 256;

    private readonly ConcurrentDictionary<string, FormSchema> _schemas = new(StringComparer.Ordinal);
    private readonly FormValidator _validator = new(definitions.Feel);

    /// <summary>The variables a completion may write, as the task's form submits them.</summary>
    /// <exception cref="FormValidationException">The form refuses them.</exception>
    public async Task<IReadOnlyList<KeyValuePair<string, FeelValue>>> CheckCompletionAsync(UserTaskView task,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(variables);
        // A linked form's version is on the task; only a task without one may have a form embedded in its process.
        var embedded = task.FormKey is null ? await queries.GetEmbeddedFormKeyAsync(task.UserTaskKey, cancellationToken) : null;
        var form = await queries.GetUserTaskFormAsync(task, embedded, cancellationToken);
        if (form is null)
        {
            return variables;
        }

        var current = await queries.GetUserTaskVariableValuesAsync(task, cancellationToken);
        return Check(form, current, variables);
    }

    /// <summary>
    /// Checks a start's variables once the started version is known (<see cref="InstanceCommands.StartAsync"/>): against
    /// the start form of its none start event, when it has one the engine holds.
    /// </summary>
    public async Task<IReadOnlyList<KeyValuePair<string, FeelValue>>?> CheckStartAsync(DeployedProcess process,
        IReadOnlyList<KeyValuePair<string, FeelValue>>? variables, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (StartForm(process) is not { } reference)
        {
            return variables;
        }

        var form = await GetStartFormAsync(process, cancellationToken);
        if (form is null)
        {
            if (reference.FormId is { } formId)
            {
                throw new EngineConflictException(
                    $"The start form '{formId}' of process '{process.ProcessId}' is not deployed, so the start cannot be checked against it; deploy the form first.");
            }

            return variables;
        }

        return Check(form, new Dictionary<string, FeelValue>(StringComparer.Ordinal), variables ?? []);
    }

    /// <summary>The start form of the process's none start event, as the engine holds it; null for none, a custom or an external one.</summary>
    public async Task<FormView?> GetStartFormAsync(DeployedProcess process, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(process);
        switch (StartForm(process))
        {
            case { EmbeddedFormKey: { } key, EmbeddedSchema: { } schema }:
                return new FormView(null, key, process.Version, schema, process.TenantId);
            case { FormId: { } formId } linked:
                if (!catalog.TryResolve(process, linked, out var formKey))
                {
                    return null;
                }

                await using (var context = database.CreateContext())
                {
                    var versions = context.Forms.AsNoTracking().Where(f => f.TenantId == process.TenantId && f.FormId == formId);
                    var chosen = formKey is { } pinned ? versions.Where(f => f.Key == pinned) : versions.OrderByDescending(f => f.Version).Take(1);
                    return await chosen.Select(f => new FormView(f.Key, f.FormId, f.Version, f.Schema, f.TenantId)).FirstOrDefaultAsync(cancellationToken);
                }

            default:
                return null;
        }
    }

    private static FormReference? StartForm(DeployedProcess process) =>
        process.Model.NoneStartEvent?.Form;

    private IReadOnlyList<KeyValuePair<string, FeelValue>> Check(FormView form, IReadOnlyDictionary<string, FeelValue> current,
        IReadOnlyList<KeyValuePair<string, FeelValue>> variables)
    {
        var schema = Schema(form.Schema);
        if (schema.Problems.Count > 0)
        {
            // Deployments refuse such forms; one deployed before they did cannot be checked as the browser would.
            throw new EngineConflictException(
                $"The form '{form.FormId}' (version {form.Version}) cannot be checked: {string.Join(" ", schema.Problems)} Deploy a corrected version.");
        }

        var now = TimeZoneInfo.ConvertTime(services.Clock.GetUtcNow(), services.DefaultTimeZone);
        var result = _validator.Validate(schema, current, variables, DateOnly.FromDateTime(now.DateTime), services.DefaultTimeZone);
        return result.IsValid ? result.Variables : throw new FormValidationException(form.FormId, result.Errors);
    }

    private FormSchema Schema(string text)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (_schemas.TryGetValue(key, out var schema))
        {
            return schema;
        }

        if (_schemas.Count >= CachedSchemas)
        {
            _schemas.Clear();
        }

        return _schemas.GetOrAdd(key, FormSchema.Parse(text, definitions.Feel));
    }
}
