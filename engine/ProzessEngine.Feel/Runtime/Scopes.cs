using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Runtime;

/// <summary>A frame of local names (iteration variables, parameters, context entries, filter items).</summary>
internal abstract class Scope(Scope? parent)
{
    public Scope? Parent { get; } = parent;

    public abstract bool TryGet(string name, out FeelValue value);
}

internal sealed class VariableScope : Scope
{
    private readonly string _name;
    private readonly FeelValue _value;

    public VariableScope(Scope? parent, string name, FeelValue value)
        : base(parent)
    {
        _name = name;
        _value = value;
    }

    public override bool TryGet(string name, out FeelValue value)
    {
        if (string.Equals(name, _name, StringComparison.Ordinal))
        {
            value = _value;
            return true;
        }

        value = FeelValue.Null;
        return false;
    }
}

internal sealed class VariablesScope(Scope? parent, string[] names, FeelValue[] values) : Scope(parent)
{
    public override bool TryGet(string name, out FeelValue value)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.Ordinal))
            {
                value = values[i];
                return true;
            }
        }

        value = FeelValue.Null;
        return false;
    }
}

/// <summary>The entries of a context literal evaluated so far: later entries may refer to earlier ones.</summary>
internal sealed class ContextBuilderScope(Scope? parent) : Scope(parent)
{
    public List<KeyValuePair<string, FeelValue>> Entries { get; } = [];

    public override bool TryGet(string name, out FeelValue value)
    {
        foreach (var entry in Entries)
        {
            if (string.Equals(entry.Key, name, StringComparison.Ordinal))
            {
                value = entry.Value;
                return true;
            }
        }

        value = FeelValue.Null;
        return false;
    }
}

/// <summary>A filter item: the entries of a context item are names, and the item itself is 'item'.</summary>
internal sealed class FilterItemScope(Scope? parent, FeelValue item) : Scope(parent)
{
    public override bool TryGet(string name, out FeelValue value)
    {
        if (item.Kind == FeelValueKind.Context && item.Context.TryGetValue(name, out value))
        {
            return true;
        }

        if (string.Equals(name, "item", StringComparison.Ordinal))
        {
            value = item;
            return true;
        }

        value = FeelValue.Null;
        return false;
    }
}

/// <summary>The entries of a context value as names (for 'context' scoped evaluation).</summary>
internal sealed class ContextScope(Scope? parent, FeelContext context) : Scope(parent)
{
    public override bool TryGet(string name, out FeelValue value) => context.TryGetValue(name, out value);
}
