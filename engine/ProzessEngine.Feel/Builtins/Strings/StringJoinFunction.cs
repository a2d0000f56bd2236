using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class StringJoinFunction : BuiltinFunction
{
    public override string Name => "string join";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Join, "list"),
        Signature(Join, "list", "delimiter"),
        Signature(Join, "list", "delimiter", "prefix", "suffix"),
    ];

    private static FeelValue Join(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !call.OptionalString(1, out var delimiter))
        {
            return FeelValue.Null;
        }

        string? prefix = null;
        string? suffix = null;
        if (call.Count > 2 && (!call.OptionalString(2, out prefix) || !call.OptionalString(3, out suffix)))
        {
            return FeelValue.Null;
        }

        var builder = new System.Text.StringBuilder(prefix);
        var first = true;
        foreach (var item in list.AsSpan())
        {
            if (item.IsNull)
            {
                continue;
            }

            if (item.Kind != FeelValueKind.String)
            {
                return call.Fail($"list items must be strings, found {FeelFormatter.Describe(item)}");
            }

            // Checked before appending: joining a list of many references to one long string stops before the
            // characters are copied.
            call.Evaluation.CheckStringLength((long)builder.Length + (first ? 0 : delimiter?.Length ?? 0) + item.StringValue.Length);
            if (!first)
            {
                builder.Append(delimiter);
            }

            first = false;
            builder.Append(item.StringValue);
        }

        call.Evaluation.CheckStringLength((long)builder.Length + (suffix?.Length ?? 0));
        builder.Append(suffix);
        return FeelValue.FromString(builder.ToString());
    }
}
