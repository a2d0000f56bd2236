using ProzessEngine.Feel;

namespace ProzessEngine.Core;

/// <summary>
/// A job type the engine completes within the command itself. Handlers must be pure (no I/O): whatever talks to
/// other systems runs as a job worker after commit.
/// </summary>
public interface IInlineJobHandler
{
    string JobType { get; }

    /// <summary>Returns the variables to merge into the instance; throwing raises an incident on the task.</summary>
    IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context);
}

public sealed record InlineJobContext(string JobType, string ElementId, IFeelVariables Variables, IReadOnlyList<KeyValuePair<string, string>> CustomHeaders);
