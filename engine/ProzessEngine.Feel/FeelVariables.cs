namespace ProzessEngine.Feel;

/// <summary>A simple <see cref="IFeelVariables"/> over a dictionary (ordinal names).</summary>
public sealed class FeelVariables : IFeelVariables
{
    private readonly Dictionary<string, FeelValue> _values;

    public FeelVariables()
    {
        _values = new Dictionary<string, FeelValue>(StringComparer.Ordinal);
    }

    public FeelVariables(IEnumerable<KeyValuePair<string, FeelValue>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, FeelValue>(values, StringComparer.Ordinal);
    }

    public static IFeelVariables Empty { get; } = new NoVariables();

    public FeelValue this[string name]
    {
        get => _values[name];
        set => _values[name] = value;
    }

    public bool TryGetValue(string name, out FeelValue value) => _values.TryGetValue(name, out value);

    private sealed class NoVariables : IFeelVariables
    {
        public bool TryGetValue(string name, out FeelValue value)
        {
            value = FeelValue.Null;
            return false;
        }
    }
}
