using System.Runtime.CompilerServices;
using System.Text;
using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Syntax;

#pragma warning disable CA1064 // internal: never leaves the parser
internal sealed class ParseException(int position, string message) : Exception(message)
#pragma warning restore CA1064
{
    public ParseException()
        : this(0, "syntax error")
    {
    }

    public ParseException(string message)
        : this(0, message)
    {
    }

    public ParseException(string message, Exception innerException)
        : this(0, message + ": " + innerException.Message)
    {
    }

    public int Position { get; } = position;
}

/// <summary>
/// Recursive-descent parser for FEEL expressions and unary tests (DMN 1.5 chapter 10 grammar with the
/// Camunda extensions). Precedence from low to high: textual expressions (if, for, some/every,
/// function), or, and, comparison (= != &lt; &lt;= &gt; &gt;= between in instance of), + -, * /, **,
/// unary minus, postfix (path, filter, invocation).
/// </summary>
internal sealed class Parser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private readonly KnownNames _names;
    private readonly int _maxDepth;
    private int _index;
    private int _depth;
    private int _treeDepth;
    private int _rangeEnds;

    private Parser(string text, KnownNames names, int maxDepth)
    {
        _text = text;
        _tokens = Lexer.Tokenize(text);
        _names = names;
        _maxDepth = maxDepth;
    }

    public static Node ParseExpression(string text, KnownNames names, int maxDepth)
    {
        var parser = new Parser(text, names, maxDepth);
        parser.ThrowOnLexerError();
        var node = parser.Expression();
        parser.ExpectEnd("an operator or the end of the expression");
        return node;
    }

    public static UnaryTestsNode ParseUnaryTests(string text, KnownNames names, int maxDepth)
    {
        var parser = new Parser(text, names, maxDepth);
        parser.ThrowOnLexerError();
        var tests = parser.UnaryTests();
        parser.ExpectEnd("',' or the end of the unary tests");
        return tests;
    }

    private Token Current => _tokens[_index];

    private Token Peek(int offset) => _tokens[Math.Min(_index + offset, _tokens.Count - 1)];

    private void ThrowOnLexerError()
    {
        foreach (var token in _tokens)
        {
            if (token.Kind == TokenKind.Error)
            {
                throw new ParseException(token.Start, token.Text);
            }
        }
    }

    private void ExpectEnd(string expected)
    {
        if (Current.Kind != TokenKind.End)
        {
            throw Error(expected);
        }
    }

    private ParseException Error(string expected) =>
        new(Current.Start, $"found {Describe(Current)}, expected {expected}");

    private string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Number => $"number {token.Text}",
        TokenKind.String => "a string",
        TokenKind.Name => $"'{token.Text}'",
        TokenKind.BacktickName => $"`{token.Text}`",
        _ => $"'{_text[token.Start..token.End]}'",
    };

    private Token Expect(TokenKind kind, string expected)
    {
        if (Current.Kind != kind)
        {
            throw Error(expected);
        }

        return _tokens[_index++];
    }

    private void ExpectWord(string word)
    {
        if (!Current.IsWord(word))
        {
            throw Error($"'{word}'");
        }

        _index++;
    }

    private bool TryWord(string word)
    {
        if (Current.IsWord(word))
        {
            _index++;
            return true;
        }

        return false;
    }

    /// <summary>Enters a nested expression; the explicit nesting is limited to MaxNestingDepth.</summary>
    private void Enter()
    {
        _depth++;
        Deepen();
        if (_depth > _maxDepth || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new ParseException(Current.Start, $"expression nested deeper than {_maxDepth} levels");
        }
    }

    private void Leave()
    {
        _depth--;
        _treeDepth--;
    }

    /// <summary>Counts one level of the syntax tree. Operator chains (a + b + c ...) build left-deep trees, so
    /// they count too; the tree depth is bounded so that compiling and evaluating cannot exhaust the stack.</summary>
    private void Deepen()
    {
        _treeDepth++;
        if (_treeDepth > _maxDepth * 3)
        {
            throw new ParseException(Current.Start, $"expression too deeply nested or too long an operator chain (more than {_maxDepth * 3} levels)");
        }
    }

    private Node Expression()
    {
        Enter();
        try
        {
            var token = Current;
            if (token.Kind == TokenKind.Name)
            {
                switch (token.Text)
                {
                    case "if":
                        return If();
                    case "for":
                        return For();
                    case "some":
                    case "every":
                        return Quantified();
                    case "function" when Peek(1).Kind == TokenKind.LeftParen:
                        return FunctionDefinition();
                }
            }

            return Disjunction();
        }
        finally
        {
            Leave();
        }
    }

    private IfNode If()
    {
        var start = Current.Start;
        ExpectWord("if");
        var condition = Expression();
        ExpectWord("then");
        var then = Expression();
        ExpectWord("else");
        var otherwise = Expression();
        return new IfNode(start, condition, then, otherwise);
    }

    private ForNode For()
    {
        var start = Current.Start;
        ExpectWord("for");
        var added = new List<string>();
        try
        {
            var iterations = Iterations(added, allowRanges: true);
            ExpectWord("return");
            var body = Expression();
            return new ForNode(start, iterations, body);
        }
        finally
        {
            RemoveNames(added);
        }
    }

    private QuantifiedNode Quantified()
    {
        var start = Current.Start;
        var every = Current.Text == "every";
        _index++;
        var added = new List<string>();
        try
        {
            var iterations = Iterations(added, allowRanges: false);
            ExpectWord("satisfies");
            var condition = Expression();
            return new QuantifiedNode(start, every, iterations, condition);
        }
        finally
        {
            RemoveNames(added);
        }
    }

    private List<Iteration> Iterations(List<string> added, bool allowRanges)
    {
        var iterations = new List<Iteration>();
        while (true)
        {
            var position = Current.Start;
            var name = IterationVariableName();
            ExpectWord("in");
            var domain = Expression();
            Node? end = null;
            if (allowRanges && Current.Kind == TokenKind.DotDot)
            {
                _index++;
                end = Expression();
            }

            iterations.Add(new Iteration(position, name, domain, end));
            if (_names.Add(name))
            {
                added.Add(name);
            }

            if (Current.Kind != TokenKind.Comma)
            {
                return iterations;
            }

            _index++;
        }
    }

    /// <summary>An iteration variable: words up to the keyword 'in' (which a variable name cannot contain).</summary>
    private string IterationVariableName()
    {
        if (Current.Kind == TokenKind.BacktickName)
        {
            return _tokens[_index++].Text;
        }

        var words = new List<string>();
        while (Current.Kind == TokenKind.Name && !Current.IsWord("in"))
        {
            words.Add(Current.Text);
            _index++;
        }

        if (words.Count == 0)
        {
            throw Error("a variable name");
        }

        return string.Join(' ', words);
    }

    private void RemoveNames(List<string> added)
    {
        foreach (var name in added)
        {
            _names.Remove(name);
        }
    }

    private FunctionDefinitionNode FunctionDefinition()
    {
        var start = Current.Start;
        ExpectWord("function");
        Expect(TokenKind.LeftParen, "'('");
        var parameters = new List<Parameter>();
        if (Current.Kind != TokenKind.RightParen)
        {
            while (true)
            {
                var name = ParameterName();
                TypeNode? type = null;
                if (Current.Kind == TokenKind.Colon)
                {
                    _index++;
                    type = Type();
                }

                parameters.Add(new Parameter(name, type));
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                _index++;
            }
        }

        Expect(TokenKind.RightParen, "',' or ')' after the parameters");
        var added = new List<string>();
        foreach (var parameter in parameters)
        {
            if (_names.Add(parameter.Name))
            {
                added.Add(parameter.Name);
            }
        }

        try
        {
            if (TryWord("external"))
            {
                var body = Expression();
                return new FunctionDefinitionNode(start, parameters, body, true);
            }

            return new FunctionDefinitionNode(start, parameters, Expression(), false);
        }
        finally
        {
            RemoveNames(added);
        }
    }

    private string ParameterName()
    {
        if (Current.Kind == TokenKind.BacktickName)
        {
            return _tokens[_index++].Text;
        }

        var words = new List<string>();
        while (Current.Kind == TokenKind.Name)
        {
            words.Add(Current.Text);
            _index++;
        }

        if (words.Count == 0)
        {
            throw Error("a parameter name");
        }

        return string.Join(' ', words);
    }

    private Node Disjunction()
    {
        var left = Conjunction();
        var chain = 0;
        while (Current.IsWord("or"))
        {
            var position = Current.Start;
            _index++;
            chain++;
            Deepen();
            left = new BinaryNode(position, BinaryOperator.Or, left, Conjunction());
        }

        _treeDepth -= chain;
        return left;
    }

    private Node Conjunction()
    {
        var left = Comparison();
        var chain = 0;
        while (Current.IsWord("and"))
        {
            var position = Current.Start;
            _index++;
            chain++;
            Deepen();
            left = new BinaryNode(position, BinaryOperator.And, left, Comparison());
        }

        _treeDepth -= chain;
        return left;
    }

    private Node Comparison()
    {
        var left = Additive();
        var chain = 0;
        while (true)
        {
            var token = Current;
            var position = token.Start;
            BinaryOperator? op = token.Kind switch
            {
                TokenKind.Equal => BinaryOperator.Equal,
                TokenKind.NotEqual => BinaryOperator.NotEqual,
                TokenKind.Less => BinaryOperator.Less,
                TokenKind.LessEqual => BinaryOperator.LessOrEqual,
                TokenKind.Greater => BinaryOperator.Greater,
                TokenKind.GreaterEqual => BinaryOperator.GreaterOrEqual,
                _ => null,
            };
            if (op is { } comparison)
            {
                _index++;
                chain++;
                Deepen();
                left = new BinaryNode(position, comparison, left, Additive());
                continue;
            }

            if (token.IsWord("between"))
            {
                _index++;
                var low = Additive();
                ExpectWord("and");
                var high = Additive();
                chain++;
                Deepen();
                left = new BetweenNode(position, left, low, high);
                continue;
            }

            if (token.IsWord("in"))
            {
                _index++;
                chain++;
                Deepen();
                left = new InNode(position, left, InTests());
                continue;
            }

            if (token.IsWord("instance") && Peek(1).IsWord("of"))
            {
                _index += 2;
                chain++;
                Deepen();
                left = new InstanceOfNode(position, left, Type());
                continue;
            }

            _treeDepth -= chain;
            return left;
        }
    }

    /// <summary>The right side of 'in': one positive unary test, or a parenthesised list of them.</summary>
    private List<UnaryTestNode> InTests()
    {
        if (Current.Kind == TokenKind.LeftParen && !IsRangeAhead())
        {
            _index++;
            var tests = new List<UnaryTestNode>();
            while (true)
            {
                tests.Add(PositiveUnaryTest(fullExpressions: true));
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                _index++;
            }

            Expect(TokenKind.RightParen, "',' or ')' after the unary tests");
            return tests;
        }

        return [PositiveUnaryTest(fullExpressions: false)];
    }

    private UnaryTestsNode UnaryTests()
    {
        var position = Current.Start;
        if (Current.Kind == TokenKind.Minus && Peek(1).Kind == TokenKind.End)
        {
            _index++;
            return new UnaryTestsNode(position, true, false, []);
        }

        if (Current.IsWord("not") && Peek(1).Kind == TokenKind.LeftParen && IsNegationAhead())
        {
            _index += 2;
            var negated = PositiveUnaryTests();
            Expect(TokenKind.RightParen, "',' or ')' after the unary tests");
            return new UnaryTestsNode(position, false, true, negated);
        }

        return new UnaryTestsNode(position, false, false, PositiveUnaryTests());
    }

    /// <summary>True when "not(" at the current token is closed by the last token of the input.</summary>
    private bool IsNegationAhead()
    {
        var depth = 0;
        for (var i = _index + 1; i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace:
                    depth--;
                    if (depth == 0)
                    {
                        return _tokens[i].Kind == TokenKind.RightParen && _tokens[i + 1].Kind == TokenKind.End;
                    }

                    break;
                case TokenKind.End:
                    return false;
            }
        }

        return false;
    }

    private List<UnaryTestNode> PositiveUnaryTests()
    {
        var tests = new List<UnaryTestNode>();
        while (true)
        {
            tests.Add(PositiveUnaryTest(fullExpressions: true));
            if (Current.Kind != TokenKind.Comma)
            {
                return tests;
            }

            _index++;
        }
    }

    private UnaryTestNode PositiveUnaryTest(bool fullExpressions)
    {
        var position = Current.Start;
        ComparisonOperator? op = Current.Kind switch
        {
            TokenKind.Less => ComparisonOperator.Less,
            TokenKind.LessEqual => ComparisonOperator.LessOrEqual,
            TokenKind.Greater => ComparisonOperator.Greater,
            TokenKind.GreaterEqual => ComparisonOperator.GreaterOrEqual,
            TokenKind.Equal => ComparisonOperator.Equal,
            TokenKind.NotEqual => ComparisonOperator.NotEqual,
            _ => null,
        };
        if (op is { } comparison)
        {
            _index++;
            Enter();
            try
            {
                return new ComparisonTestNode(position, comparison, fullExpressions ? Expression() : Additive());
            }
            finally
            {
                Leave();
            }
        }

        var start = _index;
        Node expression;
        Enter();
        try
        {
            expression = fullExpressions ? Expression() : Additive();
        }
        finally
        {
            Leave();
        }

        var usesInput = false;
        for (var i = start; i < _index; i++)
        {
            usesInput |= _tokens[i].Kind == TokenKind.Name && _tokens[i].Text == "?";
        }

        return new ExpressionTestNode(position, expression, usesInput);
    }

    private Node Additive()
    {
        var left = Multiplicative();
        var chain = 0;
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var token = _tokens[_index++];
            chain++;
            Deepen();
            left = new BinaryNode(token.Start, token.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract, left, Multiplicative());
        }

        _treeDepth -= chain;
        return left;
    }

    private Node Multiplicative()
    {
        var left = Exponentiation();
        var chain = 0;
        while (Current.Kind is TokenKind.Star or TokenKind.Slash)
        {
            var token = _tokens[_index++];
            chain++;
            Deepen();
            left = new BinaryNode(token.Start, token.Kind == TokenKind.Star ? BinaryOperator.Multiply : BinaryOperator.Divide, left, Exponentiation());
        }

        _treeDepth -= chain;
        return left;
    }

    private Node Exponentiation()
    {
        var left = Unary();
        var chain = 0;
        while (Current.Kind == TokenKind.StarStar)
        {
            var token = _tokens[_index++];
            chain++;
            Deepen();
            left = new BinaryNode(token.Start, BinaryOperator.Power, left, Unary());
        }

        _treeDepth -= chain;
        return left;
    }

    private Node Unary()
    {
        if (Current.Kind == TokenKind.Minus)
        {
            var position = Current.Start;
            _index++;
            Enter();
            try
            {
                var operand = Unary();
                if (operand is NumberNode number)
                {
                    return new NumberNode(position, number.Value.Negate());
                }

                return new NegateNode(position, operand);
            }
            finally
            {
                Leave();
            }
        }

        return Postfix(Primary());
    }

    private Node Postfix(Node node)
    {
        var chain = 0;
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case TokenKind.Dot:
                    _index++;
                    chain++;
                    Deepen();
                    node = new PathNode(token.Start, node, MemberName());
                    break;
                case TokenKind.LeftBracket when _rangeEnds > 0 && IsClosingBracket(_index):
                    _treeDepth -= chain;
                    return node;
                case TokenKind.LeftBracket:
                    _index++;
                    chain++;
                    Deepen();
                    var predicate = Expression();
                    Expect(TokenKind.RightBracket, "']' after the filter");
                    node = new FilterNode(token.Start, node, predicate);
                    break;
                case TokenKind.LeftParen:
                    chain++;
                    Deepen();
                    node = Invocation(node);
                    break;
                default:
                    _treeDepth -= chain;
                    return node;
            }
        }
    }

    /// <summary>A '[' that closes a range ("[1..10[") rather than opening a filter: nothing that could start
    /// a filter expression follows it.</summary>
    private bool IsClosingBracket(int index)
    {
        var next = _tokens[index + 1];
        return next.Kind is TokenKind.End or TokenKind.Comma or TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace
            or TokenKind.Equal or TokenKind.NotEqual or TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual
            or TokenKind.Colon or TokenKind.DotDot
            || (next.Kind == TokenKind.Name && next.Text is "and" or "or" or "then" or "else" or "return" or "satisfies" or "in" or "between" or "instance");
    }

    private string MemberName()
    {
        if (Current.Kind == TokenKind.BacktickName)
        {
            return _tokens[_index++].Text;
        }

        if (Current.Kind != TokenKind.Name)
        {
            throw Error("a name after '.'");
        }

        var known = _names.Match(_text, _tokens, _index);
        var words = new List<string>();
        var index = _index;
        while (_tokens[index].Kind == TokenKind.Name && (words.Count == 0 || !Lexer.IsKeyword(_tokens[index].Text)))
        {
            words.Add(_tokens[index].Text);
            index++;
        }

        if (known is { } match && match.TokenCount >= words.Count)
        {
            _index += match.TokenCount;
            return match.Name;
        }

        _index = index;
        return string.Join(' ', words);
    }

    private CallNode Invocation(Node callee)
    {
        Expect(TokenKind.LeftParen, "'('");
        var arguments = new List<Node>();
        List<string>? names = null;
        if (Current.Kind != TokenKind.RightParen)
        {
            var named = IsNamedArgumentAhead();
            if (named)
            {
                names = [];
            }

            while (true)
            {
                if (named)
                {
                    names!.Add(RawKeyUntilColon("a parameter name"));
                    Expect(TokenKind.Colon, "':' after the parameter name");
                }

                arguments.Add(Expression());
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                _index++;
            }
        }

        Expect(TokenKind.RightParen, "',' or ')' after the arguments");
        return new CallNode(callee.Position, callee, arguments, names);
    }

    /// <summary>Named arguments start with words followed by ':' (before any ',' or ')').</summary>
    private bool IsNamedArgumentAhead()
    {
        for (var i = _index; i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.Colon:
                    return i > _index;
                case TokenKind.Name or TokenKind.BacktickName:
                    continue;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>Reads a context key or parameter name: the source text of the tokens up to ':' (whitespace collapsed).</summary>
    private string RawKeyUntilColon(string expected)
    {
        var first = Current;
        if (first.Kind is TokenKind.String or TokenKind.BacktickName && Peek(1).Kind == TokenKind.Colon)
        {
            _index++;
            return first.Text;
        }

        var startIndex = _index;
        while (Current.Kind is not (TokenKind.Colon or TokenKind.End or TokenKind.Comma or TokenKind.RightBrace
            or TokenKind.RightParen or TokenKind.LeftBrace or TokenKind.String))
        {
            _index++;
        }

        if (_index == startIndex || Current.Kind != TokenKind.Colon)
        {
            _index = startIndex;
            throw Error(expected);
        }

        var raw = _text[first.Start.._tokens[_index - 1].End];
        return CollapseWhitespace(raw);
    }

    private static string CollapseWhitespace(string raw)
    {
        var builder = new StringBuilder(raw.Length);
        var pendingSpace = false;
        foreach (var c in raw)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static string Shorten(string text) => text.Length > 50 ? string.Concat(text.AsSpan(0, 47), "...") : text;

    private Node Primary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Number:
                _index++;
                // A literal is taken exactly or refused: rounding the number a modeller wrote would change it silently.
                var parsed = FeelNumber.TryParseExact(token.Text, out var number);
                if (parsed != NumberText.Valid)
                {
                    throw new ParseException(token.Start, $"number {Shorten(token.Text)} {FeelNumber.Describe(parsed)}");
                }

                return new NumberNode(token.Start, number);
            case TokenKind.String:
                _index++;
                return new StringNode(token.Start, token.Text);
            case TokenKind.At:
                _index++;
                var literal = Expect(TokenKind.String, "a string after '@'");
                return new AtLiteralNode(token.Start, literal.Text);
            case TokenKind.BacktickName:
                _index++;
                return new NameNode(token.Start, token.Text);
            case TokenKind.LeftParen:
                if (IsComparisonRangeAhead())
                {
                    return ComparisonRange();
                }

                if (IsRangeAhead())
                {
                    return Range();
                }

                _index++;
                var inner = Expression();
                Expect(TokenKind.RightParen, "')'");
                return inner;
            case TokenKind.LeftBracket:
                return IsRangeAhead() ? Range() : List();
            case TokenKind.RightBracket:
                return Range();
            case TokenKind.LeftBrace:
                return Context();
            case TokenKind.Name:
                return NameOrKeywordExpression(token);
            default:
                throw Error("an expression");
        }
    }

    private Node NameOrKeywordExpression(Token token)
    {
        switch (token.Text)
        {
            case "true":
                _index++;
                return new BooleanNode(token.Start, true);
            case "false":
                _index++;
                return new BooleanNode(token.Start, false);
            case "null":
                _index++;
                return new NullNode(token.Start);
            case "if":
            case "for":
            case "some":
            case "every":
                return Expression();
            case "function" when Peek(1).Kind == TokenKind.LeftParen:
                return Expression();
            case "and" or "or" when Peek(1).Kind == TokenKind.LeftParen:
                // Camunda's list functions and(list) and or(list).
                _index++;
                return new NameNode(token.Start, token.Text);
        }

        var known = _names.Match(_text, _tokens, _index);
        if (Lexer.IsKeyword(token.Text) && known is null)
        {
            throw Error("an expression");
        }

        var words = new List<string>();
        var index = _index;
        while (_tokens[index].Kind == TokenKind.Name && !Lexer.IsKeyword(_tokens[index].Text))
        {
            words.Add(_tokens[index].Text);
            index++;
        }

        if (known is { } match && match.TokenCount >= words.Count)
        {
            _index += match.TokenCount;
            return new NameNode(token.Start, match.Name);
        }

        _index = index;
        return new NameNode(token.Start, string.Join(' ', words));
    }

    /// <summary>True when the bracket at the current token opens a range: '..' before any ',' at the same depth.</summary>
    private bool IsRangeAhead()
    {
        var depth = 0;
        for (var i = _index + 1; i < _tokens.Count; i++)
        {
            switch (_tokens[i].Kind)
            {
                case TokenKind.LeftParen or TokenKind.LeftBracket or TokenKind.LeftBrace:
                    depth++;
                    break;
                case TokenKind.RightParen or TokenKind.RightBracket or TokenKind.RightBrace:
                    if (depth == 0)
                    {
                        return false;
                    }

                    depth--;
                    break;
                case TokenKind.DotDot when depth == 0:
                    return true;
                case TokenKind.Comma when depth == 0:
                    return false;
                case TokenKind.End:
                    return false;
                case TokenKind.Name when depth == 0 && _tokens[i].Text is "for" or "some" or "every" or "if":
                    return false;
            }
        }

        return false;
    }

    private bool IsComparisonRangeAhead() =>
        Current.Kind == TokenKind.LeftParen
        && Peek(1).Kind is TokenKind.Less or TokenKind.LessEqual or TokenKind.Greater or TokenKind.GreaterEqual or TokenKind.Equal or TokenKind.NotEqual;

    private ComparisonRangeNode ComparisonRange()
    {
        var start = Current.Start;
        _index++;
        var op = _tokens[_index++].Kind switch
        {
            TokenKind.Less => ComparisonOperator.Less,
            TokenKind.LessEqual => ComparisonOperator.LessOrEqual,
            TokenKind.Greater => ComparisonOperator.Greater,
            TokenKind.GreaterEqual => ComparisonOperator.GreaterOrEqual,
            TokenKind.Equal => ComparisonOperator.Equal,
            _ => ComparisonOperator.NotEqual,
        };
        var endpoint = Expression();
        Expect(TokenKind.RightParen, "')'");
        return new ComparisonRangeNode(start, op, endpoint);
    }

    private RangeNode Range()
    {
        var open = _tokens[_index++];
        var startIncluded = open.Kind == TokenKind.LeftBracket;
        var start = Additive();
        Expect(TokenKind.DotDot, "'..' in the range");
        _rangeEnds++;
        Node end;
        try
        {
            end = Additive();
        }
        finally
        {
            _rangeEnds--;
        }

        var close = Current;
        bool endIncluded;
        switch (close.Kind)
        {
            case TokenKind.RightBracket:
                endIncluded = true;
                break;
            case TokenKind.RightParen:
            case TokenKind.LeftBracket:
                endIncluded = false;
                break;
            default:
                throw Error("']', ')' or '[' to close the range");
        }

        _index++;
        return new RangeNode(open.Start, startIncluded, start, end, endIncluded);
    }

    private ListNode List()
    {
        var start = Expect(TokenKind.LeftBracket, "'['").Start;
        var items = new List<Node>();
        if (Current.Kind != TokenKind.RightBracket)
        {
            while (true)
            {
                items.Add(Expression());
                if (Current.Kind != TokenKind.Comma)
                {
                    break;
                }

                _index++;
            }
        }

        Expect(TokenKind.RightBracket, "',' or ']' in the list");
        return new ListNode(start, items);
    }

    private ContextNode Context()
    {
        var start = Expect(TokenKind.LeftBrace, "'{'").Start;
        var entries = new List<ContextEntryNode>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var added = new List<string>();
        try
        {
            if (Current.Kind != TokenKind.RightBrace)
            {
                while (true)
                {
                    var keyPosition = Current.Start;
                    var key = RawKeyUntilColon("a context key");
                    Expect(TokenKind.Colon, "':' after the context key");
                    if (!keys.Add(key))
                    {
                        throw new ParseException(keyPosition, $"found duplicate context key '{key}', expected unique keys");
                    }

                    var value = Expression();
                    entries.Add(new ContextEntryNode(keyPosition, key, value));
                    if (_names.Add(key))
                    {
                        added.Add(key);
                    }

                    if (Current.Kind != TokenKind.Comma)
                    {
                        break;
                    }

                    _index++;
                }
            }

            Expect(TokenKind.RightBrace, "',' or '}' in the context");
            return new ContextNode(start, entries);
        }
        finally
        {
            RemoveNames(added);
        }
    }

    private TypeNode Type()
    {
        Enter();
        try
        {
            var token = Current;
            if (token.Kind == TokenKind.Name && Peek(1).Kind == TokenKind.Less)
            {
                switch (token.Text)
                {
                    case "list":
                        _index += 2;
                        var item = Type();
                        Expect(TokenKind.Greater, "'>' after the list item type");
                        return new ListTypeNode(token.Start, item);
                    case "range":
                        _index += 2;
                        var point = Type();
                        Expect(TokenKind.Greater, "'>' after the range point type");
                        return new RangeTypeNode(token.Start, point);
                    case "context":
                        _index += 2;
                        var entries = new List<KeyValuePair<string, TypeNode>>();
                        if (Current.Kind != TokenKind.Greater)
                        {
                            while (true)
                            {
                                var key = RawKeyUntilColon("a context entry name");
                                Expect(TokenKind.Colon, "':' after the context entry name");
                                entries.Add(new KeyValuePair<string, TypeNode>(key, Type()));
                                if (Current.Kind != TokenKind.Comma)
                                {
                                    break;
                                }

                                _index++;
                            }
                        }

                        Expect(TokenKind.Greater, "'>' after the context entry types");
                        return new ContextTypeNode(token.Start, entries);
                    case "function":
                        _index += 2;
                        var parameters = new List<TypeNode>();
                        if (Current.Kind != TokenKind.Greater)
                        {
                            while (true)
                            {
                                parameters.Add(Type());
                                if (Current.Kind != TokenKind.Comma)
                                {
                                    break;
                                }

                                _index++;
                            }
                        }

                        Expect(TokenKind.Greater, "'>' after the parameter types");
                        Expect(TokenKind.Arrow, "'->' before the result type");
                        return new FunctionTypeNode(token.Start, parameters, Type());
                }
            }

            if (token.Kind == TokenKind.BacktickName)
            {
                _index++;
                return new NamedTypeNode(token.Start, token.Text);
            }

            if (token.Kind != TokenKind.Name)
            {
                throw Error("a type name");
            }

            var known = _names.Match(_text, _tokens, _index);
            if (known is { } match)
            {
                _index += match.TokenCount;
                return new NamedTypeNode(token.Start, match.Name);
            }

            // Qualified names: a.b.c
            var builder = new StringBuilder(token.Text);
            _index++;
            while (Current.Kind == TokenKind.Dot && Peek(1).Kind == TokenKind.Name)
            {
                builder.Append('.').Append(Peek(1).Text);
                _index += 2;
            }

            return new NamedTypeNode(token.Start, builder.ToString());
        }
        finally
        {
            Leave();
        }
    }
}
