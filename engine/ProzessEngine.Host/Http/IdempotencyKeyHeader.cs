using System.Text;

namespace ProzessEngine.Host.Http;

/// <summary>
/// The Idempotency-Key header (IETF draft-ietf-httpapi-idempotency-key-header): a Structured Fields string
/// (<c>"8e03978e-40d5-43e8-bc93-6894a57f9324"</c>), also accepted without quotes as most clients send it; 1 to 255
/// printable ASCII characters. Anything else is a 400 naming the header.
/// </summary>
internal static class IdempotencyKeyHeader
{
    public const string Name = "Idempotency-Key";

    public static string? Read(HttpRequest request)
    {
        var values = request.Headers[Name];
        if (values.Count == 0)
        {
            return null;
        }

        if (values.Count > 1)
        {
            throw RequestValidationException.For(Name, "must be given once.");
        }

        var text = (values[0] ?? "").Trim();
        if (text.Length >= 2 && text[0] == '"' && text[^1] == '"')
        {
            text = Unquote(text[1..^1]);
        }

        if (text.Length is 0 or > 255 || text.Any(c => c is < ' ' or > '~'))
        {
            throw RequestValidationException.For(Name, "must be 1 to 255 printable ASCII characters, such as a UUID.");
        }

        return text;
    }

    private static string Unquote(string quoted)
    {
        var text = new StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length && quoted[i + 1] is '"' or '\\')
            {
                i++;
            }
            else if (quoted[i] is '"' or '\\')
            {
                throw RequestValidationException.For(Name, "is a quoted string with a stray '\"' or '\\'.");
            }

            text.Append(quoted[i]);
        }

        return text.ToString();
    }
}
