using ProzessEngine.Core;
using ProzessEngine.Feel;

namespace ProzessEngine.Testing.Conformance;

/// <summary>Job types the conformance models run inline: "noop" completes, "bpmn-error" throws the error named in its header "code".</summary>
public static class ConformanceHandlers
{
    public static IInlineJobHandler[] All { get; } = [new NoopHandler(), new BpmnErrorHandler(), new CountHandler()];

    private sealed class NoopHandler : IInlineJobHandler
    {
        public string JobType => "noop";

        public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context) => null;
    }

    private sealed class BpmnErrorHandler : IInlineJobHandler
    {
        public string JobType => "bpmn-error";

        public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context)
        {
            var code = context.CustomHeaders.FirstOrDefault(h => h.Key == "code").Value ?? "ERROR";
            throw new BpmnErrorException(code, "thrown by the inline handler", [new("thrownBy", FeelValue.FromString(context.ElementId))]);
        }
    }

    /// <summary>Increments the variable "count" (0 when missing): shows how often a task ran.</summary>
    private sealed class CountHandler : IInlineJobHandler
    {
        public string JobType => "count";

        public IReadOnlyList<KeyValuePair<string, FeelValue>>? Execute(InlineJobContext context)
        {
            var count = context.Variables.TryGetValue("count", out var value) && value.TryGetInt64(out var number) ? number : 0;
            return [new("count", FeelValue.FromNumber(count + 1))];
        }
    }
}
