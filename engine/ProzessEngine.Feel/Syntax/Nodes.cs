using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Syntax;

/// <summary>A node of the FEEL syntax tree; Position is the 0-based offset it starts at (operators: the operator).</summary>
internal abstract record Node(int Position);

internal sealed record NumberNode(int Position, FeelNumber Value) : Node(Position);

internal sealed record StringNode(int Position, string Value) : Node(Position);

internal sealed record BooleanNode(int Position, bool Value) : Node(Position);

internal sealed record NullNode(int Position) : Node(Position);

/// <summary>@"..." temporal literal.</summary>
internal sealed record AtLiteralNode(int Position, string Text) : Node(Position);

internal sealed record NameNode(int Position, string Name) : Node(Position);

internal sealed record PathNode(int Position, Node Target, string Member) : Node(Position);

internal sealed record FilterNode(int Position, Node Target, Node Predicate) : Node(Position);

/// <summary>An invocation; <see cref="Names"/> is set for named arguments (same length as <see cref="Arguments"/>).</summary>
internal sealed record CallNode(int Position, Node Callee, IReadOnlyList<Node> Arguments, IReadOnlyList<string>? Names) : Node(Position);

internal enum BinaryOperator
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Power,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    And,
    Or,
}

internal sealed record BinaryNode(int Position, BinaryOperator Operator, Node Left, Node Right) : Node(Position);

internal sealed record NegateNode(int Position, Node Operand) : Node(Position);

internal sealed record IfNode(int Position, Node Condition, Node Then, Node Else) : Node(Position);

/// <summary>One iteration context: name in domain, or name in start..end.</summary>
internal sealed record Iteration(int Position, string Name, Node Domain, Node? RangeEnd);

internal sealed record ForNode(int Position, IReadOnlyList<Iteration> Iterations, Node Body) : Node(Position);

internal sealed record QuantifiedNode(int Position, bool Every, IReadOnlyList<Iteration> Iterations, Node Condition) : Node(Position);

internal sealed record BetweenNode(int Position, Node Value, Node Low, Node High) : Node(Position);

internal sealed record InNode(int Position, Node Value, IReadOnlyList<UnaryTestNode> Tests) : Node(Position);

internal sealed record InstanceOfNode(int Position, Node Value, TypeNode Type) : Node(Position);

internal sealed record Parameter(string Name, TypeNode? Type);

internal sealed record FunctionDefinitionNode(int Position, IReadOnlyList<Parameter> Parameters, Node Body, bool External) : Node(Position);

internal sealed record ContextEntryNode(int Position, string Key, Node Value);

internal sealed record ContextNode(int Position, IReadOnlyList<ContextEntryNode> Entries) : Node(Position);

internal sealed record ListNode(int Position, IReadOnlyList<Node> Items) : Node(Position);

internal sealed record RangeNode(int Position, bool StartIncluded, Node Start, Node End, bool EndIncluded) : Node(Position);

internal enum ComparisonOperator
{
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Equal,
    NotEqual,
}

/// <summary>A unary comparison used as a range value: (&lt; 10).</summary>
internal sealed record ComparisonRangeNode(int Position, ComparisonOperator Operator, Node Endpoint) : Node(Position);

/// <summary>A unary test: a comparison with an endpoint, or an expression compared with (or, when it uses '?', deciding for) the input.</summary>
internal abstract record UnaryTestNode(int Position);

internal sealed record ComparisonTestNode(int Position, ComparisonOperator Operator, Node Endpoint) : UnaryTestNode(Position);

internal sealed record ExpressionTestNode(int Position, Node Expression, bool UsesInput) : UnaryTestNode(Position);

/// <summary>The root of parsed unary tests: "-", a list of positive tests, or not(...).</summary>
internal sealed record UnaryTestsNode(int Position, bool MatchesAnything, bool Negated, IReadOnlyList<UnaryTestNode> Tests);

internal abstract record TypeNode(int Position);

internal sealed record NamedTypeNode(int Position, string Name) : TypeNode(Position);

internal sealed record ListTypeNode(int Position, TypeNode Item) : TypeNode(Position);

internal sealed record RangeTypeNode(int Position, TypeNode Point) : TypeNode(Position);

internal sealed record ContextTypeNode(int Position, IReadOnlyList<KeyValuePair<string, TypeNode>> Entries) : TypeNode(Position);

internal sealed record FunctionTypeNode(int Position, IReadOnlyList<TypeNode> Parameters, TypeNode Result) : TypeNode(Position);
