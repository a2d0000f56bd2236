using ProzessEngine.Feel;

namespace ProzessEngine.Core.State;

/// <summary>Variables of one scope, in insertion order of their names.</summary>
public sealed class VariableMap : IFeelVariables
{
    private readonly Dictionary<string, FeelValue> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public IEnumerable<KeyValuePair<string, FeelValue>> Entries => _values;

    public bool Contains(string name) => _values.ContainsKey(name);

    public bool TryGetValue(string name, out FeelValue value) => _values.TryGetValue(name, out value);

    public void Set(string name, FeelValue value) => _values[name] = value;

    public bool Remove(string name) => _values.Remove(name);
}
