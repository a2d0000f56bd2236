using ProzessEngine.Core.State;

namespace ProzessEngine.Persistence.Stores;

/// <summary>Row states as stored and as the API shows them (Camunda 8's names).</summary>
public static class UserTaskStates
{
    public const string Created = "CREATED";
    public const string Completed = "COMPLETED";
    public const string Canceled = "CANCELED";
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
