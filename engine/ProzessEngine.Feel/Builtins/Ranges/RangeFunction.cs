using ProzessEngine.Feel.Compilation;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Syntax;

namespace ProzessEngine.Feel.Builtins.Ranges;

/// <summary>range(from): a range from its text, whose endpoints must be literals (numbers, strings, @-literals,
/// or date/time/duration conversions of string literals).</summary>
internal sealed class RangeFunction : BuiltinFunction
{
    public override string Name => "range";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(Create, "from")];

    private static FeelValue Create(BuiltinCall call)
    {
        if (!call.String(0, out var text))
        {
            return FeelValue.Null;
        }

        Node node;
        try
        {
            node = Parser.ParseExpression(text, BuiltinRegistry.Default.KnownNames, 20);
        }
        catch (ParseException exception)
        {
            return call.Fail($"'{text}' is not a range: {exception.Message}");
        }

        if (node is not RangeNode range || !IsLiteral(range.Start) || !IsLiteral(range.End))
        {
            return call.Fail($"'{text}' is not a range with literal endpoints");
        }

        try
        {
            var evaluator = new Compiler(BuiltinRegistry.Default).Compile(node);
            var saved = call.Evaluation.Scope;
            var value = evaluator(call.Evaluation);
            call.Evaluation.Scope = saved;
            return value.IsNull ? call.Fail($"'{text}' is not a valid range") : value;
        }
        catch (ParseException exception)
        {
            return call.Fail($"'{text}' is not a range: {exception.Message}");
        }
    }

    private static bool IsLiteral(Node node) => node switch
    {
        NumberNode or StringNode or AtLiteralNode => true,
        NegateNode negate => negate.Operand is NumberNode,
        CallNode { Callee: NameNode name, Arguments: [StringNode], Names: null } =>
            name.Name is "date" or "time" or "date and time" or "duration",
        _ => false,
    };
}
