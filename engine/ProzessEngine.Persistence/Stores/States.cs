using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;

namespace ProzessEngine.Persistence.Stores;

/// <summary>Row states as stored and as the API shows them (Camunda 8's names).</summary>
public static class UserTaskStates
{
    public const string Created = "CREATED";
    public const string Completed = "COMPLETED";
    public const string Canceled = "CANCELED";

    // While task listeners hold up a transition (Camunda 8.8).
    public const string Creating = "CREATING";
    public const string Assigning = "ASSIGNING";
    public const string Updating = "UPDATING";
    public const string Completing = "COMPLETING";
    public const string Canceling = "CANCELING";

    public static string During(TaskListenerEventType eventType) => eventType switch
    {
        TaskListenerEventType.Creating => Creating,
        TaskListenerEventType.Assigning => Assigning,
        TaskListenerEventType.Updating => Updating,
        TaskListenerEventType.Completing => Completing,
        _ => Canceling,
    };
}

/// <summary>Camunda 8's job kinds as the API shows them.</summary>
public static class JobKinds
{
    public const string BpmnElement = "BPMN_ELEMENT";
    public const string ExecutionListener = "EXECUTION_LISTENER";
    public const string TaskListener = "TASK_LISTENER";
    public const string AdHocSubProcess = "AD_HOC_SUB_PROCESS";

    public static string From(JobKind kind) => kind switch
    {
        JobKind.ExecutionListener => ExecutionListener,
        JobKind.TaskListener => TaskListener,
        JobKind.AdHocSubProcess => AdHocSubProcess,
        _ => BpmnElement,
    };
}

public static class InstanceStatuses
{
    public const string Active = "ACTIVE";
    public const string Completed = "COMPLETED";
    public const string Terminated = "TERMINATED";

    public static string From(InstanceStatus status) => status switch
    {
        InstanceStatus.Active => Active,
        InstanceStatus.Completed => Completed,
        _ => Terminated,
    };
}

public static class IncidentStates
{
    public const string Active = "ACTIVE";
    public const string Resolved = "RESOLVED";
}

public static class JobStates
{
    public const string Created = "CREATED";
    public const string Activated = "ACTIVATED";
    public const string Failed = "FAILED";
}

public static class CandidateKinds
{
    public const string Group = "group";
    public const string User = "user";
}
