using System.Collections;

namespace ProzessEngine.Feel.Values;

/// <summary>An immutable FEEL list. The array is owned by the list and never changed after construction.</summary>
internal sealed class FeelList : IReadOnlyList<FeelValue>
{
    public static readonly FeelList Empty = new([]);

    private readonly FeelValue[] _items;

    public FeelList(FeelValue[] items)
    {
        _items = items;
    }

    public int Count => _items.Length;

    public FeelValue this[int index] => _items[index];

    public ReadOnlySpan<FeelValue> AsSpan() => _items;

    public IEnumerator<FeelValue> GetEnumerator() => ((IEnumerable<FeelValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
