using ProzessEngine.Feel;

namespace ProzessEngine.Core;

/// <summary>What a worker decided, beyond variables, when it completes a job (Camunda 8's job result).</summary>
public abstract record JobResult
{
    /// <summary>The name of the result type as the API spells it (userTask, adHocSubProcess).</summary>
    public abstract string TypeName { get; }
}

/// <summary>
/// The result of a task listener job: deny the transition, or correct the task's attributes. A correction maps an
/// attribute (assignee, dueDate, followUpDate, candidateGroups, candidateUsers, priority) to its new value; a null
/// value clears the attribute (assignee and the dates), an empty list clears a candidate list.
/// </summary>
public sealed record UserTaskJobResult(bool Denied, string? DeniedReason, IReadOnlyList<KeyValuePair<string, FeelValue>> Corrections) : JobResult
{
    public override string TypeName => "userTask";
}

/// <summary>The result of the job of an ad-hoc sub-process: which inner elements to activate, and whether it is done.</summary>
public sealed record AdHocSubProcessJobResult(
    IReadOnlyList<AdHocActivation> ActivateElements,
    bool IsCompletionConditionFulfilled,
    bool IsCancelRemainingInstances) : JobResult
{
    public override string TypeName => "adHocSubProcess";
}

/// <summary>An inner element to activate, with variables that become local variables of the activated element.</summary>
public sealed record AdHocActivation(string ElementId, IReadOnlyList<KeyValuePair<string, FeelValue>>? Variables);

/// <summary>
/// A job completion whose result (or variables) does not fit the job: a user task result for a service task's job,
/// variables for a task listener, a denial of a creating listener. <see cref="Field"/> names the request field at fault
/// (maps to HTTP 400).
/// </summary>
public sealed class JobResultRejectedException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>The names of the user task attributes that requests change and task listeners correct (Camunda 8's names).</summary>
public static class UserTaskAttributes
{
    public const string Assignee = "assignee";
    public const string CandidateGroups = "candidateGroups";
    public const string CandidateUsers = "candidateUsers";
    public const string DueDate = "dueDate";
    public const string FollowUpDate = "followUpDate";
    public const string Priority = "priority";

    public static IReadOnlyList<string> All { get; } = [Assignee, CandidateGroups, CandidateUsers, DueDate, FollowUpDate, Priority];
}
