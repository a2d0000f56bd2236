using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Lists;

internal sealed class ProductFunction : BuiltinFunction
{
    public override string Name => "product";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Product, VarArgs.ListOrItems, "list")];

    private static FeelValue Product(BuiltinCall call)
    {
        if (!call.List(0, out var list) || !ListArguments.Numbers(call, list, out var numbers))
        {
            return FeelValue.Null;
        }

        if (numbers.Length == 0)
        {
            return call.Fail("the list is empty");
        }

        var product = FeelNumber.One;
        foreach (var number in numbers)
        {
            if (!FeelNumber.TryMultiply(product, number, out product))
            {
                return call.Fail("product out of range");
            }
        }

        return FeelValue.FromNumber(product);
    }
}
