using ProzessEngine.Feel;

namespace ProzessEngine.Core.Tests;

/// <summary>Sets approved = amount >= 50, like the peer benchmark's "decide" service.</summary>
internal sealed class DecideHandler : IInlineJobHandler
{
    public string JobType => "decide";

    public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context)
    {
        var approved = context.Variables.TryGetValue("amount", out var amount) && amount.TryGetDecimal(out var value) && value >= 50;
        return [new("approved", FeelValue.FromBoolean(approved))];
    }
}

internal sealed class WorkHandler : IInlineJobHandler
{
    public string JobType => "work";

    public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context) => null;
}

internal sealed class FailingHandler : IInlineJobHandler
{
    public string JobType => "explode";

    public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context) =>
        throw new InvalidOperationException("the mail server refused the message");
}
