namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class CountFunction : BuiltinFunction
{
    public override string Name => "count";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Count, VarArgs.ListOrItems, "list")];

    private static FeelValue Count(BuiltinCall call) => call.List(0, out var list) ? FeelValue.FromNumber(list.Count) : FeelValue.Null;
}
