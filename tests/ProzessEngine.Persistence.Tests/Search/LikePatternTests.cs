using ProzessEngine.Persistence.Search;

namespace ProzessEngine.Persistence.Tests.Search;

/// <summary>Camunda's $like pattern, written for each database so that both match exactly what it says.</summary>
public sealed class LikePatternTests
{
    [Theory]
    [InlineData("antrag*", "antrag%")]
    [InlineData("a?trag", "a_trag")]
    [InlineData("100%_sicher", @"100\%\_sicher")]
    [InlineData(@"stern\*", "stern*")]
    [InlineData(@"frage\?", "frage?")]
    [InlineData(@"pfad\\", @"pfad\\")]
    [InlineData(@"ende\", @"ende\\")]
    public void Becomes_a_like_pattern_with_backslash_escapes(string pattern, string like) => Assert.Equal(like, LikePattern.ToSqlLike(pattern));

    [Theory]
    [InlineData("antrag*", "antrag*")]
    [InlineData("a?trag", "a?trag")]
    [InlineData(@"stern\*", "stern[*]")]
    [InlineData(@"frage\?", "frage[?]")]
    [InlineData("[a]ntrag", "[[]a]ntrag")]
    [InlineData("100%_", "100%_")]
    public void Becomes_a_glob_with_special_characters_in_brackets(string pattern, string glob) => Assert.Equal(glob, LikePattern.ToGlob(pattern));

    [Theory]
    [InlineData("Antrag auf Zuschuss", "Antrag*", true)]
    [InlineData("Antrag auf Zuschuss", "antrag*", false)]
    [InlineData("Antrag", "Antra?", true)]
    [InlineData("Antrag", "Antr?", false)]
    [InlineData("a.b", "a?b", true)]
    [InlineData("axb", @"a\?b", false)]
    [InlineData("a?b", @"a\?b", true)]
    [InlineData("zeile\nzwei", "zeile*", true)]
    [InlineData(null, "*", false)]
    public void Matches_in_memory_as_the_databases_do(string? value, string pattern, bool matches) =>
        Assert.Equal(matches, LikePattern.IsMatch(value, pattern));
}
