using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Routing;

/// <summary>The version of the called process a call activity starts, or why it cannot start one.</summary>
public sealed record CalledProcess(DeployedProcess? Process, string? Problem);

/// <summary>The rules between a call activity and its child, written once for the database path and the in-memory reference.</summary>
public static class CallActivityRouting
{
    /// <summary>
    /// Which version a call activity starts, by its binding: the newest (latest), the newest with the version tag, or the
    /// newest deployed together with the caller (deployment). <paramref name="newestFirst"/> are the deployed versions of
    /// the called process id, newest first; for the deployment binding only those of the caller's deployment. A process
    /// without a none start event cannot be called.
    /// </summary>
    public static CalledProcess Resolve(ChildInstanceRequested request, IEnumerable<DeployedProcess> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(newestFirst);
        var called = newestFirst.FirstOrDefault(p => p.ProcessId == request.CalledProcessId
            && (request.Binding != CallBinding.VersionTag || p.Model.VersionTag == request.VersionTag));
        if (called is null)
        {
            var binding = request.Binding switch
            {
                CallBinding.Deployment => " in the deployment of the calling process",
                CallBinding.VersionTag => $" with version tag '{request.VersionTag}'",
                _ => "",
            };
            return new CalledProcess(null, $"No process '{request.CalledProcessId}' is deployed{binding}.");
        }

        return ProcessRuntime.CanBeCalled(called)
            ? new CalledProcess(called, null)
            : new CalledProcess(null, $"Process '{request.CalledProcessId}' has no none start event and cannot be called.");
    }

    /// <summary>
    /// Whether the call activity still waits for the child it asked for. A child starts only then: a caller cancelled, or
    /// moved on past its call activity, before the child started had no child to cancel, and a child started after that
    /// would run on alone (a process that calls itself, for ever).
    /// </summary>
    public static bool ParentWaitsFor(ProcessInstanceState parent, ChildInstanceRequested request)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(request);
        return parent.Status == InstanceStatus.Active
            && parent.FindElement(request.ElementInstanceKey) is { State: ElementState.Waiting } call
            && call.ChildInstanceKey == request.ChildInstanceKey;
    }

    /// <summary>Starts the child under the key the call activity chose, so that a repeated start cannot make a second child.</summary>
    public static ExecutionResult StartChild(ProcessRuntime runtime, DeployedProcess called, ChildInstanceRequested request)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return runtime.StartChildInstance(called, request, CommandActor.Engine);
    }

    /// <summary>The child could not be started: an incident on the call activity of the waiting parent.</summary>
    public static ExecutionResult? FailCall(ProcessRuntime runtime, DeployedProcess parentProcess, ProcessInstanceState parent,
        ChildInstanceRequested request, string problem)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(request);
        return parent.Status == InstanceStatus.Active
            ? runtime.FailCallActivity(parentProcess, parent, request.ElementInstanceKey, problem, CommandActor.Engine)
            : null;
    }
}

/// <summary>What one side of a call activity asks of the other once its own command is done.</summary>
public enum ParentChildWorkKind
{
    /// <summary>The child completed: the call activity continues with the child's variables.</summary>
    ChildCompleted,

    /// <summary>The child ended with an error it does not catch: thrown at the call activity.</summary>
    ChildError,

    /// <summary>The child escalated without catching it: thrown at the call activity.</summary>
    ChildEscalation,

    /// <summary>The call activity ended before its child: the child is cancelled.</summary>
    CancelChild,
}

/// <summary>
/// How a child answers its parent (completion, error, escalation) and how a parent cancels its child: made from the
/// intent of the one instance's command, carried out by a command on the other. An instance that has ended takes
/// nothing any more.
/// </summary>
public sealed record ParentChildWork(
    ParentChildWorkKind Kind,
    long TargetInstanceKey,
    long CallActivityInstanceKey,
    string? Code,
    string? ErrorMessage,
    IReadOnlyList<KeyValuePair<string, FeelValue>> Variables)
{
    /// <summary>The work an intent asks of the other instance; null for intents that concern no parent or child.</summary>
    public static ParentChildWork? From(EngineIntent intent) => intent switch
    {
        ChildInstanceCompleted completed => new(ParentChildWorkKind.ChildCompleted, completed.ParentInstanceKey, completed.CallActivityInstanceKey, null,
            null, completed.Variables),
        ErrorPropagatedToParent error => new(ParentChildWorkKind.ChildError, error.ParentInstanceKey, error.CallActivityInstanceKey, error.ErrorCode,
            error.ErrorMessage, error.Variables),
        EscalationPropagatedToParent escalation => new(ParentChildWorkKind.ChildEscalation, escalation.ParentInstanceKey,
            escalation.CallActivityInstanceKey, escalation.EscalationCode, null, escalation.Variables),
        ChildInstanceCancelRequested cancel => new(ParentChildWorkKind.CancelChild, cancel.ChildInstanceKey, cancel.ElementInstanceKey, null, null, []),
        _ => null,
    };

    /// <summary>Runs the work on its target instance; null when the target has ended (nothing to do).</summary>
    public ExecutionResult? ApplyTo(ProcessRuntime runtime, DeployedProcess process, ProcessInstanceState target)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(target);
        if (target.Status != InstanceStatus.Active)
        {
            return null;
        }

        return Kind switch
        {
            ParentChildWorkKind.ChildCompleted => runtime.CompleteCallActivity(process, target, CallActivityInstanceKey, Variables, CommandActor.Engine),
            ParentChildWorkKind.ChildError => runtime.ThrowErrorFromChild(process, target, CallActivityInstanceKey, Code!, ErrorMessage, Variables,
                CommandActor.Engine),
            ParentChildWorkKind.ChildEscalation => runtime.EscalateFromChild(process, target, CallActivityInstanceKey, Code!, Variables, CommandActor.Engine),
            _ => runtime.Cancel(process, target, CommandActor.Engine),
        };
    }
}
