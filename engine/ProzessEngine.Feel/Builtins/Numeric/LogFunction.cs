using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Numeric;

internal sealed class LogFunction : BuiltinFunction
{
    public override string Name => "log";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Log, "number")];

    private static FeelValue Log(BuiltinCall call)
    {
        if (!call.Number(0, out var number))
        {
            return FeelValue.Null;
        }

        return FeelMath.TryLn(number, out var log) ? FeelValue.FromNumber(log) : call.Fail($"no logarithm of {number}");
    }
}
