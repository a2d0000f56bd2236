using ProzessEngine.Dmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Evaluation;

/// <summary>
/// The state of one call of <see cref="DmnModel.Evaluate"/>: decisions evaluated so far (each once), the audit trail,
/// and the first failure. Functions defined in the model reach it through <see cref="Current"/>, since FEEL calls
/// them without a way to pass it along; an evaluation runs on one thread from start to end.
/// </summary>
internal sealed class EvaluationRun : IFeelWarningSink
{
    [ThreadStatic]
    private static EvaluationRun? s_current;

    private readonly Dictionary<DecisionNode, FeelValue> _results = [];
    private readonly List<EvaluatedDecision> _evaluated;
    private readonly List<string> _warnings;
    private readonly HashSet<DecisionNode> _active = [];
    private readonly EvaluationRun? _parent;
    private string? _context;

    public EvaluationRun(CancellationToken cancellationToken)
    {
        CancellationToken = cancellationToken;
        _evaluated = [];
        _warnings = [];
    }

    private EvaluationRun(EvaluationRun parent)
    {
        _parent = parent;
        CancellationToken = parent.CancellationToken;
        _evaluated = parent._evaluated;
        _warnings = parent._warnings;
        Depth = parent.Depth;
    }

    /// <summary>A run with its own decision results (a decision service's inputs differ) sharing trail and failure.</summary>
    public EvaluationRun Child() => new(this);

    public static EvaluationRun? Current => s_current;

    public CancellationToken CancellationToken { get; }

    public DecisionEvaluationFailure? Failure { get; private set; }

    public IReadOnlyList<EvaluatedDecision> Evaluated => _evaluated;

    public IReadOnlyList<string> Warnings => _warnings;

    public int Depth { get; set; }

    public IDisposable Enter()
    {
        var previous = s_current;
        s_current = this;
        return new Restore(previous);
    }

    public bool TryGetResult(DecisionNode decision, out FeelValue value) => _results.TryGetValue(decision, out value);

    public bool BeginDecision(DecisionNode decision) => _active.Add(decision);

    public void EndDecision(DecisionNode decision, FeelValue value)
    {
        _active.Remove(decision);
        _results[decision] = value;
    }

    public void Record(EvaluatedDecision decision) => _evaluated.Add(decision);

    /// <summary>The element whose expressions run now, so that FEEL warnings name it.</summary>
    public string? SetContext(string? context)
    {
        var previous = _context;
        _context = context;
        return previous;
    }

    /// <summary>A runtime error: the first one becomes the result's failure; each is a warning as well.</summary>
    public void Fail(string decisionId, string message, IReadOnlyList<string>? ruleIds = null)
    {
        if (_parent is not null)
        {
            _parent.Fail(decisionId, message, ruleIds);
            return;
        }

        Failure ??= new DecisionEvaluationFailure(decisionId, message, ruleIds ?? []);
        _warnings.Add(message);
    }

    public void Add(FeelWarning warning)
    {
        if (_warnings.Count < 100)
        {
            _warnings.Add(_context is null ? warning.Message : $"{_context}: {warning.Message}");
        }
    }

    private sealed class Restore(EvaluationRun? previous) : IDisposable
    {
        public void Dispose() => s_current = previous;
    }
}
