namespace ProzessEngine.Feel.Builtins;

/// <summary>A host's <see cref="FeelCustomFunction"/> seen as a built-in, so that names, arity and named arguments work alike.</summary>
internal sealed class CustomBuiltinFunction : BuiltinFunction
{
    private readonly FeelCustomFunction _function;

    public CustomBuiltinFunction(FeelCustomFunction function)
    {
        _function = function;
        Signatures = [.. function.Signatures.Select(s => Signature(call => Invoke(call, s), [.. s.Parameters]))];
    }

    public FeelCustomFunction Custom => _function;

    public override string Name => _function.Name;

    public override IReadOnlyList<BuiltinSignature> Signatures { get; }

    private FeelValue Invoke(BuiltinCall call, FeelFunctionSignature signature)
    {
        var arguments = call.Arguments.ToArray();
        return _function.Invoke(new FeelFunctionCall(_function, signature, arguments, call.Evaluation, call.Position));
    }
}
