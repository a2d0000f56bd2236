using System.Runtime.CompilerServices;

namespace ProzessEngine.Feel.Runtime;

/// <summary>
/// The state of one evaluation: variables, local scopes, warnings and the budget. One instance is
/// reused per thread, so evaluating a condition allocates nothing.
/// </summary>
/// <remarks>
/// What an evaluation builds is checked where it is built: strings, lists and contexts report themselves to the
/// evaluation running on their thread (<see cref="Current"/>) when they are large enough to matter, so no built-in
/// can forget the check; code that could allocate a lot before that point checks the size it is about to build first.
/// </remarks>
internal sealed class EvalContext
{
    /// <summary>Strings from this length on are checked and counted; shorter ones cannot add up to much.</summary>
    public const int CheckedStringLength = 1024;

    /// <summary>Lists and contexts from this many entries on, or from this size on, are checked and counted.</summary>
    public const int CheckedCount = 256;

    public const long CheckedSize = 16 * 1024;

    // Approximate managed bytes per list item (a FeelValue) and per context entry (key, value, index slot).
    private const long BytesPerItem = 32;
    private const long BytesPerEntry = 64;

    /// <summary>This thread's evaluations: one thread-static lookup per evaluation, none when it ends.</summary>
    [ThreadStatic]
    private static ThreadEvaluations? s_thread;

    private readonly ThreadEvaluations _thread;
    private long _steps;
    private long _stepLimit;
    private long _deadline;
    private bool _deadlineStarted;
    private long _allocated;
    private EvalContext? _outer;

    private EvalContext(ThreadEvaluations thread)
    {
        _thread = thread;
    }

    /// <summary>The evaluation running on this thread, or null outside evaluations (values built by the host).</summary>
    public static EvalContext? Current => s_thread?.Current;

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

    /// <summary>Sets the variables lookups see (a closure's, while it runs) and returns the previous ones.</summary>
    public IFeelVariables SwapVariables(IFeelVariables variables)
    {
        var previous = Variables;
        Variables = variables;
        return previous;
    }

    public static EvalContext Rent(IFeelVariables variables, IFeelWarningSink? warnings, FeelEngineOptions options)
    {
        var thread = s_thread ??= new ThreadEvaluations();
        var context = thread.Free ?? new EvalContext(thread);
        thread.Free = null;
        context.Variables = variables;
        context.Warnings = warnings;
        context.Options = options;
        context._stepLimit = options.MaxEvaluationSteps;
        context._outer = thread.Current;
        thread.Current = context;
        return context;
    }

    public static void Return(EvalContext context)
    {
        var thread = context._thread;
        thread.Current = context._outer;
        context._outer = null;
        context._allocated = 0;
        context.Variables = NoVariables.Instance;
        context.Warnings = null;
        context.Scope = null;
        context.CallDepth = 0;
        context.Quiet = 0;
        context.WarningCount = 0;
        context.Input = null;
        context._steps = 0;
        context._deadlineStarted = false;
        thread.Free = context;
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
        catch (Exception exception) when (exception is not (VariableAccessException or FeelAbortException))
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

    /// <summary>Checks a string about to be built, before its characters are allocated.</summary>
    public void CheckStringLength(long length)
    {
        if (length > Options.MaxStringLength)
        {
            throw new FeelAbortException(
                $"evaluation stopped: a string of {length} characters is longer than {Options.MaxStringLength} (MaxStringLength)");
        }
    }

    /// <summary>Checks a list about to be built (or growing): its number of items and its size.</summary>
    public void CheckList(long count, long size)
    {
        if (count > Options.MaxListLength)
        {
            throw new FeelAbortException($"evaluation stopped: a list of {count} items is longer than {Options.MaxListLength} (MaxListLength)");
        }

        CheckSize(size);
    }

    /// <summary>Checks a context about to be built (or growing): its number of entries and its size.</summary>
    public void CheckContext(long count, long size)
    {
        if (count > Options.MaxContextEntries)
        {
            throw new FeelAbortException(
                $"evaluation stopped: a context of {count} entries has more than {Options.MaxContextEntries} (MaxContextEntries)");
        }

        CheckSize(size);
    }

    /// <summary>Checks the size of a value about to be built (its approximate length as JSON, see FeelSize).</summary>
    public void CheckSize(long size)
    {
        if (size > Options.MaxValueSize)
        {
            throw new FeelAbortException(
                $"evaluation stopped: a value of about {size} characters as JSON is larger than {Options.MaxValueSize} (MaxValueSize)");
        }
    }

    /// <summary>A string was built: checks its length and counts its memory.</summary>
    public void AdmitString(int length)
    {
        CheckStringLength(length);
        Allocate((2L * length) + 24);
    }

    /// <summary>A list was built: checks it and counts its memory.</summary>
    public void AdmitList(int count, long size)
    {
        CheckList(count, size);
        Allocate((count * BytesPerItem) + 32);
    }

    /// <summary>A context was built: checks it and counts its memory.</summary>
    public void AdmitContext(int count, long size)
    {
        CheckContext(count, size);
        Allocate((count * BytesPerEntry) + 32);
    }

    private void Allocate(long bytes)
    {
        _allocated += bytes;
        if (_allocated > Options.MaxEvaluationMemory)
        {
            throw new FeelAbortException(
                $"evaluation stopped: it allocated more than {Options.MaxEvaluationMemory} bytes for strings, lists and contexts (MaxEvaluationMemory)");
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

    /// <summary>The evaluation running on a thread (nested ones keep their outer in <see cref="_outer"/>) and the
    /// context kept for the next one.</summary>
    private sealed class ThreadEvaluations
    {
        public EvalContext? Current { get; set; }

        public EvalContext? Free { get; set; }
    }
}
