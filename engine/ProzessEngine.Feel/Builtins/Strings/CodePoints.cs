namespace ProzessEngine.Feel.Builtins.Strings;

internal static class CodePoints
{
    public static int Count(string text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>The UTF-16 index of the code point at <paramref name="codePointIndex"/> (or text.Length).</summary>
    public static int Offset(string text, int codePointIndex)
    {
        var offset = 0;
        for (var i = 0; i < codePointIndex && offset < text.Length; i++)
        {
            offset += char.IsHighSurrogate(text[offset]) && offset + 1 < text.Length && char.IsLowSurrogate(text[offset + 1]) ? 2 : 1;
        }

        return offset;
    }
}
