namespace ProzessEngine.Feel.Runtime;

/// <summary>Carries an exception thrown by the caller's IFeelVariables through the evaluation, so the
/// evaluation boundary rethrows it instead of turning it into a warning.</summary>
#pragma warning disable CA1064 // internal by design
internal sealed class VariableAccessException : Exception
#pragma warning restore CA1064
{
    public VariableAccessException()
    {
    }

    public VariableAccessException(string message)
        : base(message)
    {
    }

    public VariableAccessException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
