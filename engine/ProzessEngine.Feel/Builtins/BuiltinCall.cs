using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins;

/// <summary>
/// The arguments of one built-in invocation, ordered as the chosen signature's parameters, with typed
/// accessors that report a warning (and return false) when an argument has the wrong type.
/// </summary>
internal readonly ref struct BuiltinCall
{
    private readonly ReadOnlySpan<FeelValue> _arguments;
    private readonly BuiltinSignature _signature;
    private readonly string _functionName;

    public BuiltinCall(ReadOnlySpan<FeelValue> arguments, BuiltinSignature signature, string functionName, EvalContext context, int position)
    {
        _arguments = arguments;
        _signature = signature;
        _functionName = functionName;
        Evaluation = context;
        Position = position;
    }

    public EvalContext Evaluation { get; }

    public int Position { get; }

    public int Count => _arguments.Length;

    public FeelValue this[int index] => _arguments[index];

    public ReadOnlySpan<FeelValue> Arguments => _arguments;

    /// <summary>The argument, with a list of exactly one item read as that item (DMN singleton conversion).</summary>
    private FeelValue Single(int index)
    {
        var argument = _arguments[index];
        return argument.Kind == FeelValueKind.List && argument.List.Count == 1 ? argument.List[0] : argument;
    }

    /// <summary>A string result; when it is the argument's own string unchanged (trim of a trimmed string), the
    /// argument is returned, so that passing a large variable through does not count as building it again.</summary>
    public FeelValue StringResult(int index, string result)
    {
        var argument = Single(index);
        return argument.Kind == FeelValueKind.String && ReferenceEquals(argument.StringValue, result) ? argument : FeelValue.FromString(result);
    }

    public FeelValue Fail(string message)
    {
        Evaluation.Warn($"{_functionName}: {message}", Position);
        return FeelValue.Null;
    }

    private string ParameterName(int index) =>
        index < _signature.Parameters.Length ? _signature.Parameters[index] : _signature.Parameters[^1];

    private bool Mismatch(int index, string expected)
    {
        Fail($"parameter '{ParameterName(index)}' must be {expected}, found {FeelFormatter.Describe(_arguments[index])}");
        return false;
    }

    public bool Number(int index, out FeelNumber value)
    {
        var argument = Single(index);
        if (argument.Kind == FeelValueKind.Number)
        {
            value = argument.Number;
            return true;
        }

        value = default;
        return Mismatch(index, "a number");
    }

    /// <summary>A number truncated to an int (positions, lengths, scales).</summary>
    public bool Integer(int index, out int value)
    {
        value = 0;
        if (!Number(index, out var number))
        {
            return false;
        }

        if (!number.TryTruncateToInt32(out value))
        {
            return Mismatch(index, "a number within the int range");
        }

        return true;
    }

    public bool String(int index, out string value)
    {
        var argument = Single(index);
        if (argument.Kind == FeelValueKind.String)
        {
            value = argument.StringValue;
            return true;
        }

        value = string.Empty;
        return Mismatch(index, "a string");
    }

    /// <summary>A string, or null when the argument is null (optional parameters).</summary>
    public bool OptionalString(int index, out string? value)
    {
        value = null;
        if (index >= _arguments.Length || _arguments[index].IsNull)
        {
            return true;
        }

        if (String(index, out var text))
        {
            value = text;
            return true;
        }

        return false;
    }

    public bool Boolean(int index, out bool value)
    {
        var argument = Single(index);
        if (argument.Kind == FeelValueKind.Boolean)
        {
            value = argument.BooleanValue;
            return true;
        }

        value = false;
        return Mismatch(index, "a boolean");
    }

    /// <summary>A list; a single non-null value counts as a list of that one item.</summary>
    public bool List(int index, out FeelList value)
    {
        var argument = _arguments[index];
        if (argument.Kind == FeelValueKind.List)
        {
            value = argument.List;
            return true;
        }

        if (!argument.IsNull)
        {
            value = new FeelList([argument]);
            return true;
        }

        value = FeelList.Empty;
        return Mismatch(index, "a list");
    }

    public bool Context(int index, out FeelContext value)
    {
        var argument = Single(index);
        if (argument.Kind == FeelValueKind.Context)
        {
            value = argument.Context;
            return true;
        }

        value = FeelContext.Empty;
        return Mismatch(index, "a context");
    }

    public bool Function(int index, out FeelFunction value)
    {
        var argument = _arguments[index];
        if (argument.Kind == FeelValueKind.Function)
        {
            value = argument.Function;
            return true;
        }

        value = null!;
        return Mismatch(index, "a function");
    }

    public bool NotNull(int index)
    {
        if (_arguments[index].IsNull)
        {
            return Mismatch(index, "a value");
        }

        return true;
    }
}
