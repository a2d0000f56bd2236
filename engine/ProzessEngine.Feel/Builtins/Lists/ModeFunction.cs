using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ModeFunction : BuiltinFunction
{
    public override string Name => "mode";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Mode, VarArgs.ListOrItems, "list")];

    private static FeelValue Mode(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        var counts = new Dictionary<FeelNumber, int>();
        foreach (var number in numbers)
        {
            counts[number] = counts.GetValueOrDefault(number) + 1;
        }

        if (counts.Count == 0)
        {
            return FeelValue.EmptyList;
        }

        var highest = counts.Values.Max();
        var modes = counts.Where(pair => pair.Value == highest).Select(pair => pair.Key).Order().Select(FeelValue.FromNumber).ToArray();
        return FeelValue.FromOwnedArray(modes);
    }
}
