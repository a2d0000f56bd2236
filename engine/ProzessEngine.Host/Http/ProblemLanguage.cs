using Microsoft.Net.Http.Headers;

namespace ProzessEngine.Host.Http;

/// <summary>The language of a problem's text: German, the working language, unless the request prefers English.</summary>
internal static class ProblemLanguage
{
    /// <summary>True when Accept-Language ranks English above German (a language not named counts as unwanted).</summary>
    public static bool PrefersEnglish(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ranked = context.Request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1)
            .Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith("de", StringComparison.OrdinalIgnoreCase) || l.StartsWith("en", StringComparison.OrdinalIgnoreCase));
        return ranked?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
    }
}
