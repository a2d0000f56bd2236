using System.Data.Common;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core;
using ProzessEngine.Core.Tasks;
using ProzessEngine.Persistence.Stores;

namespace ProzessEngine.Persistence;

/// <summary>
/// Separation of duties (prozessengine:fourEyes) where tasks are claimed and completed: the rule is Core's
/// <see cref="FourEyesRule"/>; this reads the instance's completions for it in the command's own attempt, after the
/// instance row, so that a completion committed in between makes the write stale and the attempt is repeated.
/// </summary>
public sealed partial class InstanceCommands
{
    /// <summary>Claiming for oneself counts the claimer and whom they act for; assigning to someone else counts that person.</summary>
    private static IReadOnlyList<string> ClaimingPersons(string assignee, CommandActor actor) =>
        assignee == actor.Id ? actor.Persons : [assignee];

    /// <summary>
    /// Checks ahead of a completion whether a four-eyes rule forbids <paramref name="actor"/> to complete the task
    /// (<see cref="FourEyesViolationException"/>), so that a person who may not complete hears that before anything
    /// about the data they submit. The command checks again in its own attempt; this only answers earlier.
    /// </summary>
    public async Task RequireMayCompleteAsync(UserTaskView task, CommandActor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(actor);
        var process = await _runner.Definitions.GetAsync(task.ProcessDefinitionKey, cancellationToken);
        if (process.Model.Nodes.GetValueOrDefault(task.ElementId) is not UserTask { FourEyes.IsEmpty: false } guarded)
        {
            return;
        }

        var completions = await _runner.ReadAsync(connection => TaskCompletions.OfInstanceAsync(Sql, connection, task.ProcessInstanceKey, cancellationToken),
            cancellationToken);
        FourEyesRule.Require(process.Model, guarded, FourEyesAction.Complete, actor.Persons, completions);
    }

    private async Task RequireFourEyesAsync(DbConnection connection, InstanceRow row, string elementId, FourEyesAction action,
        IReadOnlyList<string> persons, CancellationToken cancellationToken)
    {
        var process = await _runner.Definitions.GetAsync(row.DefinitionKey, cancellationToken);
        if (process.Model.Nodes.GetValueOrDefault(elementId) is not UserTask { FourEyes.IsEmpty: false } task)
        {
            return;
        }

        var completions = await TaskCompletions.OfInstanceAsync(Sql, connection, row.Key, cancellationToken);
        FourEyesRule.Require(process.Model, task, action, persons, completions);
    }
}
