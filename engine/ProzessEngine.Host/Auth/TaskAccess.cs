using ProzessEngine.Core;
using ProzessEngine.Host.Setup;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Auth;

/// <summary>
/// The caller as the task endpoints see them: their own groups, and the absent colleagues they stand in for while a
/// substitution runs (whose tasks and group tasks they see, claim and complete, in the colleague's name).
/// </summary>
public sealed record TaskActor(Caller Caller, IReadOnlyList<Deputyship> Deputyships)
{
    /// <summary>Operators and administrators see every task of their tenants; everyone else their own, their groups' and those they stand in for.</summary>
    public TaskVisibility Visibility => Deputyships.Count == 0
        ? Caller.TaskVisibility
        : Caller.TaskVisibility with
        {
            Groups = [.. Caller.Groups.Concat(Deputyships.SelectMany(d => d.Groups)).Distinct(StringComparer.Ordinal)],
            RepresentedUsers = [.. Deputyships.Select(d => d.AbsentUserId)],
        };

    /// <summary>Whether the caller stands in for <paramref name="userId"/> right now.</summary>
    public bool StandsInFor(string? userId) => userId is not null && Deputyships.Any(d => d.AbsentUserId == userId);

    /// <summary>
    /// Whom the caller acts for on this task: the absent holder of the task, or the absent colleague through whose
    /// groups or name alone the caller sees it; null when the caller may act on it on their own account.
    /// </summary>
    public string? OnBehalfOf(UserTaskView task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (Deputyships.Count == 0 || task.Assignee == Caller.Id)
        {
            return null;
        }

        if (StandsInFor(task.Assignee))
        {
            return task.Assignee;
        }

        var own = Caller.TaskVisibility.SeesAll || task.CandidateUsers.Contains(Caller.Id) || task.CandidateGroups.Any(Caller.Groups.Contains);
        return own
            ? null
            : Deputyships.FirstOrDefault(d => task.CandidateUsers.Contains(d.AbsentUserId) || task.CandidateGroups.Any(d.Groups.Contains))?.AbsentUserId;
    }

    /// <summary>The actor of a command on the task: the caller, in the name of whom they stand in for where that is why they may.</summary>
    public CommandActor ActorFor(UserTaskView task) => OnBehalfOf(task) is { } absent ? Caller.Actor with { OnBehalfOf = absent } : Caller.Actor;
}

/// <summary>Finds the substitutions a request's caller stands in for (once per request).</summary>
public sealed class TaskAccess(Substitutions substitutions)
{
    private static readonly object Key = new();

    public async Task<TaskActor> ActorAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(Key, out var known) && known is TaskActor cached)
        {
            return cached;
        }

        var caller = context.Caller();
        // Systems (API keys) have no substitutes and stand in for nobody.
        var actor = new TaskActor(caller, caller.IsSystem ? [] : await substitutions.RunningForDeputyAsync(caller.TenantIds, caller.Id, cancellationToken));
        context.Items[Key] = actor;
        return actor;
    }
}
