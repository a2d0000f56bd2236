using System.Runtime.ExceptionServices;
using ProzessEngine.Feel.Compilation;
using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel;

/// <summary>Parsed DMN unary tests ("&lt; 10", "[1..5]", "\"a\",\"b\"", "-", "not(1, 2)"). Immutable and thread-safe.</summary>
public sealed class FeelUnaryTests
{
    private readonly bool _matchesAnything;
    private readonly bool _negated;
    private readonly UnaryTestEvaluator[] _tests;
    private readonly FeelEngineOptions _options;

    internal FeelUnaryTests(string text, bool matchesAnything, bool negated, UnaryTestEvaluator[] tests, FeelEngineOptions options)
    {
        Text = text;
        _matchesAnything = matchesAnything;
        _negated = negated;
        _tests = tests;
        _options = options;
    }

    public string Text { get; }

    /// <summary>true or false, or null when the tests cannot be decided (type mismatch etc.; a warning says why).
    /// The input is also available to the tests as '?'.</summary>
    public bool? Matches(FeelValue input, IFeelVariables variables, IFeelWarningSink? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (_matchesAnything)
        {
            return true;
        }

        var context = EvalContext.Rent(variables, warnings, _options);
        try
        {
            context.Input = input;
            var result = Compiler.AnyTest(_tests, input, context);
            return _negated && result is { } decided ? !decided : result;
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
            return null;
        }
        finally
        {
            EvalContext.Return(context);
        }
    }

    public override string ToString() => Text;
}
