namespace ProzessEngine.Feel.Builtins;

internal delegate FeelValue BuiltinBody(BuiltinCall call);

/// <summary>How surplus positional arguments are passed to the last parameter.</summary>
internal enum VarArgs
{
    None,

    /// <summary>All arguments from the last parameter on become one list (append(list, items...)).</summary>
    Collect,

    /// <summary>The only parameter takes a list, or several arguments as a list (min(list) or min(a, b, c)).</summary>
    ListOrItems,
}

internal sealed class BuiltinSignature
{
    public BuiltinSignature(string[] parameters, BuiltinBody body, VarArgs varArgs = VarArgs.None)
    {
        Parameters = parameters;
        Body = body;
        VarArgs = varArgs;
    }

    public string[] Parameters { get; }

    public BuiltinBody Body { get; }

    public VarArgs VarArgs { get; }

    public bool AcceptsPositional(int count) => VarArgs switch
    {
        VarArgs.None => count == Parameters.Length,
        VarArgs.Collect => count >= Parameters.Length - 1,
        _ => count >= 1,
    };

    /// <summary>Whether named arguments fit: every name is a parameter (missing parameters are null).</summary>
    public bool AcceptsNames(IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (Array.IndexOf(Parameters, name) < 0)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>A FEEL built-in function: one class per function, registered in <see cref="BuiltinRegistry"/>.</summary>
internal abstract class BuiltinFunction
{
    public abstract string Name { get; }

    public abstract IReadOnlyList<BuiltinSignature> Signatures { get; }

    /// <summary>True for functions that test for missing values ('is defined', 'get or else'): their
    /// arguments are evaluated without warnings.</summary>
    public virtual bool QuietArguments => false;

    protected static BuiltinSignature Signature(BuiltinBody body, params string[] parameters) => new(parameters, body);

    protected static BuiltinSignature Signature(BuiltinBody body, VarArgs varArgs, params string[] parameters) => new(parameters, body, varArgs);

    public BuiltinSignature? FindPositional(int count)
    {
        foreach (var signature in Signatures)
        {
            if (signature.AcceptsPositional(count) && signature.VarArgs == VarArgs.None)
            {
                return signature;
            }
        }

        foreach (var signature in Signatures)
        {
            if (signature.AcceptsPositional(count))
            {
                return signature;
            }
        }

        return null;
    }

    public BuiltinSignature? FindNamed(IReadOnlyList<string> names)
    {
        BuiltinSignature? best = null;
        foreach (var signature in Signatures)
        {
            if (signature.AcceptsNames(names) && (best is null || signature.Parameters.Length < best.Parameters.Length))
            {
                best = signature;
            }
        }

        return best;
    }

    public string DescribeSignatures() =>
        string.Join(" or ", Signatures.Select(signature => $"{Name}({string.Join(", ", signature.Parameters)}{(signature.VarArgs != VarArgs.None ? "..." : string.Empty)})"));
}
