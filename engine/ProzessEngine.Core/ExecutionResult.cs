using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core;

/// <summary>What one command did to one instance: the new state, the side effects it asks for and its journal events.</summary>
public sealed record ExecutionResult(
    ProcessInstanceState Instance,
    string Command,
    CommandActor Actor,
    DateTimeOffset At,
    IReadOnlyList<EngineIntent> Intents,
    IReadOnlyList<JournalEvent> Events);
