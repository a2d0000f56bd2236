using System.Runtime.CompilerServices;

namespace ProzessEngine.Feel.Runtime;

/// <summary>
/// The state of one evaluation: variables, local scopes, warnings and the budget. One instance is
/// reused per thread, so evaluating a condition allocates nothing.
/// </summary>
internal sealed class EvalContext
{
    [ThreadStatic]
    private static EvalContext? s_cached;

    private long _steps;
    private long _stepLimit;
    private long _deadline;
    private bool _deadlineStarted;

    public IFeelVariables Variables { get; private set; } = NoVariables.Instance;

    public IFeelWarningSink? Warnings { get; private set; }

    public FeelEngineOptions Options { get; private set; } = Defaults;

    public Scope? Scope { get; set; }

    public int CallDepth { get; set; }

    /// <summary>While positive, warnings are not reported (arguments of 'is defined', 'get or else').</summary>
    public int Quiet { get; set; }

    public int WarningCount { get; private set; }

    /// <summary>The input of unary tests, readable as '?' (set without allocating a scope).</summary>
    public FeelValue? Input { get; set; }

    private static readonly FeelEngineOptions Defaults = new();

    public static EvalContext Rent(IFeelVariables variables, IFeelWarningSink? warnings, FeelEngineOptions options)
    {
        var context = s_cached ?? new EvalContext();
        s_cached = null;
        context.Variables = variables;
        context.Warnings = warnings;
        context.Options = options;
        context._stepLimit = options.MaxEvaluationSteps;
        return context;
    }

    public static void Return(EvalContext context)
    {
        context.Variables = NoVariables.Instance;
        context.Warnings = null;
        context.Scope = null;
        context.CallDepth = 0;
        context.Quiet = 0;
        context.WarningCount = 0;
        context.Input = null;
        context._steps = 0;
        context._deadlineStarted = false;
        s_cached = context;
    }

    public void Warn(string message, int position)
    {
        if (Quiet > 0)
        {
            return;
        }

        WarningCount++;
        Warnings?.Add(new FeelWarning(message, position));
    }

    public bool TryLookup(string name, out FeelValue value)
    {
        for (var scope = Scope; scope is not null; scope = scope.Parent)
        {
            if (scope.TryGet(name, out value))
            {
                return true;
            }
        }

        if (Input is { } input && name == "?")
        {
            value = input;
            return true;
        }

        try
        {
            return Variables.TryGetValue(name, out value);
        }
        catch (Exception exception) when (exception is not VariableAccessException)
        {
            throw new VariableAccessException($"reading variable '{name}' failed", exception);
        }
    }

    /// <summary>Counts one unit of work; stops the evaluation when the step or time budget is spent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Step()
    {
        _steps++;
        if ((_steps & 255) == 0)
        {
            CheckBudget();
        }
    }

    private void CheckBudget()
    {
        if (_steps > _stepLimit)
        {
            throw new FeelAbortException($"evaluation stopped after {_stepLimit} steps (MaxEvaluationSteps)");
        }

        var now = Options.Clock.GetTimestamp();
        if (!_deadlineStarted)
        {
            _deadlineStarted = true;
            var ticks = Options.MaxEvaluationTime.TotalSeconds * Options.Clock.TimestampFrequency;
            _deadline = now + (long)Math.Min(ticks, long.MaxValue / 4);
            return;
        }

        if (now > _deadline)
        {
            throw new FeelAbortException($"evaluation stopped after {Options.MaxEvaluationTime.TotalMilliseconds} ms (MaxEvaluationTime)");
        }
    }

    /// <summary>Guards recursion into user functions against deep call chains and stack exhaustion.</summary>
    public void EnterCall()
    {
        CallDepth++;
        Step();
        if (CallDepth > Options.MaxCallDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new FeelAbortException($"evaluation stopped: function calls nested deeper than {Options.MaxCallDepth} (MaxCallDepth)");
        }
    }

    public void ExitCall() => CallDepth--;

    /// <summary>Time budget left, for regular expression timeouts.</summary>
    public TimeSpan RemainingTime
    {
        get
        {
            if (!_deadlineStarted)
            {
                return Options.MaxEvaluationTime;
            }

            var remaining = _deadline - Options.Clock.GetTimestamp();
            return remaining <= 0 ? TimeSpan.FromMilliseconds(1) : TimeSpan.FromSeconds((double)remaining / Options.Clock.TimestampFrequency);
        }
    }

    private sealed class NoVariables : IFeelVariables
    {
        public static readonly NoVariables Instance = new();

        public bool TryGetValue(string name, out FeelValue value)
        {
            value = FeelValue.Null;
            return false;
        }
    }
}
