using System.Text;
using System.Text.RegularExpressions;

namespace ProzessEngine.Persistence.Search;

/// <summary>
/// Camunda 8's $like pattern: * matches any characters, ? exactly one, and a backslash makes the next character literal.
/// It is translated for each database so that both match exactly the same, case-sensitively: PostgreSQL's LIKE is
/// case-sensitive, SQLite's is not (for ASCII), so SQLite gets GLOB, which is.
/// </summary>
public static class LikePattern
{
    private enum Part
    {
        AnyCharacters,
        OneCharacter,
        Literal,
    }

    /// <summary>For LIKE … ESCAPE '\' (PostgreSQL).</summary>
    public static string ToSqlLike(string pattern) => Render(pattern, new StringBuilder(), (builder, part, c) => _ = part switch
    {
        Part.AnyCharacters => builder.Append('%'),
        Part.OneCharacter => builder.Append('_'),
        _ => c is '%' or '_' or '\\' ? builder.Append('\\').Append(c) : builder.Append(c),
    });

    /// <summary>For GLOB (SQLite), which knows no escape character: a special character goes into a bracket of its own.</summary>
    public static string ToGlob(string pattern) => Render(pattern, new StringBuilder(), (builder, part, c) => _ = part switch
    {
        Part.AnyCharacters => builder.Append('*'),
        Part.OneCharacter => builder.Append('?'),
        _ => c is '*' or '?' or '[' ? builder.Append('[').Append(c).Append(']') : builder.Append(c),
    });

    /// <summary>Matches in memory, as the databases do (ordinal, case-sensitive); null never matches.</summary>
    public static bool IsMatch(string? value, string pattern)
    {
        if (value is null)
        {
            return false;
        }

        var regex = Render(pattern, new StringBuilder("^"), (builder, part, c) => _ = part switch
        {
            Part.AnyCharacters => builder.Append(".*"),
            Part.OneCharacter => builder.Append('.'),
            _ => builder.Append(Regex.Escape(c.ToString())),
        }) + "$";
        return Regex.IsMatch(value, regex, RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static string Render(string pattern, StringBuilder builder, Action<StringBuilder, Part, char> append)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            switch (c)
            {
                case '*':
                    append(builder, Part.AnyCharacters, c);
                    break;
                case '?':
                    append(builder, Part.OneCharacter, c);
                    break;
                // A trailing backslash has nothing to escape and stands for itself.
                case '\\' when i + 1 < pattern.Length:
                    append(builder, Part.Literal, pattern[++i]);
                    break;
                default:
                    append(builder, Part.Literal, c);
                    break;
            }
        }

        return builder.ToString();
    }
}
