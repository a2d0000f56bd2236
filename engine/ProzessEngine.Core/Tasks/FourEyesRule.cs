using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core.Tasks;

/// <summary>One completed user task of an instance: who completed it, and for whom (a deputy for an absent colleague).</summary>
public sealed record TaskCompletion(string ElementId, string CompletedBy, string? CompletedOnBehalfOf)
{
    public bool Involves(string person) => CompletedBy == person || CompletedOnBehalfOf == person;

    /// <summary>"max", or "max für erika" / "max for erika".</summary>
    public string Describe(bool german) =>
        CompletedOnBehalfOf is null ? CompletedBy : $"{CompletedBy} {(german ? "für" : "for")} {CompletedOnBehalfOf}";
}

/// <summary>What a person is about to do with a task that a four-eyes rule guards.</summary>
public enum FourEyesAction
{
    Claim,
    Complete,
}

/// <summary>
/// Separation of duties (prozessengine:fourEyes): nobody completes a task who completed, or for whom someone completed,
/// one of the tasks it names, in the same process instance: any completed instance of them, so multi-instance tasks and
/// loops count every round. A deputy's work counts for both the deputy and the absent colleague.
/// </summary>
public static class FourEyesRule
{
    /// <summary>The first completion that forbids <paramref name="persons"/> to work on <paramref name="task"/>, or null.</summary>
    public static TaskCompletion? Conflict(UserTask task, IReadOnlyCollection<string> persons, IEnumerable<TaskCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(persons);
        ArgumentNullException.ThrowIfNull(completions);
        if (task.FourEyes.IsEmpty)
        {
            return null;
        }

        return completions.FirstOrDefault(c => task.FourEyes.Contains(c.ElementId) && persons.Any(c.Involves));
    }

    /// <summary>Throws <see cref="FourEyesViolationException"/> when the rule forbids it.</summary>
    public static void Require(ProcessModel process, UserTask task, FourEyesAction action, IReadOnlyCollection<string> persons,
        IEnumerable<TaskCompletion> completions)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (Conflict(task, persons, completions) is not { } conflict)
        {
            return;
        }

        var person = persons.First(conflict.Involves);
        var earlier = process.Nodes.TryGetValue(conflict.ElementId, out var node) ? node.DisplayName : conflict.ElementId;
        throw new FourEyesViolationException(task.Id, conflict.ElementId, person, action,
            $"Vier-Augen-Prinzip: {person} darf „{task.DisplayName}“ nicht {(action == FourEyesAction.Claim ? "übernehmen" : "abschließen")}, "
                + $"weil „{earlier}“ in diesem Vorgang von {conflict.Describe(german: true)} abgeschlossen wurde. Eine andere Person muss diese Aufgabe bearbeiten.",
            $"Four-eyes principle: {person} may not {(action == FourEyesAction.Claim ? "claim" : "complete")} '{task.DisplayName}' because "
                + $"'{earlier}' of this case was completed by {conflict.Describe(german: false)}. Someone else must work on this task.");
    }
}

/// <summary>A four-eyes rule forbids the action (maps to HTTP 403 with the reason in German or English).</summary>
public sealed class FourEyesViolationException(string elementId, string earlierElementId, string person, FourEyesAction action, string germanMessage,
    string englishMessage) : Exception(englishMessage)
{
    public string ElementId { get; } = elementId;
    public string EarlierElementId { get; } = earlierElementId;
    public string Person { get; } = person;
    public FourEyesAction Action { get; } = action;
    public string GermanMessage { get; } = germanMessage;
}
