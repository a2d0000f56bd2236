namespace ProzessEngine.Feel;

/// <summary>The outcome of parsing: the compiled expression or unary tests, or the syntax errors.</summary>
public sealed class FeelParseResult
{
    private FeelParseResult(FeelExpression? expression, FeelUnaryTests? unaryTests, IReadOnlyList<FeelDiagnostic> errors)
    {
        Expression = expression;
        UnaryTests = unaryTests;
        Errors = errors;
    }

    public bool Success => Errors.Count == 0;

    /// <summary>Set by <see cref="FeelEngine.ParseExpression(string)"/> when <see cref="Success"/>.</summary>
    public FeelExpression? Expression { get; }

    /// <summary>Set by <see cref="FeelEngine.ParseUnaryTests(string)"/> when <see cref="Success"/>.</summary>
    public FeelUnaryTests? UnaryTests { get; }

    public IReadOnlyList<FeelDiagnostic> Errors { get; }

    internal static FeelParseResult Of(FeelExpression expression) => new(expression, null, []);

    internal static FeelParseResult Of(FeelUnaryTests tests) => new(null, tests, []);

    internal static FeelParseResult Failed(FeelDiagnostic error) => new(null, null, [error]);
}
