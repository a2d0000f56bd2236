using System.Text.Json;

namespace ProzessEngine.Feel.Builtins.Misc;

internal sealed class FromJsonFunction : BuiltinFunction
{
    public override string Name => "from json";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Parse, "json")];

    private static FeelValue Parse(BuiltinCall call)
    {
        if (!call.String(0, out var json))
        {
            return FeelValue.Null;
        }

        try
        {
            return FeelJson.FromJson(json);
        }
        catch (FeelJsonException exception)
        {
            return call.Fail(exception.Message);
        }
        catch (JsonException exception)
        {
            return call.Fail($"the value is not JSON: {exception.Message}");
        }
    }
}
