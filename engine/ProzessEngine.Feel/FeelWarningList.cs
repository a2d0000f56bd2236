using System.Collections;

namespace ProzessEngine.Feel;

/// <summary>Collects warnings of one or more evaluations.</summary>
public sealed class FeelWarningList : IFeelWarningSink, IReadOnlyList<FeelWarning>
{
    private readonly List<FeelWarning> _warnings = [];

    public int Count => _warnings.Count;

    public FeelWarning this[int index] => _warnings[index];

    public void Add(FeelWarning warning)
    {
        ArgumentNullException.ThrowIfNull(warning);
        _warnings.Add(warning);
    }

    public void Clear() => _warnings.Clear();

    public IEnumerator<FeelWarning> GetEnumerator() => _warnings.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _warnings.GetEnumerator();
}
