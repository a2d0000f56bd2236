using System.Collections;
using ProzessEngine.Feel.Runtime;

namespace ProzessEngine.Feel.Values;

/// <summary>An immutable FEEL list. The array is owned by the list and never changed after construction. A list built
/// during an evaluation is checked against that evaluation's limits (<see cref="EvalContext.AdmitList"/>).</summary>
internal sealed class FeelList : IReadOnlyList<FeelValue>
{
    public static readonly FeelList Empty = new([]);

    private readonly FeelValue[] _items;

    public FeelList(FeelValue[] items)
        : this(items, FeelSize.OfItems(items), admit: true)
    {
    }

    /// <summary>A list whose size the builder already summed up while checking it grow (a for loop).</summary>
    public FeelList(FeelValue[] items, long size)
        : this(items, size, admit: true)
    {
    }

    private FeelList(FeelValue[] items, long size, bool admit)
    {
        _items = items;
        Size = size;
        if (admit && (items.Length >= EvalContext.CheckedCount || size >= EvalContext.CheckedSize))
        {
            EvalContext.Current?.AdmitList(items.Length, size);
        }
    }

    /// <summary>A list that is not counted as built: a copy of items whose list was checked already (the 'partial'
    /// of a for loop, copied for every iteration; where it is kept, the loop's own result counts it).</summary>
    public static FeelList Snapshot(FeelValue[] items, long size) => new(items, size, admit: false);

    public int Count => _items.Length;

    /// <summary>Approximate length of the list as JSON (<see cref="FeelSize"/>).</summary>
    public long Size { get; }

    public FeelValue this[int index] => _items[index];

    public ReadOnlySpan<FeelValue> AsSpan() => _items;

    public IEnumerator<FeelValue> GetEnumerator() => ((IEnumerable<FeelValue>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
