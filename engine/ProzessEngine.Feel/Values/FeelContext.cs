using System.Collections;
using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Values;

/// <summary>An immutable FEEL context: ordered entries with unique keys. A context built during an evaluation is checked
/// against that evaluation's limits (<see cref="EvalContext.AdmitContext"/>).</summary>
internal sealed class FeelContext : IReadOnlyList<KeyValuePair<string, FeelValue>>
{
    private const int IndexThreshold = 8;

    public static readonly FeelContext Empty = new([]);

    private readonly KeyValuePair<string, FeelValue>[] _entries;
    private readonly Dictionary<string, int>? _index;

    /// <summary>Takes ownership of <paramref name="entries"/>; keys must be unique.</summary>
    public FeelContext(KeyValuePair<string, FeelValue>[] entries)
        : this(entries, FeelSize.OfEntries(entries))
    {
    }

    /// <summary>A context whose size the builder already summed up while checking it grow (a context literal).</summary>
    public FeelContext(KeyValuePair<string, FeelValue>[] entries, long size)
    {
        _entries = entries;
        Size = size;
        if (entries.Length >= EvalContext.CheckedCount || Size >= EvalContext.CheckedSize)
        {
            EvalContext.Current?.AdmitContext(entries.Length, Size);
        }

        if (entries.Length > IndexThreshold)
        {
            _index = new Dictionary<string, int>(entries.Length, StringComparer.Ordinal);
            for (var i = 0; i < entries.Length; i++)
            {
                _index[entries[i].Key] = i;
            }
        }
    }

    /// <summary>Builds a context where a later entry with the same key replaces the earlier value in place.</summary>
    public static FeelContext FromEntries(IEnumerable<KeyValuePair<string, FeelValue>> entries)
    {
        var list = new List<KeyValuePair<string, FeelValue>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            ArgumentNullException.ThrowIfNull(entry.Key);
            if (positions.TryGetValue(entry.Key, out var position))
            {
                list[position] = entry;
            }
            else
            {
                positions[entry.Key] = list.Count;
                list.Add(entry);
            }
        }

        return new FeelContext([.. list]);
    }

    public int Count => _entries.Length;

    /// <summary>Approximate length of the context as JSON (<see cref="FeelSize"/>).</summary>
    public long Size { get; }

    public KeyValuePair<string, FeelValue> this[int index] => _entries[index];

    public ReadOnlySpan<KeyValuePair<string, FeelValue>> AsSpan() => _entries;

    public bool TryGetValue(string key, out FeelValue value)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(key, out var position))
            {
                value = _entries[position].Value;
                return true;
            }
        }
        else
        {
            foreach (var entry in _entries)
            {
                if (string.Equals(entry.Key, key, StringComparison.Ordinal))
                {
                    value = entry.Value;
                    return true;
                }
            }
        }

        value = FeelValue.Null;
        return false;
    }

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    /// <summary>A copy with <paramref name="key"/> set: replaced in place, or appended.</summary>
    public FeelContext With(string key, FeelValue value)
    {
        for (var i = 0; i < _entries.Length; i++)
        {
            if (string.Equals(_entries[i].Key, key, StringComparison.Ordinal))
            {
                var copy = (KeyValuePair<string, FeelValue>[])_entries.Clone();
                copy[i] = new KeyValuePair<string, FeelValue>(key, value);
                return new FeelContext(copy);
            }
        }

        var appended = new KeyValuePair<string, FeelValue>[_entries.Length + 1];
        _entries.CopyTo(appended, 0);
        appended[^1] = new KeyValuePair<string, FeelValue>(key, value);
        return new FeelContext(appended);
    }

    public IEnumerator<KeyValuePair<string, FeelValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, FeelValue>>)_entries).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();
}
