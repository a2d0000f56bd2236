using ProzessEngine.Core.Forms;

namespace ProzessEngine.Core.Tests.Forms;

/// <summary>A form's pattern means in .NET what it means to JavaScript's RegExp, where the two read the same text differently.</summary>
public sealed class JsRegexTests
{
    [Theory]
    [InlineData(@"^\d{5}$", "12345", true)]
    [InlineData(@"^\d{5}$", "12345\n", false)]
    [InlineData(@"^\d{5}$", "١٢٣٤٥", false)]
    [InlineData(@"^\w+$", "Straße", false)]
    [InlineData(@"^a.b$", "a\rb", false)]
    [InlineData(@"^a.b$", "a\u2028b", false)]
    [InlineData(@"^\s$", "\ufeff", true)]
    [InlineData(@"^\s$", "\u0085", false)]
    [InlineData(@"\bAmt\b", "Bauamt", false)]
    [InlineData(@"\bAmt\b", "Amt Nord", true)]
    [InlineData(@"^\e$", "e", true)]
    [InlineData(@"^\A\z$", "Az", true)]
    [InlineData(@"^[^]$", "\n", true)]
    [InlineData(@"[]", "anything", false)]
    [InlineData(@"^[\d-]+$", "12-34", true)]
    [InlineData(@"^[[]+$", "[[", true)]
    [InlineData(@"(?<jahr>\d{4})-\k<jahr>", "2026-2026", true)]
    [InlineData(@"(?<=EUR )\d+", "EUR 100", true)]
    [InlineData(@"\d{5}", "PLZ 50667 Köln", true)]
    public void A_pattern_matches_what_JavaScript_matches(string pattern, string text, bool matches)
    {
        Assert.True(JsRegex.TryCreate(pattern, out var regex, out var error), error);

        Assert.Equal(matches, JsRegex.Test(regex!, text));
    }

    [Theory]
    [InlineData("(?i)abc")]
    [InlineData("(?>a+)b")]
    [InlineData("(?#note)a")]
    [InlineData("a\\")]
    [InlineData("(a")]
    public void A_pattern_JavaScript_would_refuse_is_refused(string pattern)
    {
        Assert.False(JsRegex.TryCreate(pattern, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
