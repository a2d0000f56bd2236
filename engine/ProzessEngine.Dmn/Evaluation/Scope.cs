using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Evaluation;

/// <summary>
/// Names visible to an expression: a few of its own (required decisions, parameters, context entries so far) over an
/// outer set. Lookup is a linear search, which beats hashing for the handful of names a layer holds.
/// </summary>
internal sealed class Scope : IFeelVariables
{
    private readonly IFeelVariables _outer;
    private string[] _names;
    private FeelValue[] _values;
    private int _count;

    public Scope(IFeelVariables outer, int capacity = 4)
    {
        _outer = outer;
        _names = new string[Math.Max(capacity, 1)];
        _values = new FeelValue[_names.Length];
    }

    public void Set(string name, FeelValue value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                _values[i] = value;
                return;
            }
        }

        if (_count == _names.Length)
        {
            Array.Resize(ref _names, _count * 2);
            Array.Resize(ref _values, _count * 2);
        }

        _names[_count] = name;
        _values[_count] = value;
        _count++;
    }

    public bool TryGetValue(string name, out FeelValue value)
    {
        for (var i = _count - 1; i >= 0; i--)
        {
            if (string.Equals(_names[i], name, StringComparison.Ordinal))
            {
                value = _values[i];
                return true;
            }
        }

        return _outer.TryGetValue(name, out value);
    }

    /// <summary>The entries of this layer as a context, in the order they were set.</summary>
    public FeelValue ToContext()
    {
        var entries = new KeyValuePair<string, FeelValue>[_count];
        for (var i = 0; i < _count; i++)
        {
            entries[i] = new(_names[i], _values[i]);
        }

        return FeelValue.FromContext(entries);
    }
}
