using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class UnionFunction : BuiltinFunction
{
    public override string Name => "union";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Union, VarArgs.Collect, "list"),
        Signature(Union, VarArgs.Collect, "lists"),
    ];

    private static FeelValue Union(BuiltinCall call)
    {
        if (!call.List(0, out var lists))
        {
            return FeelValue.Null;
        }

        var seen = new HashSet<FeelValue>();
        var result = new List<FeelValue>();
        foreach (var list in lists.AsSpan())
        {
            if (list.Kind != FeelValueKind.List)
            {
                return call.Fail($"arguments must be lists, found {FeelFormatter.Describe(list)}");
            }

            foreach (var item in list.List.AsSpan())
            {
                if (seen.Add(item))
                {
                    call.Evaluation.Step();
                    result.Add(item);
                    if (result.Count > call.Evaluation.Options.MaxListLength)
                    {
                        call.Evaluation.CheckList(result.Count, 0);
                    }
                }
            }
        }

        return FeelValue.FromOwnedArray([.. result]);
    }
}
