namespace ProzessEngine.Feel.Syntax;

/// <summary>
/// Names that consist of several tokens ("date and time", "values in a list", "foo+bar"). FEEL names may
/// contain spaces, keywords and some operator characters, which the parser can only recognise when it
/// knows the name: built-in functions, names the caller declares and names in scope.
/// </summary>
internal sealed class KnownNames
{
    private readonly Dictionary<string, List<KnownName>> _byFirstToken = new(StringComparer.Ordinal);
    private readonly KnownNames? _parent;

    public KnownNames(KnownNames? parent = null)
    {
        _parent = parent;
    }

    /// <summary>Adds a name; returns false when it is a single plain token (no need to remember it).</summary>
    public bool Add(string name)
    {
        var surfaces = Surfaces(name);
        if (surfaces is null || surfaces.Length < 2)
        {
            return false;
        }

        if (!_byFirstToken.TryGetValue(surfaces[0], out var list))
        {
            list = [];
            _byFirstToken[surfaces[0]] = list;
        }

        foreach (var known in list)
        {
            if (string.Equals(known.Name, name, StringComparison.Ordinal))
            {
                return false;
            }
        }

        list.Add(new KnownName(name, surfaces));
        list.Sort((a, b) => b.Surfaces.Length.CompareTo(a.Surfaces.Length));
        return true;
    }

    public void Remove(string name)
    {
        var surfaces = Surfaces(name);
        if (surfaces is null || surfaces.Length < 2 || !_byFirstToken.TryGetValue(surfaces[0], out var list))
        {
            return;
        }

        var index = list.FindLastIndex(known => string.Equals(known.Name, name, StringComparison.Ordinal));
        if (index >= 0)
        {
            list.RemoveAt(index);
        }
    }

    /// <summary>The longest known name starting at token <paramref name="index"/>, as (name, token count).</summary>
    public (string Name, int TokenCount)? Match(string text, IReadOnlyList<Token> tokens, int index)
    {
        var own = MatchOwn(text, tokens, index);
        var inherited = _parent?.Match(text, tokens, index);
        if (own is null)
        {
            return inherited;
        }

        return inherited is { } other && other.TokenCount > own.Value.TokenCount ? other : own;
    }

    private (string Name, int TokenCount)? MatchOwn(string text, IReadOnlyList<Token> tokens, int index)
    {
        if (_byFirstToken.Count == 0)
        {
            return null;
        }

        var first = Surface(text, tokens[index]);
        if (!_byFirstToken.TryGetValue(first, out var candidates))
        {
            return null;
        }

        foreach (var candidate in candidates)
        {
            if (index + candidate.Surfaces.Length > tokens.Count)
            {
                continue;
            }

            var matches = true;
            for (var i = 1; i < candidate.Surfaces.Length && matches; i++)
            {
                matches = string.Equals(Surface(text, tokens[index + i]), candidate.Surfaces[i], StringComparison.Ordinal);
            }

            if (matches)
            {
                return (candidate.Name, candidate.Surfaces.Length);
            }
        }

        return null;
    }

    private static string Surface(string text, Token token) => token.Kind switch
    {
        TokenKind.Name or TokenKind.Number => token.Text,
        TokenKind.End or TokenKind.Error => "\0",
        _ => text[token.Start..token.End],
    };

    private static string[]? Surfaces(string name)
    {
        var tokens = Lexer.Tokenize(name);
        var surfaces = new List<string>();
        foreach (var token in tokens)
        {
            switch (token.Kind)
            {
                case TokenKind.End:
                    return [.. surfaces];
                case TokenKind.Error or TokenKind.String or TokenKind.BacktickName or TokenKind.At:
                    return null;
                default:
                    surfaces.Add(Surface(name, token));
                    break;
            }
        }

        return [.. surfaces];
    }

    private sealed record KnownName(string Name, string[] Surfaces);
}
