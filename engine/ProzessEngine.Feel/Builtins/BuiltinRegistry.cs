using ProzessEngine.Feel.Builtins.Booleans;
using ProzessEngine.Feel.Builtins.Conversion;
using ProzessEngine.Feel.Builtins.Strings;

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
        // String
        new StringLengthFunction(),
        new UpperCaseFunction(),
        new LowerCaseFunction(),
        // Boolean
        new NotFunction(),
    ];
}
