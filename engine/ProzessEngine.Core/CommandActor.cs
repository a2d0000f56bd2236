namespace ProzessEngine.Core;

/// <summary>Who caused a command: a person, a system (API key) or the engine itself (timers, retries).</summary>
public sealed record CommandActor(string Id, CommandActorKind Kind)
{
    /// <summary>
    /// The absent person a deputy acts for (substitution, "Max für Erika"): the journal keeps both, and separation of
    /// duties counts both as having done the work.
    /// </summary>
    public string? OnBehalfOf { get; init; }

    public static CommandActor Engine { get; } = new("engine", CommandActorKind.Engine);

    public static CommandActor User(string id) => new(id, CommandActorKind.User);

    public static CommandActor System(string id) => new(id, CommandActorKind.System);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";

    /// <summary><c>user:max</c>, or <c>user:max for user:erika</c> when acting for someone.</summary>
    public string Describe() => OnBehalfOf is null ? ToString() : $"{this} for user:{OnBehalfOf}";

    /// <summary>The people a four-eyes rule counts as having done what this actor does: the actor and whom they act for.</summary>
    public IReadOnlyList<string> Persons => OnBehalfOf is null || OnBehalfOf == Id ? [Id] : [Id, OnBehalfOf];
}

public enum CommandActorKind
{
    Engine,
    User,
    System,
}
