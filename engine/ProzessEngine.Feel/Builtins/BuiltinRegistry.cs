using ProzessEngine.Feel.Builtins.Booleans;
using ProzessEngine.Feel.Builtins.Contexts;
using ProzessEngine.Feel.Builtins.Conversion;
using ProzessEngine.Feel.Builtins.Lists;
using ProzessEngine.Feel.Builtins.Misc;
using ProzessEngine.Feel.Builtins.Numeric;
using ProzessEngine.Feel.Builtins.Ranges;
using ProzessEngine.Feel.Builtins.Strings;
using ProzessEngine.Feel.Builtins.Temporal;
using ProzessEngine.Feel.Syntax;

namespace ProzessEngine.Feel.Builtins;

/// <summary>Every built-in function, in one explicit list (no assembly scanning).</summary>
internal sealed class BuiltinRegistry
{
    private readonly Dictionary<string, BuiltinFunction> _byName;

    private BuiltinRegistry(IEnumerable<BuiltinFunction> functions)
    {
        _byName = new Dictionary<string, BuiltinFunction>(StringComparer.Ordinal);
        foreach (var function in functions)
        {
            _byName.Add(function.Name, function);
        }
    }

    public static BuiltinRegistry Default { get; } = new(All());

    /// <summary>
    /// This registry with a host's functions added. A name that is taken (by a built-in or another added function)
    /// throws, naming it: a host function must never change what a standard expression means.
    /// </summary>
    public BuiltinRegistry With(IReadOnlyList<FeelCustomFunction> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        if (functions.Count == 0)
        {
            return this;
        }

        var combined = new List<BuiltinFunction>(_byName.Values);
        var names = new HashSet<string>(_byName.Keys, StringComparer.Ordinal);
        foreach (var function in functions)
        {
            ArgumentNullException.ThrowIfNull(function, nameof(functions));
            if (string.IsNullOrWhiteSpace(function.Name) || function.Name != function.Name.Trim() || function.Signatures.Count == 0)
            {
                throw new ArgumentException($"The FEEL function '{function.Name}' needs a name without surrounding spaces and at least one signature.",
                    nameof(functions));
            }

            if (!names.Add(function.Name))
            {
                throw new ArgumentException($"The FEEL function '{function.Name}' is already defined; choose another name.", nameof(functions));
            }

            combined.Add(new CustomBuiltinFunction(function));
        }

        return new BuiltinRegistry(combined);
    }

    /// <summary>Multi-word built-in names (and type and property names) the parser must recognise.</summary>
    public KnownNames KnownNames => _knownNames ??= CreateKnownNames();

    private KnownNames? _knownNames;

    private KnownNames CreateKnownNames()
    {
        var names = new KnownNames();
        foreach (var name in _byName.Keys)
        {
            names.Add(name);
        }

        foreach (var name in new[] { "date and time", "days and time duration", "years and months duration", "time offset", "start included", "end included" })
        {
            names.Add(name);
        }

        return names;
    }

    public IEnumerable<string> Names => _byName.Keys;

    public BuiltinFunction? Find(string name) => _byName.GetValueOrDefault(name);

    private static IEnumerable<BuiltinFunction> All() =>
    [
        // Conversion
        new DateFunction(),
        new DateAndTimeFunction(),
        new TimeFunction(),
        new NumberFunction(),
        new StringFunction(),
        new DurationFunction(),
        new YearsAndMonthsDurationFunction(),
        new FromJsonFunction(),
        new ToJsonFunction(),
        new FromAiFunction(),

        // Boolean
        new NotFunction(),
        new IsDefinedFunction(),
        new GetOrElseFunction(),
        new AssertFunction(),

        // String
        new SubstringFunction(),
        new StringLengthFunction(),
        new UpperCaseFunction(),
        new LowerCaseFunction(),
        new SubstringBeforeFunction(),
        new SubstringAfterFunction(),
        new ReplaceFunction(),
        new ContainsFunction(),
        new StartsWithFunction(),
        new EndsWithFunction(),
        new MatchesFunction(),
        new SplitFunction(),
        new ExtractFunction(),
        new TrimFunction(),
        new UuidFunction(),
        new ToBase64Function(),
        new FromBase64Function(),
        new IsBlankFunction(),
        new StringJoinFunction(),

        // List
        new ListContainsFunction(),
        new CountFunction(),
        new MinFunction(),
        new MaxFunction(),
        new SumFunction(),
        new ProductFunction(),
        new MeanFunction(),
        new MedianFunction(),
        new StddevFunction(),
        new ModeFunction(),
        new AllFunction(),
        new AnyFunction(),
        new AndFunction(),
        new OrFunction(),
        new SublistFunction(),
        new AppendFunction(),
        new ConcatenateFunction(),
        new InsertBeforeFunction(),
        new RemoveFunction(),
        new ReverseFunction(),
        new IndexOfFunction(),
        new UnionFunction(),
        new DistinctValuesFunction(),
        new DuplicateValuesFunction(),
        new FlattenFunction(),
        new SortFunction(),
        new IsEmptyFunction(),
        new PartitionFunction(),
        new ListReplaceFunction(),

        // Numeric
        new DecimalFunction(),
        new FloorFunction(),
        new CeilingFunction(),
        new RoundUpFunction(),
        new RoundDownFunction(),
        new RoundHalfUpFunction(),
        new RoundHalfDownFunction(),
        new AbsFunction(),
        new ModuloFunction(),
        new SqrtFunction(),
        new LogFunction(),
        new ExpFunction(),
        new OddFunction(),
        new EvenFunction(),
        new RandomNumberFunction(),

        // Date and time
        new NowFunction(),
        new TodayFunction(),
        new DayOfYearFunction(),
        new DayOfWeekFunction(),
        new MonthOfYearFunction(),
        new WeekOfYearFunction(),
        new LastDayOfMonthFunction(),
        new IsFunction(),

        // Range
        new BeforeFunction(),
        new AfterFunction(),
        new MeetsFunction(),
        new MetByFunction(),
        new OverlapsFunction(),
        new OverlapsBeforeFunction(),
        new OverlapsAfterFunction(),
        new FinishesFunction(),
        new FinishedByFunction(),
        new IncludesFunction(),
        new DuringFunction(),
        new StartsFunction(),
        new StartedByFunction(),
        new CoincidesFunction(),
        new RangeFunction(),

        // Context
        new GetValueFunction(),
        new GetEntriesFunction(),
        new ContextPutFunction(),
        new PutFunction(),
        new ContextMergeFunction(),
        new PutAllFunction(),
        new ContextFunction(),
    ];
}
