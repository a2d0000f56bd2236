namespace ProzessEngine.Core;

/// <summary>Who caused a command: a person, a system (API key) or the engine itself (timers, retries).</summary>
public sealed record CommandActor(string Id, CommandActorKind Kind)
{
    public static CommandActor Engine { get; } = new("engine", CommandActorKind.Engine);

    public static CommandActor User(string id) => new(id, CommandActorKind.User);

    public static CommandActor System(string id) => new(id, CommandActorKind.System);

    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}:{Id}";
}

public enum CommandActorKind
{
    Engine,
    User,
    System,
}
