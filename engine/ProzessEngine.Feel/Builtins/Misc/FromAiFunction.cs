namespace ProzessEngine.Feel.Builtins.Misc;

/// <summary>
/// fromAi(value, description?, type?, schema?, options?) (Camunda 8.8): marks a tool parameter of an AI agent's
/// ad-hoc sub-process. At run time it is the value itself; the other arguments describe the parameter to the model.
/// </summary>
internal sealed class FromAiFunction : BuiltinFunction
{
    public override string Name => "fromAi";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Value, "value"),
        Signature(Value, "value", "description"),
        Signature(Value, "value", "description", "type"),
        Signature(Value, "value", "description", "type", "schema"),
        Signature(Value, "value", "description", "type", "schema", "options"),
    ];

    private static FeelValue Value(BuiltinCall call) => call[0];
}
