using System.Runtime.ExceptionServices;
using System.Text.RegularExpressions;
using ProzessEngine.Feel.Compilation;
using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel;

/// <summary>A parsed and compiled FEEL expression. Immutable and thread-safe; compile once, evaluate often.</summary>
public sealed class FeelExpression
{
    private readonly Evaluator _evaluator;
    private readonly FeelEngineOptions _options;

    internal FeelExpression(string text, Evaluator evaluator, FeelEngineOptions options)
    {
        Text = text;
        _evaluator = evaluator;
        _options = options;
    }

    public string Text { get; }

    /// <summary>Evaluates the expression. Runtime problems give null (where they occur) and a warning; this
    /// method does not throw for any expression or input, except exceptions thrown by <paramref name="variables"/> itself.</summary>
    public FeelValue Evaluate(IFeelVariables variables, IFeelWarningSink? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var context = EvalContext.Rent(variables, warnings, _options);
        try
        {
            return _evaluator(context);
        }
        catch (VariableAccessException access)
        {
            ExceptionDispatchInfo.Capture(access.InnerException!).Throw();
            throw;
        }
        catch (Exception exception) when (Evaluation.IsContained(exception))
        {
            context.Quiet = 0;
            context.Warn(Evaluation.Describe(exception), 0);
            return FeelValue.Null;
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    public override string ToString() => Text;
}

/// <summary>Which exceptions an evaluation turns into a null result with a warning.</summary>
internal static class Evaluation
{
    public static bool IsContained(Exception exception) => exception is not (OutOfMemoryException or VariableAccessException);

    public static string Describe(Exception exception) => exception switch
    {
        FeelAbortException => exception.Message,
        RegexMatchTimeoutException => "evaluation stopped: a regular expression took too long",
        InsufficientExecutionStackException => "evaluation stopped: expression nested too deeply",
        _ => $"evaluation failed: {exception.GetType().Name}: {exception.Message}",
    };
}
