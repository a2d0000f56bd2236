using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core;

/// <summary>One deployed version of a process. Instances stay on the version they started with.</summary>
public sealed record DeployedProcess(long Key, string ProcessId, int Version, string TenantId, ProcessModel Model)
{
    public string? Name => Model.Name;
}
