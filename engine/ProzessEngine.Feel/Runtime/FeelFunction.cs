namespace ProzessEngine.Feel.Runtime;

/// <summary>A FEEL function value: a built-in or a function defined in an expression.</summary>
internal abstract class FeelFunction
{
    public abstract string DisplayName { get; }

    /// <summary>Whether the function can be invoked with <paramref name="count"/> positional arguments.</summary>
    public abstract bool AcceptsArity(int count);

    public abstract FeelValue Invoke(ReadOnlySpan<FeelValue> arguments, EvalContext context, int position);

    public abstract FeelValue InvokeNamed(ReadOnlySpan<string> names, ReadOnlySpan<FeelValue> arguments, EvalContext context, int position);
}
