using System.Runtime.CompilerServices;
using ProzessEngine.Feel.Builtins;
using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Syntax;
using ProzessEngine.Feel.Temporal;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Compilation;

/// <summary>
/// Turns a syntax tree into a tree of delegates. Calls of built-ins are bound here (signature and argument
/// order), constants are prepared once, and comparisons with constant numbers or strings get fast paths.
/// Static errors (bad @-literals, external functions) throw <see cref="ParseException"/>.
/// </summary>
internal sealed class Compiler
{
    private readonly BuiltinRegistry _builtins;
    private StaticScope? _scope;

    public Compiler(BuiltinRegistry builtins)
    {
        _builtins = builtins;
    }

    private sealed record StaticScope(StaticScope? Parent, IReadOnlyCollection<string> Names);

    private bool IsBound(string name)
    {
        for (var scope = _scope; scope is not null; scope = scope.Parent)
        {
            if (scope.Names.Contains(name))
            {
                return true;
            }
        }

        return false;
    }

    private T WithNames<T>(IReadOnlyCollection<string> names, Func<T> compile)
    {
        var saved = _scope;
        _scope = new StaticScope(saved, names);
        try
        {
            return compile();
        }
        finally
        {
            _scope = saved;
        }
    }

    public Evaluator Compile(Node node)
    {
        RuntimeHelpers.EnsureSufficientExecutionStack();
        return CompileNode(node);
    }

    private Evaluator CompileNode(Node node) => node switch
    {
        NumberNode number => Constant(FeelValue.FromNumber(number.Value)),
        StringNode text => Constant(FeelValue.FromString(text.Value)),
        BooleanNode boolean => Constant(FeelValue.FromBoolean(boolean.Value)),
        NullNode => Constant(FeelValue.Null),
        AtLiteralNode at => Constant(AtLiteral(at)),
        NameNode name => CompileName(name),
        PathNode path => CompilePath(path),
        FilterNode filter => CompileFilter(filter),
        CallNode call => CompileCall(call),
        BinaryNode binary => CompileBinary(binary),
        NegateNode negate => CompileNegate(negate),
        IfNode conditional => CompileIf(conditional),
        ForNode loop => CompileFor(loop),
        QuantifiedNode quantified => CompileQuantified(quantified),
        BetweenNode between => CompileBetween(between),
        InNode inNode => CompileIn(inNode),
        InstanceOfNode instance => CompileInstanceOf(instance),
        FunctionDefinitionNode function => CompileFunction(function),
        ContextNode context => CompileContext(context),
        ListNode list => CompileList(list),
        RangeNode range => CompileRange(range),
        ComparisonRangeNode comparison => CompileComparisonRange(comparison),
        _ => throw new ParseException(node.Position, "unsupported expression"),
    };

    private static Evaluator Constant(FeelValue value) => _ => value;

    /// <summary>The value of a literal node, so ranges and lists of literals are built once, not per evaluation.</summary>
    private static bool TryConstant(Node node, out FeelValue value)
    {
        switch (node)
        {
            case NumberNode number:
                value = FeelValue.FromNumber(number.Value);
                return true;
            case StringNode text:
                value = FeelValue.FromString(text.Value);
                return true;
            case BooleanNode boolean:
                value = FeelValue.FromBoolean(boolean.Value);
                return true;
            case NullNode:
                value = FeelValue.Null;
                return true;
            case AtLiteralNode at:
                value = AtLiteral(at);
                return true;
            default:
                value = FeelValue.Null;
                return false;
        }
    }

    private static FeelValue AtLiteral(AtLiteralNode node)
    {
        var text = node.Text;
        if (IsoTemporal.TryParseDateTime(text, out var dateTime) && text.Contains('T', StringComparison.Ordinal))
        {
            return FeelValue.FromDateTime(dateTime);
        }

        if (IsoTemporal.TryParseDate(text, out var date))
        {
            return FeelValue.FromDate(date);
        }

        if (IsoTemporal.TryParseTime(text, out var time))
        {
            return FeelValue.FromTime(time);
        }

        if (IsoTemporal.TryParseDuration(text, out var daysTime, out var yearsMonths, out var isYearsMonths))
        {
            return isYearsMonths ? FeelValue.FromYearsMonths(yearsMonths) : FeelValue.FromDaysTime(daysTime);
        }

        throw new ParseException(node.Position, $"found @\"{text}\", expected a date, time, date and time or duration literal");
    }

    private Evaluator CompileName(NameNode node)
    {
        var name = node.Name;
        var position = node.Position;
        var builtin = _builtins.Find(name);
        var fallback = builtin is null ? (FeelValue?)null : FeelValue.FromFunction(new BuiltinFunctionValue(builtin));
        return context => context.TryLookup(name, out var value) ? value : Missing(context, name, position, fallback);
    }

    private static FeelValue Missing(EvalContext context, string name, int position, FeelValue? fallback)
    {
        if (fallback is { } function)
        {
            return function;
        }

        context.Warn($"no variable '{name}'", position);
        return FeelValue.Null;
    }

    private Evaluator CompilePath(PathNode node)
    {
        var target = Compile(node.Target);
        var member = node.Member;
        var position = node.Position;
        return context => FeelMembers.Get(target(context), member, context, position);
    }

    private Evaluator CompileFilter(FilterNode node)
    {
        var target = Compile(node.Target);
        var predicate = WithNames(["item"], () => Compile(node.Predicate));
        var position = node.Position;
        var constantIndex = node.Predicate is NumberNode number ? number.Value : (FeelNumber?)null;
        return context =>
        {
            var value = target(context);
            if (value.IsNull)
            {
                context.Warn("cannot filter null", position);
                return FeelValue.Null;
            }

            var items = value.Kind == FeelValueKind.List ? value.List.AsSpan() : (ReadOnlySpan<FeelValue>)new[] { value };
            if (constantIndex is { } index)
            {
                return Index(items, index, context, position);
            }

            if (items.Length == 0)
            {
                var saved = context.Scope;
                context.Scope = new FilterItemScope(saved, FeelValue.Null);
                context.Quiet++;
                var probe = predicate(context);
                context.Quiet--;
                context.Scope = saved;
                return probe.Kind == FeelValueKind.Number ? FeelValue.Null : FeelValue.EmptyList;
            }

            var outer = context.Scope;
            List<FeelValue>? selected = null;
            for (var i = 0; i < items.Length; i++)
            {
                context.Step();
                context.Scope = new FilterItemScope(outer, items[i]);
                var decision = predicate(context);
                context.Scope = outer;
                if (i == 0 && decision.Kind == FeelValueKind.Number)
                {
                    return Index(items, decision.Number, context, position);
                }

                if (decision.IsTrue)
                {
                    (selected ??= []).Add(items[i]);
                }
            }

            return selected is null ? FeelValue.EmptyList : FeelValue.FromOwnedArray([.. selected]);
        };
    }

    private static FeelValue Index(ReadOnlySpan<FeelValue> items, FeelNumber index, EvalContext context, int position)
    {
        if (!index.TryTruncateToInt32(out var i) || i == 0 || Math.Abs((long)i) > items.Length)
        {
            context.Warn($"index {index} is out of range for a list of {items.Length} item(s)", position);
            return FeelValue.Null;
        }

        return i > 0 ? items[i - 1] : items[items.Length + i];
    }

    private Evaluator CompileCall(CallNode node)
    {
        if (node.Callee is NameNode name && !IsBound(name.Name) && _builtins.Find(name.Name) is { } builtin)
        {
            return CompileBuiltinCall(builtin, node);
        }

        var callee = node.Callee is NameNode calleeName ? CompileFunctionLookup(calleeName) : Compile(node.Callee);
        var arguments = CompileAll(node.Arguments);
        var names = node.Names?.ToArray();
        var position = node.Position;
        return context =>
        {
            var function = callee(context);
            if (function.Kind != FeelValueKind.Function)
            {
                if (!function.IsNull || node.Callee is not NameNode)
                {
                    context.Warn($"cannot invoke {FeelFormatter.Describe(function)}, it is not a function", position);
                }

                return FeelValue.Null;
            }

            var values = new FeelValue[arguments.Length];
            for (var i = 0; i < arguments.Length; i++)
            {
                values[i] = arguments[i](context);
            }

            return names is null
                ? function.Function.Invoke(values, context, position)
                : function.Function.InvokeNamed(names, values, context, position);
        };
    }

    private static Evaluator CompileFunctionLookup(NameNode node)
    {
        var name = node.Name;
        var position = node.Position;
        return context =>
        {
            if (context.TryLookup(name, out var value))
            {
                return value;
            }

            context.Warn($"no function '{name}'", position);
            return FeelValue.Null;
        };
    }

    private Evaluator[] CompileAll(IReadOnlyList<Node> nodes)
    {
        var compiled = new Evaluator[nodes.Count];
        for (var i = 0; i < nodes.Count; i++)
        {
            compiled[i] = Compile(nodes[i]);
        }

        return compiled;
    }

    private Evaluator CompileBuiltinCall(BuiltinFunction function, CallNode node)
    {
        var arguments = CompileAll(node.Arguments);
        var position = node.Position;
        var quiet = function.QuietArguments;
        if (node.Names is { } names)
        {
            var signature = function.FindNamed(names);
            if (signature is null)
            {
                return context => BuiltinInvoker.NoMatch(function, $"parameters {string.Join(", ", names)}", context, position);
            }

            // For each parameter, the argument that supplies it (or -1: missing, null).
            var sources = new int[signature.Parameters.Length];
            Array.Fill(sources, -1);
            for (var i = 0; i < names.Count; i++)
            {
                sources[Array.IndexOf(signature.Parameters, names[i])] = i;
            }

            return context =>
            {
                var values = new FeelValue[sources.Length];
                if (quiet)
                {
                    context.Quiet++;
                }

                for (var i = 0; i < sources.Length; i++)
                {
                    values[i] = sources[i] < 0 ? FeelValue.Null : arguments[sources[i]](context);
                }

                if (quiet)
                {
                    context.Quiet--;
                }

                return BuiltinInvoker.Invoke(function, signature, values, context, position);
            };
        }

        var positional = function.FindPositional(arguments.Length);
        if (positional is null)
        {
            var count = arguments.Length;
            return context => BuiltinInvoker.NoMatch(function, $"{count} argument(s)", context, position);
        }

        if (positional.VarArgs != VarArgs.None || arguments.Length > 8)
        {
            return context =>
            {
                var values = new FeelValue[arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    values[i] = arguments[i](context);
                }

                return BuiltinInvoker.Invoke(function, positional, BuiltinInvoker.ArrangePositional(positional, values), context, position);
            };
        }

        var name = function.Name;
        var body = positional.Body;
        if (quiet)
        {
            return context =>
            {
                var buffer = default(ArgumentBuffer);
                Span<FeelValue> values = buffer;
                values = values[..arguments.Length];
                context.Quiet++;
                for (var i = 0; i < arguments.Length; i++)
                {
                    values[i] = arguments[i](context);
                }

                context.Quiet--;
                return body(new BuiltinCall(values, positional, name, context, position));
            };
        }

        return arguments.Length switch
        {
            0 => context => body(new BuiltinCall([], positional, name, context, position)),
            1 => CompileUnaryBuiltin(arguments[0], positional, name, position),
            _ => context =>
            {
                var buffer = default(ArgumentBuffer);
                Span<FeelValue> values = buffer;
                values = values[..arguments.Length];
                for (var i = 0; i < arguments.Length; i++)
                {
                    values[i] = arguments[i](context);
                }

                return body(new BuiltinCall(values, positional, name, context, position));
            }
            ,
        };
    }

    private static Evaluator CompileUnaryBuiltin(Evaluator argument, BuiltinSignature signature, string name, int position)
    {
        var body = signature.Body;
        return context =>
        {
            var value = argument(context);
            return body(new BuiltinCall(new ReadOnlySpan<FeelValue>(in value), signature, name, context, position));
        };
    }

    private Evaluator CompileBinary(BinaryNode node)
    {
        var left = Compile(node.Left);
        var right = Compile(node.Right);
        var position = node.Position;
        switch (node.Operator)
        {
            case BinaryOperator.And:
                return context => And(left(context), right, context, position);
            case BinaryOperator.Or:
                return context => Or(left(context), right, context, position);
            case BinaryOperator.Add:
                return context => FeelArithmetic.Add(left(context), right(context), context, position);
            case BinaryOperator.Subtract:
                return context => FeelArithmetic.Subtract(left(context), right(context), context, position);
            case BinaryOperator.Multiply:
                return context => FeelArithmetic.Multiply(left(context), right(context), context, position);
            case BinaryOperator.Divide:
                return context => FeelArithmetic.Divide(left(context), right(context), context, position);
            case BinaryOperator.Power:
                return context => FeelArithmetic.Power(left(context), right(context), context, position);
            case BinaryOperator.Equal:
            case BinaryOperator.NotEqual:
                return CompileEquality(node, left, right);
            default:
                return CompileOrdering(node, left, right);
        }
    }

    private static FeelValue And(FeelValue left, Evaluator rightEvaluator, EvalContext context, int position)
    {
        if (left.IsFalse)
        {
            return FeelValue.False;
        }

        var right = rightEvaluator(context);
        if (right.IsFalse)
        {
            return FeelValue.False;
        }

        if (left.IsTrue && right.IsTrue)
        {
            return FeelValue.True;
        }

        WarnIfNotBoolean("and", left, right, context, position);
        return FeelValue.Null;
    }

    private static FeelValue Or(FeelValue left, Evaluator rightEvaluator, EvalContext context, int position)
    {
        if (left.IsTrue)
        {
            return FeelValue.True;
        }

        var right = rightEvaluator(context);
        if (right.IsTrue)
        {
            return FeelValue.True;
        }

        if (left.IsFalse && right.IsFalse)
        {
            return FeelValue.False;
        }

        WarnIfNotBoolean("or", left, right, context, position);
        return FeelValue.Null;
    }

    private static void WarnIfNotBoolean(string operation, FeelValue left, FeelValue right, EvalContext context, int position)
    {
        if (!left.IsNull && left.Kind != FeelValueKind.Boolean)
        {
            context.Warn($"operand of '{operation}' is not a boolean: {FeelFormatter.Describe(left)}", position);
        }
        else if (!right.IsNull && right.Kind != FeelValueKind.Boolean)
        {
            context.Warn($"operand of '{operation}' is not a boolean: {FeelFormatter.Describe(right)}", position);
        }
    }

    private static Evaluator CompileEquality(BinaryNode node, Evaluator left, Evaluator right)
    {
        var negate = node.Operator == BinaryOperator.NotEqual;
        var position = node.Position;
        if (node.Right is StringNode text)
        {
            var constant = text.Value;
            var constantValue = FeelValue.FromString(constant);
            return context =>
            {
                var value = left(context);
                if (value.Kind == FeelValueKind.String)
                {
                    return FeelValue.FromBoolean(string.Equals(value.StringValue, constant, StringComparison.Ordinal) != negate);
                }

                return Equality(value, constantValue, negate, context, position);
            };
        }

        if (node.Right is NumberNode number)
        {
            var constant = number.Value;
            var constantValue = FeelValue.FromNumber(constant);
            return context =>
            {
                var value = left(context);
                if (value.Kind == FeelValueKind.Number)
                {
                    return FeelValue.FromBoolean((value.Number.CompareTo(constant) == 0) != negate);
                }

                return Equality(value, constantValue, negate, context, position);
            };
        }

        return context => Equality(left(context), right(context), negate, context, position);
    }

    private static FeelValue Equality(FeelValue left, FeelValue right, bool negate, EvalContext context, int position)
    {
        var equal = FeelEquality.Equal(left, right);
        if (equal is { } result)
        {
            return FeelValue.FromBoolean(result != negate);
        }

        context.Warn($"cannot compare {FeelFormatter.Describe(left)} with {FeelFormatter.Describe(right)}", position);
        return FeelValue.Null;
    }

    private static Evaluator CompileOrdering(BinaryNode node, Evaluator left, Evaluator right)
    {
        var op = node.Operator;
        var position = node.Position;
        if (node.Right is NumberNode number)
        {
            var constant = number.Value;
            var constantValue = FeelValue.FromNumber(constant);
            return op switch
            {
                BinaryOperator.Less => context =>
                {
                    var value = left(context);
                    return value.Kind == FeelValueKind.Number ? FeelValue.FromBoolean(value.Number.CompareTo(constant) < 0) : Ordering(op, value, constantValue, context, position);
                }
                ,
                BinaryOperator.LessOrEqual => context =>
                {
                    var value = left(context);
                    return value.Kind == FeelValueKind.Number ? FeelValue.FromBoolean(value.Number.CompareTo(constant) <= 0) : Ordering(op, value, constantValue, context, position);
                }
                ,
                BinaryOperator.Greater => context =>
                {
                    var value = left(context);
                    return value.Kind == FeelValueKind.Number ? FeelValue.FromBoolean(value.Number.CompareTo(constant) > 0) : Ordering(op, value, constantValue, context, position);
                }
                ,
                _ => context =>
                {
                    var value = left(context);
                    return value.Kind == FeelValueKind.Number ? FeelValue.FromBoolean(value.Number.CompareTo(constant) >= 0) : Ordering(op, value, constantValue, context, position);
                }
                ,
            };
        }

        return context => Ordering(op, left(context), right(context), context, position);
    }

    private static FeelValue Ordering(BinaryOperator op, FeelValue left, FeelValue right, EvalContext context, int position)
    {
        var order = FeelEquality.Compare(left, right);
        if (order is not { } value)
        {
            context.Warn($"cannot compare {FeelFormatter.Describe(left)} with {FeelFormatter.Describe(right)}", position);
            return FeelValue.Null;
        }

        return FeelValue.FromBoolean(op switch
        {
            BinaryOperator.Less => value < 0,
            BinaryOperator.LessOrEqual => value <= 0,
            BinaryOperator.Greater => value > 0,
            _ => value >= 0,
        });
    }

    private Evaluator CompileNegate(NegateNode node)
    {
        var operand = Compile(node.Operand);
        var position = node.Position;
        return context => FeelArithmetic.Negate(operand(context), context, position);
    }

    private Evaluator CompileIf(IfNode node)
    {
        var condition = Compile(node.Condition);
        var then = Compile(node.Then);
        var otherwise = Compile(node.Else);
        var position = node.Position;
        return context =>
        {
            var decision = condition(context);
            if (decision.IsTrue)
            {
                return then(context);
            }

            if (!decision.IsNull && decision.Kind != FeelValueKind.Boolean)
            {
                context.Warn($"condition of 'if' is not a boolean: {FeelFormatter.Describe(decision)}", position);
            }

            return otherwise(context);
        };
    }

    private sealed record CompiledIteration(string Name, Evaluator Domain, Evaluator? End, int Position);

    private List<CompiledIteration> CompileIterations(IReadOnlyList<Iteration> iterations, List<string> bound)
    {
        var compiled = new List<CompiledIteration>();
        foreach (var iteration in iterations)
        {
            var names = bound.ToArray();
            var domain = WithNames(names, () => Compile(iteration.Domain));
            var end = iteration.RangeEnd is null ? null : WithNames(names, () => Compile(iteration.RangeEnd));
            compiled.Add(new CompiledIteration(iteration.Name, domain, end, iteration.Position));
            bound.Add(iteration.Name);
        }

        return compiled;
    }

    private Evaluator CompileFor(ForNode node)
    {
        var bound = new List<string>();
        var iterations = CompileIterations(node.Iterations, bound);
        bound.Add("partial");
        var body = WithNames(bound, () => Compile(node.Body));
        var usesPartial = Mentions(node.Body, "partial");
        return context =>
        {
            var results = new List<FeelValue>();
            var size = 2L;
            var outer = context.Scope;
            var ok = Iterate(iterations, 0, context, outer, (scope, ctx) =>
            {
                ctx.Scope = usesPartial ? new VariableScope(scope, "partial", FeelValue.FromList(FeelList.Snapshot([.. results], size))) : scope;
                var result = body(ctx);
                // Checked as the list grows, so that 'for i in 1..n return s' stops at the limit, not after n items
                // (below the thresholds no limit can be exceeded, and the check is skipped).
                size = FeelSize.Add(size, FeelSize.Of(result) + 1);
                if (size >= EvalContext.CheckedSize || results.Count >= EvalContext.CheckedCount)
                {
                    ctx.CheckList(results.Count + 1L, size);
                }

                results.Add(result);
                return true;
            });
            context.Scope = outer;
            return !ok ? FeelValue.Null : results.Count == 0 ? FeelValue.EmptyList : FeelValue.FromList(new FeelList([.. results], size));
        };
    }

    private Evaluator CompileQuantified(QuantifiedNode node)
    {
        var bound = new List<string>();
        var iterations = CompileIterations(node.Iterations, bound);
        var condition = WithNames(bound, () => Compile(node.Condition));
        var every = node.Every;
        return context =>
        {
            var outer = context.Scope;
            var decided = false;
            var undecided = false;
            var ok = Iterate(iterations, 0, context, outer, (scope, ctx) =>
            {
                ctx.Scope = scope;
                var result = condition(ctx);
                if (every ? result.IsFalse : result.IsTrue)
                {
                    decided = true;
                    return false;
                }

                undecided |= !(every ? result.IsTrue : result.IsFalse);
                return true;
            });
            context.Scope = outer;
            if (decided)
            {
                return FeelValue.FromBoolean(!every);
            }

            if (!ok || undecided)
            {
                return FeelValue.Null;
            }

            return FeelValue.FromBoolean(every);
        };
    }

    /// <summary>Runs <paramref name="visit"/> for every combination of iteration values; visit returns false to stop.
    /// Returns false when a domain is not iterable (a warning is reported) or the visit stopped.</summary>
    private static bool Iterate(List<CompiledIteration> iterations, int level, EvalContext context, Scope? scope, Func<Scope?, EvalContext, bool> visit)
    {
        if (level == iterations.Count)
        {
            context.Step();
            return visit(scope, context);
        }

        var iteration = iterations[level];
        context.Scope = scope;
        var domain = iteration.Domain(context);
        if (iteration.End is { } endEvaluator)
        {
            var end = endEvaluator(context);
            return IterateRange(iteration, domain, end, context, scope, iterations, level, visit);
        }

        if (domain.Kind == FeelValueKind.Range)
        {
            var range = domain.Range;
            if (range.Shape != RangeShape.Interval || !IsIterable(range.Start) || FeelEquality.Compare(range.Start, range.End) is not <= 0)
            {
                context.Warn($"cannot iterate over {FeelFormatter.Describe(domain)}", iteration.Position);
                return false;
            }

            return IterateRange(iteration, range.Start, range.End, context, scope, iterations, level, visit, range.StartIncluded, range.EndIncluded);
        }

        if (domain.IsNull || domain.Kind != FeelValueKind.List)
        {
            if (domain.IsNull)
            {
                context.Warn($"cannot iterate over null ('{iteration.Name}')", iteration.Position);
                return false;
            }

            domain = FeelValue.FromOwnedArray([domain]);
        }

        foreach (var item in domain.List.AsSpan())
        {
            if (!Iterate(iterations, level + 1, context, new VariableScope(scope, iteration.Name, item), visit))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIterable(FeelValue value) =>
        (value.Kind == FeelValueKind.Number && value.Number.IsInteger) || value.Kind == FeelValueKind.Date;

    private static bool IterateRange(CompiledIteration iteration, FeelValue start, FeelValue end, EvalContext context, Scope? scope,
        List<CompiledIteration> iterations, int level, Func<Scope?, EvalContext, bool> visit, bool startIncluded = true, bool endIncluded = true)
    {
        if (start.Kind != end.Kind || !IsIterable(start) || !IsIterable(end))
        {
            context.Warn($"cannot iterate from {FeelFormatter.Describe(start)} to {FeelFormatter.Describe(end)}, expected integers or dates", iteration.Position);
            return false;
        }

        if (start.Kind == FeelValueKind.Date)
        {
            var first = start.Date.EpochDay;
            var last = end.Date.EpochDay;
            var step = first <= last ? 1 : -1;
            for (var day = first; ; day += step)
            {
                var inside = (day != first || startIncluded) && (day != last || endIncluded);
                if (inside && !Iterate(iterations, level + 1, context, new VariableScope(scope, iteration.Name, FeelValue.FromDate(new FeelDate(day))), visit))
                {
                    return false;
                }

                if (day == last)
                {
                    return true;
                }

                context.Step();
            }
        }

        var current = start.Number;
        var limit = end.Number;
        var ascending = current <= limit;
        var one = ascending ? FeelNumber.One : FeelNumber.One.Negate();
        while (true)
        {
            var isFirst = current == start.Number;
            var isLast = current == limit;
            if ((!isFirst || startIncluded) && (!isLast || endIncluded)
                && !Iterate(iterations, level + 1, context, new VariableScope(scope, iteration.Name, FeelValue.FromNumber(current)), visit))
            {
                return false;
            }

            if (isLast || !FeelNumber.TryAdd(current, one, out current))
            {
                return true;
            }

            context.Step();
        }
    }

    private static bool Mentions(Node node, string name) => node switch
    {
        NameNode n => n.Name == name,
        PathNode p => Mentions(p.Target, name),
        FilterNode f => Mentions(f.Target, name) || Mentions(f.Predicate, name),
        CallNode c => Mentions(c.Callee, name) || c.Arguments.Any(a => Mentions(a, name)),
        BinaryNode b => Mentions(b.Left, name) || Mentions(b.Right, name),
        NegateNode n => Mentions(n.Operand, name),
        IfNode i => Mentions(i.Condition, name) || Mentions(i.Then, name) || Mentions(i.Else, name),
        ForNode f => f.Iterations.Any(i => Mentions(i.Domain, name) || (i.RangeEnd is not null && Mentions(i.RangeEnd, name))) || Mentions(f.Body, name),
        QuantifiedNode q => q.Iterations.Any(i => Mentions(i.Domain, name)) || Mentions(q.Condition, name),
        BetweenNode b => Mentions(b.Value, name) || Mentions(b.Low, name) || Mentions(b.High, name),
        InNode i => Mentions(i.Value, name) || i.Tests.Any(t => t is ComparisonTestNode c ? Mentions(c.Endpoint, name) : Mentions(((ExpressionTestNode)t).Expression, name)),
        InstanceOfNode i => Mentions(i.Value, name),
        FunctionDefinitionNode f => Mentions(f.Body, name),
        ContextNode c => c.Entries.Any(e => Mentions(e.Value, name)),
        ListNode l => l.Items.Any(i => Mentions(i, name)),
        RangeNode r => Mentions(r.Start, name) || Mentions(r.End, name),
        ComparisonRangeNode c => Mentions(c.Endpoint, name),
        _ => false,
    };

    private Evaluator CompileBetween(BetweenNode node)
    {
        var value = Compile(node.Value);
        var low = Compile(node.Low);
        var high = Compile(node.High);
        var position = node.Position;
        return context =>
        {
            var v = value(context);
            var lo = low(context);
            var hi = high(context);
            var lower = FeelEquality.Compare(lo, v);
            var upper = FeelEquality.Compare(v, hi);
            if (lower is null || upper is null)
            {
                context.Warn($"cannot decide {FeelFormatter.Describe(v)} between {FeelFormatter.Describe(lo)} and {FeelFormatter.Describe(hi)}", position);
                return FeelValue.Null;
            }

            return FeelValue.FromBoolean(lower <= 0 && upper <= 0);
        };
    }

    private Evaluator CompileIn(InNode node)
    {
        var value = Compile(node.Value);
        var tests = node.Tests.Select(CompileUnaryTest).ToArray();
        return context =>
        {
            var input = value(context);
            var saved = context.Scope;
            context.Scope = new VariableScope(saved, "?", input);
            var result = AnyTest(tests, input, context);
            context.Scope = saved;
            return result is { } decided ? FeelValue.FromBoolean(decided) : FeelValue.Null;
        };
    }

    public static bool? AnyTest(UnaryTestEvaluator[] tests, FeelValue input, EvalContext context)
    {
        var undecided = false;
        foreach (var test in tests)
        {
            var result = test(input, context);
            if (result == true)
            {
                return true;
            }

            undecided |= result is null;
        }

        return undecided ? null : false;
    }

    public UnaryTestEvaluator CompileUnaryTest(UnaryTestNode node)
    {
        var position = node.Position;
        if (node is ComparisonTestNode comparison)
        {
            var endpoint = Compile(comparison.Endpoint);
            var op = comparison.Operator;
            return (input, context) => CompareTest(op, input, endpoint(context), context, position);
        }

        var test = (ExpressionTestNode)node;
        var expression = Compile(test.Expression);
        if (test.UsesInput)
        {
            return (input, context) =>
            {
                var result = expression(context);
                if (result.Kind == FeelValueKind.Boolean)
                {
                    return result.BooleanValue;
                }

                if (!result.IsNull)
                {
                    context.Warn($"unary test with '?' must be a boolean, found {FeelFormatter.Describe(result)}", position);
                }

                return null;
            };
        }

        return (input, context) => ValueTest(input, expression(context), context, position);
    }

    private static bool? CompareTest(ComparisonOperator op, FeelValue input, FeelValue endpoint, EvalContext context, int position)
    {
        if (op is ComparisonOperator.Equal or ComparisonOperator.NotEqual)
        {
            var equal = FeelEquality.Equal(input, endpoint);
            if (equal is null)
            {
                context.Warn($"cannot compare {FeelFormatter.Describe(input)} with {FeelFormatter.Describe(endpoint)}", position);
                return null;
            }

            return op == ComparisonOperator.Equal ? equal : !equal;
        }

        var order = FeelEquality.Compare(input, endpoint);
        if (order is not { } value)
        {
            context.Warn($"cannot compare {FeelFormatter.Describe(input)} with {FeelFormatter.Describe(endpoint)}", position);
            return null;
        }

        return op switch
        {
            ComparisonOperator.Less => value < 0,
            ComparisonOperator.LessOrEqual => value <= 0,
            ComparisonOperator.Greater => value > 0,
            _ => value >= 0,
        };
    }

    /// <summary>A unary test given by a value: a range or list contains the input, a boolean decides for non-boolean inputs, otherwise equality.</summary>
    private static bool? ValueTest(FeelValue input, FeelValue test, EvalContext context, int position)
    {
        switch (test.Kind)
        {
            case FeelValueKind.Range:
                return FeelRanges.Contains(test.Range, input, context, position);
            case FeelValueKind.List:
                if (input.Kind == FeelValueKind.List && FeelEquality.Equal(input, test) == true)
                {
                    return true;
                }

                foreach (var item in test.List.AsSpan())
                {
                    if (item.Kind == FeelValueKind.Range)
                    {
                        if (FeelRanges.Contains(item.Range, input, context, position) == true)
                        {
                            return true;
                        }
                    }
                    else if (FeelEquality.Equal(input, item) == true)
                    {
                        return true;
                    }
                }

                return false;
            case FeelValueKind.Boolean when input.Kind != FeelValueKind.Boolean:
                return test.BooleanValue;
        }

        var equal = FeelEquality.Equal(input, test);
        if (equal is null)
        {
            context.Warn($"cannot compare {FeelFormatter.Describe(input)} with {FeelFormatter.Describe(test)}", position);
        }

        return equal;
    }

    private Evaluator CompileInstanceOf(InstanceOfNode node)
    {
        var value = Compile(node.Value);
        var check = TypeChecks.Build(node.Type, out var unknown);
        var position = node.Position;
        if (check is null)
        {
            // A plain name may be a type of the host's (IFeelTypes on the variables), known only when it runs.
            var hostType = node.Type is NamedTypeNode named ? named.Name : null;
            return context =>
            {
                if (hostType is not null && context.Variables is IFeelTypes types && types.IsInstance(value(context), hostType) is { } instance)
                {
                    return FeelValue.FromBoolean(instance);
                }

                context.Warn($"unknown type '{unknown}'", position);
                return FeelValue.Null;
            };
        }

        return context => FeelValue.FromBoolean(check(value(context)));
    }

    private Evaluator CompileFunction(FunctionDefinitionNode node)
    {
        if (node.External)
        {
            throw new ParseException(node.Position, "found an external function, expected a FEEL function body (external functions are not supported)");
        }

        var names = node.Parameters.Select(parameter => parameter.Name).ToArray();
        var types = new Func<FeelValue, bool>?[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            if (node.Parameters[i].Type is { } type)
            {
                types[i] = TypeChecks.Build(type, out _);
            }
        }

        var body = WithNames(names, () => Compile(node.Body));
        return context => FeelValue.FromFunction(new LambdaFunction(names, types, body, context.Scope, context.Variables));
    }

    private Evaluator CompileContext(ContextNode node)
    {
        var keys = node.Entries.Select(entry => entry.Key).ToArray();
        var values = WithNames(keys, () => node.Entries.Select(entry => Compile(entry.Value)).ToArray());
        if (keys.Length == 0)
        {
            return Constant(FeelValue.FromContext(FeelContext.Empty));
        }

        return context =>
        {
            var saved = context.Scope;
            var builder = new ContextBuilderScope(saved);
            context.Scope = builder;
            var size = 2L;
            for (var i = 0; i < keys.Length; i++)
            {
                var value = values[i](context);
                // Checked entry by entry: {a: s, b: a + a, c: b + b, ...} grows with every entry.
                size = FeelSize.Add(size, FeelSize.Of(value) + keys[i].Length + 4);
                if (size >= EvalContext.CheckedSize)
                {
                    context.CheckSize(size);
                }

                builder.Entries.Add(new KeyValuePair<string, FeelValue>(keys[i], value));
            }

            context.Scope = saved;
            return FeelValue.FromContext(new FeelContext([.. builder.Entries], size));
        };
    }

    private Evaluator CompileList(ListNode node)
    {
        var items = CompileAll(node.Items);
        if (items.Length == 0)
        {
            return Constant(FeelValue.EmptyList);
        }

        var constants = new FeelValue[items.Length];
        var allConstant = true;
        for (var i = 0; i < items.Length && allConstant; i++)
        {
            allConstant = TryConstant(node.Items[i], out constants[i]);
        }

        if (allConstant)
        {
            return Constant(FeelValue.FromOwnedArray(constants));
        }

        return context =>
        {
            var values = new FeelValue[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                values[i] = items[i](context);
            }

            return FeelValue.FromOwnedArray(values);
        };
    }

    private Evaluator CompileRange(RangeNode node)
    {
        var start = Compile(node.Start);
        var end = Compile(node.End);
        var startIncluded = node.StartIncluded;
        var endIncluded = node.EndIncluded;
        var position = node.Position;
        if (TryConstant(node.Start, out var constantStart) && TryConstant(node.End, out var constantEnd)
            && FeelRanges.Validate(constantStart, constantEnd) is null)
        {
            return Constant(FeelValue.FromRange(new FeelRange(RangeShape.Interval, constantStart, startIncluded, constantEnd, endIncluded)));
        }

        return context =>
        {
            var low = start(context);
            var high = end(context);
            var problem = FeelRanges.Validate(low, high);
            if (problem is not null)
            {
                context.Warn(problem, position);
                return FeelValue.Null;
            }

            return FeelValue.FromRange(new FeelRange(RangeShape.Interval, low, startIncluded, high, endIncluded));
        };
    }

    private Evaluator CompileComparisonRange(ComparisonRangeNode node)
    {
        var endpoint = Compile(node.Endpoint);
        var shape = node.Operator switch
        {
            ComparisonOperator.Less => RangeShape.LessThan,
            ComparisonOperator.LessOrEqual => RangeShape.LessOrEqual,
            ComparisonOperator.Greater => RangeShape.GreaterThan,
            ComparisonOperator.GreaterOrEqual => RangeShape.GreaterOrEqual,
            ComparisonOperator.Equal => RangeShape.EqualTo,
            _ => RangeShape.NotEqualTo,
        };
        var position = node.Position;
        return context =>
        {
            var value = endpoint(context);
            if (value.IsNull || (!FeelRanges.IsRangePointKind(value.Kind) && shape is not (RangeShape.EqualTo or RangeShape.NotEqualTo)))
            {
                context.Warn($"cannot build a range of {FeelFormatter.Describe(value)}", position);
                return FeelValue.Null;
            }

            return FeelValue.FromRange(FeelRange.FromComparison(shape, value));
        };
    }
}
