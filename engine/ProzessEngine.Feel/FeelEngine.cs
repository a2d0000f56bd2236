using System.Collections.Concurrent;
using ProzessEngine.Feel.Builtins;
using ProzessEngine.Feel.Compilation;
using ProzessEngine.Feel.Syntax;

namespace ProzessEngine.Feel;

/// <summary>
/// Parses and compiles FEEL. Thread-safe; one per host. Compiled expressions and unary tests are cached
/// by their text (the cache is emptied when it reaches <see cref="FeelEngineOptions.CacheCapacity"/>).
/// </summary>
public sealed class FeelEngine
{
    private readonly ConcurrentDictionary<string, FeelParseResult> _expressions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, FeelParseResult> _unaryTests = new(StringComparer.Ordinal);
    private readonly BuiltinRegistry _builtins;

    /// <summary>Throws ArgumentOutOfRangeException, naming the setting, when a limit is zero or negative.</summary>
    public FeelEngine(FeelEngineOptions? options = null)
    {
        Options = options ?? new FeelEngineOptions();
        Options.Validate();
        _builtins = BuiltinRegistry.Default.With(Options.Functions ?? throw new ArgumentNullException(nameof(options), "FEEL setting Functions must not be null."));
    }

    public FeelEngineOptions Options { get; }

    /// <summary>Parses a FEEL expression (without a leading '='). Never throws for bad input: errors are in the result.</summary>
    public FeelParseResult ParseExpression(string text) => ParseExpression(text, []);

    /// <summary>Parses an expression that uses variable names the parser cannot recognise on its own: names
    /// that contain keywords or operators ("values in a list", "foo+bar"). Names with plain spaces need no declaration.</summary>
    public FeelParseResult ParseExpression(string text, IEnumerable<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownNames);
        var names = knownNames as IReadOnlyCollection<string> ?? [.. knownNames];
        return Cached(_expressions, CacheKey(text, names), () => CompileExpression(text, names));
    }

    /// <summary>Parses DMN unary tests ("&lt; 10", "[1..5]", "-", "not(1, 2)"). Never throws for bad input.</summary>
    public FeelParseResult ParseUnaryTests(string text) => ParseUnaryTests(text, []);

    public FeelParseResult ParseUnaryTests(string text, IEnumerable<string> knownNames)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(knownNames);
        var names = knownNames as IReadOnlyCollection<string> ?? [.. knownNames];
        return Cached(_unaryTests, CacheKey(text, names), () => CompileUnaryTests(text, names));
    }

    /// <summary>Parses (cached) and evaluates; syntax errors become warnings and the result is null.</summary>
    public FeelValue Evaluate(string expression, IFeelVariables variables, IFeelWarningSink? warnings = null)
    {
        var parsed = ParseExpression(expression);
        if (parsed.Expression is { } compiled)
        {
            return compiled.Evaluate(variables, warnings);
        }

        foreach (var error in parsed.Errors)
        {
            warnings?.Add(new FeelWarning(error.Message, error.Position));
        }

        return FeelValue.Null;
    }

    private static string CacheKey(string text, IReadOnlyCollection<string> names) =>
        names.Count == 0 ? text : string.Concat(text, "\u0001", string.Join('\u0002', names));

    private FeelParseResult Cached(ConcurrentDictionary<string, FeelParseResult> cache, string key, Func<FeelParseResult> create)
    {
        if (Options.CacheCapacity <= 0)
        {
            return create();
        }

        if (cache.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = create();
        if (cache.Count >= Options.CacheCapacity)
        {
            cache.Clear();
        }

        return cache.GetOrAdd(key, result);
    }

    private FeelParseResult CompileExpression(string text, IReadOnlyCollection<string> names) => Guard(text, () =>
    {
        var node = Parser.ParseExpression(text, ScopeNames(names), Options.MaxNestingDepth);
        var evaluator = new Compiler(_builtins).Compile(node);
        return FeelParseResult.Of(new FeelExpression(text, evaluator, Options));
    });

    private FeelParseResult CompileUnaryTests(string text, IReadOnlyCollection<string> names) => Guard(text, () =>
    {
        var node = Parser.ParseUnaryTests(text, ScopeNames(names), Options.MaxNestingDepth);
        var compiler = new Compiler(_builtins);
        var tests = node.Tests.Select(compiler.CompileUnaryTest).ToArray();
        return FeelParseResult.Of(new FeelUnaryTests(text, node.MatchesAnything, node.Negated, tests, Options));
    });

    private KnownNames ScopeNames(IReadOnlyCollection<string> names)
    {
        var known = new KnownNames(_builtins.KnownNames);
        foreach (var name in names)
        {
            if (name is not null)
            {
                known.Add(name);
            }
        }

        return known;
    }

    private FeelParseResult Guard(string text, Func<FeelParseResult> parse)
    {
        if (text.Length > Options.MaxExpressionLength)
        {
            return Failure(text, 0, $"found an expression of {text.Length} characters, expected at most {Options.MaxExpressionLength} (MaxExpressionLength)");
        }

        try
        {
            return parse();
        }
        catch (ParseException exception)
        {
            return Failure(text, exception.Position, exception.Message);
        }
        catch (InsufficientExecutionStackException)
        {
            return Failure(text, 0, $"expression nested deeper than {Options.MaxNestingDepth} levels");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return Failure(text, 0, $"cannot parse the expression: {exception.GetType().Name}: {exception.Message}");
        }
    }

    private static FeelParseResult Failure(string text, int position, string message)
    {
        var (line, column) = Lexer.LineAndColumn(text, position);
        return FeelParseResult.Failed(new FeelDiagnostic(position, line, column, message));
    }
}
