using ProzessEngine.Host.Http;

namespace ProzessEngine.Host.Auth;

/// <summary>Where a sign-in may send the browser back to: a path on this site, nothing else.</summary>
internal static class ReturnUrls
{
    private const int MaxLength = 2048;

    /// <summary>
    /// The path itself when it is local, "/" for anything that would leave the site (a scheme, "//host", "/\host"). A
    /// control or white-space character anywhere is refused (400): browsers drop tabs and line breaks from addresses, so
    /// "/\t/evil.example" becomes "//evil.example", and in a Location header they break the answer.
    /// </summary>
    public static string Local(string? returnUrl)
    {
        if (string.IsNullOrEmpty(returnUrl))
        {
            return "/";
        }

        if (returnUrl.Length > MaxLength || returnUrl.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw RequestValidationException.For("returnUrl",
                $"must be a path on this site (at most {MaxLength} characters, no control or white-space characters).");
        }

        var local = returnUrl[0] == '/'
            && (returnUrl.Length == 1 || returnUrl[1] is not ('/' or '\\'))
            && !returnUrl.Contains('\\', StringComparison.Ordinal);
        return local ? returnUrl : "/";
    }
}
