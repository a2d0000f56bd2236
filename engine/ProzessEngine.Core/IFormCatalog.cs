using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core;

/// <summary>
/// The deployed forms, as far as a user task needs them when it is created: a linked form (zeebe:formDefinition formId)
/// is resolved then, as in Camunda 8, so a process may be deployed before its form. Answers come from what the host
/// already knows wherever it can; the runtime asks only when it creates a task with a linked form.
/// </summary>
public interface IFormCatalog
{
    /// <summary>
    /// Whether a version of <paramref name="form"/>'s form fits its binding for <paramref name="process"/>.
    /// <paramref name="formKey"/> is the version's key when the binding pins one (deployment, versionTag); null means
    /// the latest version, which is bound when the task is written.
    /// </summary>
    bool TryResolve(DeployedProcess process, FormReference form, out long? formKey);
}
