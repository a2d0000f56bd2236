using System.Runtime.CompilerServices;
using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Compilation;

/// <summary>A compiled expression node.</summary>
internal delegate FeelValue Evaluator(EvalContext context);

/// <summary>A compiled unary test: true, false, or null when undecidable.</summary>
internal delegate bool? UnaryTestEvaluator(FeelValue input, EvalContext context);

/// <summary>Stack space for the arguments of a built-in call, so calls with up to eight arguments do not allocate.</summary>
[InlineArray(8)]
internal struct ArgumentBuffer
{
    private FeelValue _element0;
}
