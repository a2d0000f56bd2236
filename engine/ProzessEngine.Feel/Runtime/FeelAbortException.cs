namespace ProzessEngine.Feel.Runtime;

/// <summary>Stops an evaluation that exceeded its budget (time, steps, call depth, stack); never escapes the public API.</summary>
#pragma warning disable CA1064 // internal by design: caught at the evaluation boundary
internal sealed class FeelAbortException(string message) : Exception(message)
#pragma warning restore CA1064
{
    public FeelAbortException()
        : this("FEEL evaluation aborted")
    {
    }

    public FeelAbortException(string message, Exception innerException)
        : this(message + ": " + innerException.Message)
    {
    }
}
