using System.Globalization;
using System.Text;

namespace ProzessEngine.Feel.Syntax;

internal enum TokenKind : byte
{
    End,
    Number,
    String,
    Name,
    BacktickName,
    At,
    Plus,
    Minus,
    Star,
    StarStar,
    Slash,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Dot,
    DotDot,
    Comma,
    Colon,
    LeftParen,
    RightParen,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    Arrow,
    Error,
}

/// <summary>A token; Text is the word of a name, the decoded value of a string, the digits of a number,
/// or the message of an error token.</summary>
internal readonly record struct Token(TokenKind Kind, int Start, int End, string Text)
{
    public bool IsWord(string word) => Kind == TokenKind.Name && string.Equals(Text, word, StringComparison.Ordinal);
}

/// <summary>Splits FEEL text into tokens; comments and whitespace are skipped.</summary>
internal static class Lexer
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "and", "or", "if", "then", "else", "for", "in", "return", "some", "every", "satisfies",
        "between", "instance", "of", "function", "true", "false", "null", "external",
    };

    public static bool IsKeyword(string word) => Keywords.Contains(word);

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>(Math.Max(4, text.Length / 3));
        var position = 0;
        while (true)
        {
            var token = Next(text, ref position);
            tokens.Add(token);
            if (token.Kind is TokenKind.End or TokenKind.Error)
            {
                if (token.Kind == TokenKind.Error)
                {
                    tokens.Add(new Token(TokenKind.End, text.Length, text.Length, string.Empty));
                }

                return tokens;
            }
        }
    }

    private static Token Next(string text, ref int position)
    {
        if (!SkipTrivia(text, ref position, out var triviaError))
        {
            return new Token(TokenKind.Error, position, text.Length, triviaError);
        }

        if (position >= text.Length)
        {
            return new Token(TokenKind.End, text.Length, text.Length, string.Empty);
        }

        var start = position;
        var c = text[position];
        if (char.IsAsciiDigit(c) || (c == '.' && position + 1 < text.Length && char.IsAsciiDigit(text[position + 1])))
        {
            return ReadNumber(text, ref position);
        }

        if (c == '"')
        {
            return ReadString(text, ref position);
        }

        if (c == '`')
        {
            var end = text.IndexOf('`', position + 1);
            if (end < 0)
            {
                position = text.Length;
                return new Token(TokenKind.Error, start, text.Length, "unterminated backtick name, expected a closing `");
            }

            position = end + 1;
            return new Token(TokenKind.BacktickName, start, position, text.Substring(start + 1, end - start - 1));
        }

        if (IsNameStart(text, position))
        {
            AdvanceChar(text, ref position);
            while (position < text.Length && IsNamePart(text, position))
            {
                AdvanceChar(text, ref position);
            }

            return new Token(TokenKind.Name, start, position, text[start..position]);
        }

        position++;
        var next = position < text.Length ? text[position] : '\0';
        switch (c)
        {
            case '+': return Simple(TokenKind.Plus, start, position);
            case '-':
                if (next == '>')
                {
                    position++;
                    return Simple(TokenKind.Arrow, start, position);
                }

                return Simple(TokenKind.Minus, start, position);
            case '*':
                if (next == '*')
                {
                    position++;
                    return Simple(TokenKind.StarStar, start, position);
                }

                return Simple(TokenKind.Star, start, position);
            case '/': return Simple(TokenKind.Slash, start, position);
            case '=': return Simple(TokenKind.Equal, start, position);
            case '!':
                if (next == '=')
                {
                    position++;
                    return Simple(TokenKind.NotEqual, start, position);
                }

                return new Token(TokenKind.Error, start, position, "unexpected '!', expected '!='");
            case '<':
                if (next == '=')
                {
                    position++;
                    return Simple(TokenKind.LessEqual, start, position);
                }

                return Simple(TokenKind.Less, start, position);
            case '>':
                if (next == '=')
                {
                    position++;
                    return Simple(TokenKind.GreaterEqual, start, position);
                }

                return Simple(TokenKind.Greater, start, position);
            case '.':
                if (next == '.')
                {
                    position++;
                    return Simple(TokenKind.DotDot, start, position);
                }

                return Simple(TokenKind.Dot, start, position);
            case ',': return Simple(TokenKind.Comma, start, position);
            case ':': return Simple(TokenKind.Colon, start, position);
            case '(': return Simple(TokenKind.LeftParen, start, position);
            case ')': return Simple(TokenKind.RightParen, start, position);
            case '[': return Simple(TokenKind.LeftBracket, start, position);
            case ']': return Simple(TokenKind.RightBracket, start, position);
            case '{': return Simple(TokenKind.LeftBrace, start, position);
            case '}': return Simple(TokenKind.RightBrace, start, position);
            case '@': return Simple(TokenKind.At, start, position);
            default:
                return new Token(TokenKind.Error, start, position, $"unexpected character '{Printable(c)}'");
        }
    }

    private static Token Simple(TokenKind kind, int start, int end) => new(kind, start, end, string.Empty);

    private static string Printable(char c) => char.IsControl(c) || char.IsSurrogate(c)
        ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture)
        : c.ToString();

    private static void AdvanceChar(string text, ref int position)
    {
        position += char.IsHighSurrogate(text[position]) && position + 1 < text.Length && char.IsLowSurrogate(text[position + 1]) ? 2 : 1;
    }

    private static bool SkipTrivia(string text, ref int position, out string error)
    {
        error = string.Empty;
        while (position < text.Length)
        {
            var c = text[position];
            if (char.IsWhiteSpace(c) || c == '\u200B' || c == '\uFEFF')
            {
                position++;
                continue;
            }

            if (c == '/' && position + 1 < text.Length)
            {
                if (text[position + 1] == '/')
                {
                    var end = text.IndexOfAny(['\n', '\r'], position);
                    position = end < 0 ? text.Length : end;
                    continue;
                }

                if (text[position + 1] == '*')
                {
                    var end = text.IndexOf("*/", position + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        error = "unterminated comment, expected '*/'";
                        return false;
                    }

                    position = end + 2;
                    continue;
                }
            }

            break;
        }

        return true;
    }

    private static Token ReadNumber(string text, ref int position)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        if (position + 1 < text.Length && text[position] == '.' && char.IsAsciiDigit(text[position + 1]))
        {
            position++;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
        }

        if (position < text.Length && (text[position] == 'e' || text[position] == 'E'))
        {
            var exponentStart = position + 1;
            if (exponentStart < text.Length && (text[exponentStart] == '+' || text[exponentStart] == '-'))
            {
                exponentStart++;
            }

            if (exponentStart < text.Length && char.IsAsciiDigit(text[exponentStart]))
            {
                position = exponentStart;
                while (position < text.Length && char.IsAsciiDigit(text[position]))
                {
                    position++;
                }
            }
        }

        return new Token(TokenKind.Number, start, position, text[start..position]);
    }

    private static Token ReadString(string text, ref int position)
    {
        var start = position;
        position++;
        var builder = new StringBuilder();
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                position++;
                return new Token(TokenKind.String, start, position, builder.ToString());
            }

            if (c == '\\' && position + 1 < text.Length)
            {
                var escape = text[position + 1];
                switch (escape)
                {
                    case '"': builder.Append('"'); position += 2; continue;
                    case '\'': builder.Append('\''); position += 2; continue;
                    case '\\': builder.Append('\\'); position += 2; continue;
                    case 'n': builder.Append('\n'); position += 2; continue;
                    case 'r': builder.Append('\r'); position += 2; continue;
                    case 't': builder.Append('\t'); position += 2; continue;
                    case 'b': builder.Append('\b'); position += 2; continue;
                    case 'f': builder.Append('\f'); position += 2; continue;
                    case 'u' when TryReadHex(text, position + 2, 4, out var code):
                        builder.Append((char)code);
                        position += 6;
                        continue;
                    case 'U' when TryReadHex(text, position + 2, 6, out var wide) && wide <= 0x10FFFF && (wide < 0xD800 || wide > 0xDFFF):
                        builder.Append(char.ConvertFromUtf32(wide));
                        position += 8;
                        continue;
                    default:
                        // Unknown escapes stay as written: regular expressions such as "\s" or "\d" rely on it.
                        builder.Append(c).Append(escape);
                        position += 2;
                        continue;
                }
            }

            builder.Append(c);
            position++;
        }

        return new Token(TokenKind.Error, start, text.Length, "unterminated string, expected a closing '\"'");
    }

    private static bool TryReadHex(string text, int start, int length, out int value)
    {
        value = 0;
        if (start + length > text.Length)
        {
            return false;
        }

        for (var i = start; i < start + length; i++)
        {
            var digit = HexValue(text[i]);
            if (digit < 0)
            {
                return false;
            }

            value = (value * 16) + digit;
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    public static bool IsNameStart(string text, int position)
    {
        var c = text[position];
        if (char.IsHighSurrogate(c))
        {
            return position + 1 < text.Length && char.IsLowSurrogate(text[position + 1]);
        }

        return IsNameStartChar(c);
    }

    private static bool IsNameStartChar(char c) =>
        char.IsLetter(c) || c == '_' || c == '?'
        || c is >= '\u00C0' and <= '\u00D6' or >= '\u00D8' and <= '\u00F6' or >= '\u00F8' and <= '\u02FF'
        or >= '\u0370' and <= '\u037D' or >= '\u037F' and <= '\u1FFF' or >= '\u200C' and <= '\u200D'
        or >= '\u2070' and <= '\u218F' or >= '\u2C00' and <= '\u2FEF' or >= '\u3001' and <= '\uD7FF'
        or >= '\uF900' and <= '\uFDCF' or >= '\uFDF0' and <= '\uFFFD';

    private static bool IsNamePart(string text, int position)
    {
        var c = text[position];
        if (c == '?')
        {
            return false;
        }

        return IsNameStart(text, position) || char.IsAsciiDigit(c) || c == '\u00B7'
            || c is >= '\u0300' and <= '\u036F' or >= '\u203F' and <= '\u2040';
    }

    /// <summary>1-based line and column of an offset.</summary>
    public static (int Line, int Column) LineAndColumn(string text, int position)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                column = 1;
            }
            else
            {
                column++;
            }
        }

        return (line, column);
    }
}
