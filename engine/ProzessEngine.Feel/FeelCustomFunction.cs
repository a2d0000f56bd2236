using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel;

/// <summary>
/// A function the host adds to FEEL (<see cref="FeelEngineOptions.Functions"/>), called like a built-in: by name,
/// with positional or named arguments. The engine's own functions on business calendars are such functions; FEEL
/// itself knows nothing of calendars. One class per function, as the built-ins are.
/// </summary>
public abstract class FeelCustomFunction
{
    /// <summary>The name as expressions write it; may contain spaces ("add working days").</summary>
    public abstract string Name { get; }

    /// <summary>The parameter lists the function takes; arguments are matched against them as for built-ins.</summary>
    public abstract IReadOnlyList<FeelFunctionSignature> Signatures { get; }

    /// <summary>
    /// Runs the function. Arguments are ordered as the chosen signature's parameters (a named argument left out is
    /// null). A value that does not fit is answered with <see cref="FeelFunctionCall.Fail"/>: null and a warning,
    /// as FEEL answers wrong input everywhere (an exception thrown here ends the whole evaluation with null and a warning).
    /// </summary>
    public abstract FeelValue Invoke(FeelFunctionCall invocation);
}

/// <summary>One parameter list of a <see cref="FeelCustomFunction"/>.</summary>
public sealed class FeelFunctionSignature
{
    public FeelFunctionSignature(params string[] parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Parameters = [.. parameters];
    }

    public IReadOnlyList<string> Parameters { get; }
}

/// <summary>One call of a <see cref="FeelCustomFunction"/>: its arguments and the evaluation it happens in.</summary>
public sealed class FeelFunctionCall
{
    private readonly EvalContext _context;
    private readonly int _position;

    internal FeelFunctionCall(FeelCustomFunction function, FeelFunctionSignature signature, FeelValue[] arguments, EvalContext context, int position)
    {
        Function = function;
        Signature = signature;
        Arguments = arguments;
        _context = context;
        _position = position;
    }

    public FeelCustomFunction Function { get; }

    /// <summary>The signature the arguments matched.</summary>
    public FeelFunctionSignature Signature { get; }

    public IReadOnlyList<FeelValue> Arguments { get; }

    public FeelValue this[int index] => Arguments[index];

    /// <summary>
    /// The variables the caller handed to <see cref="FeelExpression.Evaluate"/>: what the host knows about the place of
    /// the evaluation (the process of a model, for instance) travels with them.
    /// </summary>
    public IFeelVariables Variables => _context.Variables;

    /// <summary>The engine's settings: its clock and default time zone among them.</summary>
    public FeelEngineOptions Options => _context.Options;

    /// <summary>Reports a warning naming the function and returns null.</summary>
    public FeelValue Fail(string message)
    {
        _context.Warn($"{Function.Name}: {message}", _position);
        return FeelValue.Null;
    }
}
