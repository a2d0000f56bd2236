namespace ProzessEngine.Feel.Builtins.Strings;

internal sealed class FromBase64Function : BuiltinFunction
{
    public override string Name => "from base64";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Decode, "value")];

    private static FeelValue Decode(BuiltinCall call)
    {
        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text, buffer, out var written))
        {
            return call.Fail("the value is not base64");
        }

        return FeelValue.FromString(System.Text.Encoding.UTF8.GetString(buffer, 0, written));
    }
}
