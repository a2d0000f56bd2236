using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ProzessEngine.Feel.Builtins.Strings;

/// <summary>
/// FEEL regular expressions follow XML Schema / XPath (flags s, m, i, x, q). They are translated to .NET:
/// '.' never matches a line break unless 's' is given, '$' means the end of input unless 'm' is given,
/// 'x' removes whitespace outside character classes, back-references inside classes and '\0' are errors.
/// Compiled expressions are cached; every match has a timeout so a pathological pattern cannot hang.
/// </summary>
internal static class XPathRegex
{
    private static readonly ConcurrentDictionary<(string Pattern, string Flags), Regex> Cache = new();

    public static bool TryCreate(string pattern, string? flags, TimeSpan timeout, out Regex regex, out string error)
    {
        regex = null!;
        error = string.Empty;
        flags ??= string.Empty;
        var options = RegexOptions.CultureInvariant;
        var literal = false;
        var extended = false;
        foreach (var flag in flags)
        {
            switch (flag)
            {
                case 's': options |= RegexOptions.Singleline; break;
                case 'm': options |= RegexOptions.Multiline; break;
                case 'i': options |= RegexOptions.IgnoreCase; break;
                case 'x': extended = true; break;
                case 'q': literal = true; break;
                default:
                    error = $"unknown regular expression flag '{flag}' (allowed: s, m, i, x, q)";
                    return false;
            }
        }

        var key = (pattern, flags);
        if (Cache.TryGetValue(key, out var cached))
        {
            regex = cached;
            return true;
        }

        string translated;
        if (literal)
        {
            translated = Regex.Escape(pattern);
        }
        else if (!TryTranslate(pattern, extended, (options & RegexOptions.Singleline) != 0, (options & RegexOptions.Multiline) != 0, out translated, out error))
        {
            return false;
        }

        try
        {
            regex = new Regex(translated, options, timeout < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : timeout);
        }
        catch (ArgumentException exception)
        {
            error = $"invalid regular expression '{pattern}': {exception.Message}";
            return false;
        }

        if (Cache.Count > 1000)
        {
            Cache.Clear();
        }

        Cache.TryAdd(key, regex);
        return true;
    }

    private static bool TryTranslate(string pattern, bool extended, bool dotAll, bool multiline, out string translated, out string error)
    {
        if (extended)
        {
            pattern = RemoveWhitespace(pattern);
        }

        var builder = new StringBuilder(pattern.Length + 8);
        error = string.Empty;
        translated = string.Empty;
        var classDepth = 0;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                if (i + 1 >= pattern.Length)
                {
                    error = "regular expression ends with '\\'";
                    return false;
                }

                var next = pattern[i + 1];
                if (char.IsAsciiDigit(next) && (classDepth > 0 || next == '0'))
                {
                    error = classDepth > 0 ? "back-reference inside a character class" : "'\\0' is not allowed";
                    return false;
                }

                if (next == 'p' || next == 'P')
                {
                    // \p{...}: 'x' removes the whitespace inside the braces too.
                    var close = pattern.IndexOf('}', i + 2);
                    if (close > 0 && pattern[i + 2] == '{')
                    {
                        var name = pattern[(i + 3)..close];
                        if (extended)
                        {
                            name = string.Concat(name.Where(ch => !IsXmlWhitespace(ch)));
                        }

                        builder.Append('\\').Append(next).Append('{').Append(name).Append('}');
                        i = close;
                        continue;
                    }
                }

                builder.Append(c).Append(next);
                i++;
                continue;
            }

            if (classDepth > 0)
            {
                if (c == '[')
                {
                    classDepth++;
                }
                else if (c == ']')
                {
                    classDepth--;
                }

                builder.Append(c);
                continue;
            }

            if (extended && IsXmlWhitespace(c))
            {
                continue;
            }

            switch (c)
            {
                case '[':
                    classDepth++;
                    builder.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        builder.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        builder.Append("\\]");
                        i++;
                    }

                    break;
                case '.' when !dotAll:
                    builder.Append("[^\\n\\r]");
                    break;
                case '$' when !multiline:
                    builder.Append("\\z");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        translated = builder.ToString();
        return true;
    }

    /// <summary>The 'x' flag: whitespace outside character classes goes before anything else is read (so "\ s" is "\s").</summary>
    private static string RemoveWhitespace(string pattern)
    {
        var builder = new StringBuilder(pattern.Length);
        var classDepth = 0;
        var escaped = false;
        foreach (var c in pattern)
        {
            if (classDepth == 0 && IsXmlWhitespace(c))
            {
                continue;
            }

            builder.Append(c);
            if (escaped)
            {
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c == '[')
            {
                classDepth++;
            }
            else if (c == ']' && classDepth > 0)
            {
                classDepth--;
            }
        }

        return builder.ToString();
    }

    private static bool IsXmlWhitespace(char c) => c is ' ' or '\t' or '\n' or '\r';

    /// <summary>Translates an XPath replacement ($1, \$, \\) to .NET syntax (${1}, $$, \).</summary>
    public static bool TryTranslateReplacement(string replacement, int groupCount, out string translated, out string error)
    {
        var builder = new StringBuilder(replacement.Length + 4);
        error = string.Empty;
        translated = string.Empty;
        for (var i = 0; i < replacement.Length; i++)
        {
            var c = replacement[i];
            if (c == '\\')
            {
                if (i + 1 < replacement.Length && replacement[i + 1] is '\\' or '$')
                {
                    builder.Append(replacement[i + 1] == '$' ? "$$" : "\\");
                    i++;
                    continue;
                }

                error = "'\\' in a replacement must be followed by '\\' or '$'";
                return false;
            }

            if (c == '$')
            {
                if (i + 1 >= replacement.Length || !char.IsAsciiDigit(replacement[i + 1]))
                {
                    error = "'$' in a replacement must be followed by a group number";
                    return false;
                }

                var group = replacement[i + 1] - '0';
                var end = i + 2;
                while (end < replacement.Length && char.IsAsciiDigit(replacement[end]) && (group * 10) + (replacement[end] - '0') <= groupCount)
                {
                    group = (group * 10) + (replacement[end] - '0');
                    end++;
                }

                builder.Append(group <= groupCount ? $"${{{group}}}" : string.Empty);
                i = end - 1;
                continue;
            }

            builder.Append(c);
        }

        translated = builder.ToString();
        return true;
    }
}
