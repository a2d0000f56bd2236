namespace ProzessEngine.Core;

/// <summary>
/// Bounds on what one command and one instance may do, so that a model that runs away costs its instance an incident,
/// never the host. Configured as <c>Engine:Limits:*</c>; the defaults let legitimate work finish (docs/operations.md
/// explains each).
/// </summary>
public sealed record EngineLimits
{
    /// <summary>
    /// Element activations one command runs before it commits what it did and leaves the rest to a following command
    /// (a <c>continue-instance</c> outbox row). Keeps every transaction short and its journal entry small.
    /// </summary>
    public int MaxActivationsPerCommand { get; init; } = 1_000;

    /// <summary>
    /// Element activations an instance may run, across continuations, without coming to rest (every token waiting or
    /// ended). Beyond it the looping elements get an incident; resolving it allows as many again.
    /// </summary>
    public long MaxActivationsWithoutWait { get; init; } = 500_000;

    /// <summary>Items an input collection of a multi-instance activity may have; more is an incident on the activity.</summary>
    public int MaxMultiInstanceItems { get; init; } = 100_000;

    /// <summary>Element instances (tokens, scopes, multi-instance bodies) one instance may hold at the same time.</summary>
    public int MaxElementInstances { get; init; } = 150_000;

    /// <summary>Size of one variable as JSON; an element that writes a larger one gets an incident.</summary>
    public int MaxVariablesBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Bytes of variables (as JSON) one command writes before it commits and leaves the rest to a following command,
    /// which bounds the memory and journal entry of a command that writes large variables in a loop.
    /// </summary>
    public long MaxVariablesBytesPerCommand { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// How deep instances may start one another. A call activity's child is one deeper than its caller (a call stack),
    /// and an instance started by a message or signal that another instance threw, or triggered by one while it waits,
    /// is one deeper than the command that threw it; a command that no such chain triggered (an API call, a timer, a
    /// person) counts from zero. A call activity, or a message or signal throw event, that would go deeper gets an
    /// incident, so that a process that calls or signals itself stops instead of running without end.
    /// </summary>
    public int MaxCallDepth { get; init; } = 10;

    /// <summary>
    /// Receivers the signals thrown by one command may reach together (waiting signal events and signal start events).
    /// The throw event that would reach more gets an incident and broadcasts nothing; a broadcast through the API that
    /// would reach more is refused.
    /// </summary>
    public int MaxSignalDeliveriesPerCommand { get; init; } = 10_000;

    public static EngineLimits Default { get; } = new();

    /// <summary>Throws when a limit is not positive (a configuration mistake that would stop every instance).</summary>
    public EngineLimits Validate()
    {
        Require(MaxActivationsPerCommand, nameof(MaxActivationsPerCommand));
        Require(MaxActivationsWithoutWait, nameof(MaxActivationsWithoutWait));
        Require(MaxMultiInstanceItems, nameof(MaxMultiInstanceItems));
        Require(MaxElementInstances, nameof(MaxElementInstances));
        Require(MaxVariablesBytes, nameof(MaxVariablesBytes));
        Require(MaxVariablesBytesPerCommand, nameof(MaxVariablesBytesPerCommand));
        Require(MaxCallDepth, nameof(MaxCallDepth));
        Require(MaxSignalDeliveriesPerCommand, nameof(MaxSignalDeliveriesPerCommand));
        return this;

        static void Require(long value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, $"Engine:Limits:{name} must be positive.");
            }
        }
    }
}
