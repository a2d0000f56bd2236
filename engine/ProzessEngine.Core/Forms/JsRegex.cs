using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// A form's <c>validate.pattern</c> is a JavaScript regular expression (form-js tests <c>new RegExp(pattern)</c>, no
/// flags, not anchored). .NET reads the same text differently in places that matter for input checks: <c>$</c> also
/// matches before a final line break, <c>.</c> matches a carriage return, <c>\d</c> and <c>\w</c> take every script's
/// digits and letters, <c>\s</c> another set of spaces, and letters like <c>\e</c> or <c>\A</c> are escapes here and
/// plain letters there. The pattern is rewritten to mean in .NET what it means in the browser; a construct JavaScript
/// does not have (inline options, atomic groups, comments, conditionals) is refused, since the browser would fail on it.
/// </summary>
internal static class JsRegex
{
    /// <summary>How long one test may take; a pattern that backtracks for longer counts as not matched.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    private const string JsSpaces = @"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff";
    private const string WordChars = "a-zA-Z0-9_";
    private const string LineTerminators = @"\n\r\u2028\u2029";
    private const string AsciiWordBoundary = "(?:(?<=[a-zA-Z0-9_])(?![a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?=[a-zA-Z0-9_]))";
    private const string AsciiNoWordBoundary = "(?:(?<=[a-zA-Z0-9_])(?=[a-zA-Z0-9_])|(?<![a-zA-Z0-9_])(?![a-zA-Z0-9_]))";

    private static readonly ConcurrentDictionary<string, (Regex? Regex, string? Error)> Cache = new(StringComparer.Ordinal);

    /// <summary>The pattern as a .NET regex that matches what JavaScript's would, or why there is none.</summary>
    public static bool TryCreate(string pattern, out Regex? regex, out string? error)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (Cache.Count > 10_000)
        {
            Cache.Clear();
        }

        (regex, error) = Cache.GetOrAdd(pattern, Compile);
        return regex is not null;
    }

    /// <summary>RegExp.prototype.test: a match anywhere in the text.</summary>
    public static bool Test(Regex regex, string text)
    {
        ArgumentNullException.ThrowIfNull(regex);
        try
        {
            return regex.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static (Regex?, string?) Compile(string pattern)
    {
        string translated;
        try
        {
            translated = Translate(pattern);
        }
        catch (FormatException ex)
        {
            return (null, ex.Message);
        }

        try
        {
            return (new Regex(translated, RegexOptions.CultureInvariant, MatchTimeout), null);
        }
        catch (ArgumentException ex)
        {
            return (null, $"'{pattern}' is not a valid regular expression: {ex.Message}");
        }
    }

    internal static string Translate(string pattern)
    {
        var result = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    throw new FormatException($"'{pattern}' ends with a lone backslash.");
                }

                i = Escape(pattern, i + 1, inClass, result);
                continue;
            }

            if (inClass)
            {
                switch (c)
                {
                    case ']':
                        inClass = false;
                        result.Append(']');
                        break;
                    case '[':
                        // .NET would read "-[" as class subtraction; in JavaScript it is a plain bracket.
                        result.Append(@"\[");
                        break;
                    default:
                        result.Append(c);
                        break;
                }

                continue;
            }

            switch (c)
            {
                case '[':
                    if (pattern.AsSpan(i).StartsWith("[]"))
                    {
                        // An empty class matches nothing in JavaScript.
                        result.Append("(?!)");
                        i++;
                    }
                    else if (pattern.AsSpan(i).StartsWith("[^]"))
                    {
                        result.Append(@"[\s\S]");
                        i += 2;
                    }
                    else
                    {
                        inClass = true;
                        result.Append('[');
                        if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                        {
                            result.Append('^');
                            i++;
                        }

                        // A ']' right after the opening bracket closes the class in JavaScript (handled above) but is a
                        // literal in .NET: nothing to do, since "[]" and "[^]" were taken care of.
                    }

                    break;
                case '.':
                    result.Append("[^").Append(LineTerminators).Append(']');
                    break;
                case '$':
                    result.Append(@"\z");
                    break;
                case '(':
                    if (i + 1 < pattern.Length && pattern[i + 1] == '?')
                    {
                        var rest = pattern.AsSpan(i + 2);
                        var jsGroup = rest.StartsWith(":") || rest.StartsWith("=") || rest.StartsWith("!") || rest.StartsWith("<=") || rest.StartsWith("<!")
                            || (rest.StartsWith("<") && rest.Length > 1 && (char.IsLetter(rest[1]) || rest[1] is '_' or '$'));
                        if (!jsGroup)
                        {
                            throw new FormatException($"'{pattern}' uses a group '(?{(rest.Length > 0 ? rest[0].ToString() : "")}' that JavaScript does not have.");
                        }
                    }

                    result.Append('(');
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        if (inClass)
        {
            throw new FormatException($"'{pattern}' has a character class that is not closed.");
        }

        return result.ToString();
    }

    /// <summary>Writes the escape at <paramref name="at"/> (the character after the backslash); returns its last index.</summary>
    private static int Escape(string pattern, int at, bool inClass, StringBuilder result)
    {
        var c = pattern[at];
        switch (c)
        {
            case 'd':
                result.Append(inClass ? "0-9" : "[0-9]");
                return at;
            case 'D':
                // Inside a class .NET's \D also leaves out other scripts' digits; JavaScript's does not. Rare enough.
                result.Append(inClass ? @"\D" : "[^0-9]");
                return at;
            case 'w':
                result.Append(inClass ? WordChars : "[" + WordChars + "]");
                return at;
            case 'W':
                result.Append(inClass ? @"\W" : "[^" + WordChars + "]");
                return at;
            case 's':
                result.Append(inClass ? JsSpaces : "[" + JsSpaces + "]");
                return at;
            case 'S':
                result.Append(inClass ? @"\S" : "[^" + JsSpaces + "]");
                return at;
            case 'b':
                result.Append(inClass ? @"\b" : AsciiWordBoundary);
                return at;
            case 'B':
                result.Append(inClass ? "B" : AsciiNoWordBoundary);
                return at;
            case 'f' or 'n' or 'r' or 't' or 'v' or '0':
                result.Append('\\').Append(c);
                return at;
            case 'c' when at + 1 < pattern.Length && char.IsAsciiLetter(pattern[at + 1]):
                result.Append(@"\c").Append(pattern[at + 1]);
                return at + 1;
            case 'x' when at + 2 < pattern.Length && char.IsAsciiHexDigit(pattern[at + 1]) && char.IsAsciiHexDigit(pattern[at + 2]):
                result.Append(@"\x").Append(pattern, at + 1, 2);
                return at + 2;
            case 'u' when at + 4 < pattern.Length && pattern.AsSpan(at + 1, 4).ContainsOnlyHexDigits():
                result.Append(@"\u").Append(pattern, at + 1, 4);
                return at + 4;
            case 'k' when at + 1 < pattern.Length && pattern[at + 1] == '<':
                var end = pattern.IndexOf('>', at);
                if (end < 0)
                {
                    throw new FormatException($"'{pattern}' has a named back reference that is not closed.");
                }

                result.Append(pattern, at - 1, end - at + 2);
                return end;
            case >= '1' and <= '9' when !inClass:
                var last = at;
                while (last + 1 < pattern.Length && char.IsAsciiDigit(pattern[last + 1]))
                {
                    last++;
                }

                result.Append('\\').Append(pattern, at, last - at + 1);
                return last;
            default:
                if (char.IsAsciiLetterOrDigit(c))
                {
                    // Any other letter is the letter itself in JavaScript; .NET gives several of them a meaning.
                    result.Append(c);
                }
                else
                {
                    result.Append('\\').Append(c);
                }

                return at;
        }
    }
}

file static class SpanExtensions
{
    public static bool ContainsOnlyHexDigits(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
