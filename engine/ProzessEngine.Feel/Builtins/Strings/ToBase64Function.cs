namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class ToBase64Function : BuiltinFunction
{
    public override string Name => "to base64";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Encode, "value")];

    private static FeelValue Encode(BuiltinCall call)
    {
        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        call.Evaluation.CheckStringLength(4L * ((bytes + 2L) / 3));
        return FeelValue.FromString(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(text)));
    }
}
