using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Host.Webhooks;

/// <summary>
/// Checks a webhook's HMAC signature (inbound.shouldValidateHmac). On top of what Camunda signs, the request carries
/// the time it was signed, in the header <see cref="TimestampHeader"/> as Unix seconds, and the signature covers it: the
/// signed bytes are <c>{timestamp}.</c> followed by what <c>inbound.hmacScopes</c> names (the body by default). A
/// request whose timestamp lies more than the tolerance (5 minutes) from the engine's clock is refused, so a recorded
/// request cannot be replayed later. The signature is accepted as hex or Base64, with or without a tag such as
/// <c>sha256=</c>, as webhook senders write it.
/// </summary>
internal static class WebhookSignature
{
    public const string TimestampHeader = "Webhook-Timestamp";

    private const string Refused = "The HMAC signature is missing, wrong or outside the time window: sign '{timestamp}.' followed by the signed content "
        + "with the shared secret, and send the timestamp (Unix seconds) in the header " + TimestampHeader + ".";

    public static void Verify(WebhookRequest request, WebhookHmac hmac, string secret, string header, DateTimeOffset now, TimeSpan tolerance)
    {
        var presented = request.Header(header);
        var timestampText = request.Header(TimestampHeader);
        if (string.IsNullOrWhiteSpace(presented) || string.IsNullOrWhiteSpace(timestampText)
            || !long.TryParse(timestampText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw WebhookRequestException.Unauthenticated(Refused);
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((now - signedAt).Duration() > tolerance)
        {
            throw WebhookRequestException.Unauthenticated(Refused);
        }

        var content = Content(request, hmac.Scopes);
        var prefix = Encoding.ASCII.GetBytes(timestampText.Trim() + ".");
        var key = Encoding.UTF8.GetBytes(secret);
        var data = new byte[prefix.Length + content.Length];
        prefix.CopyTo(data, 0);
        content.CopyTo(data, prefix.Length);
        var expected = hmac.Algorithm switch
        {
#pragma warning disable CA5350 // SHA-1 only where the model asks for it (inbound.hmacAlgorithm sha_1): some senders sign with nothing else.
            WebhookHmacAlgorithm.Sha1 => HMACSHA1.HashData(key, data),
#pragma warning restore CA5350
            WebhookHmacAlgorithm.Sha512 => HMACSHA512.HashData(key, data),
            _ => HMACSHA256.HashData(key, data),
        };

        if (!Matches(presented.Trim(), expected))
        {
            throw WebhookRequestException.Unauthenticated(Refused);
        }
    }

    /// <summary>
    /// The signed content as Camunda's webhook builds it from the scopes: the raw body; the URL, '?' and the query
    /// (URL and PARAMETERS, and all three for GET); the URL followed by the body (URL and BODY, and all three otherwise),
    /// where a form body is its fields sorted by name, each name followed by its value.
    /// </summary>
    internal static byte[] Content(WebhookRequest request, IReadOnlyCollection<WebhookHmacScope> scopes)
    {
        if (!scopes.Contains(WebhookHmacScope.Url))
        {
            return request.Body;
        }

        var isGet = string.Equals(request.Method, "GET", StringComparison.OrdinalIgnoreCase);
        if (scopes.Contains(WebhookHmacScope.Parameters) && (isGet || !scopes.Contains(WebhookHmacScope.Body)))
        {
            var query = string.Join("&", request.Parameters.Select(p => $"{WebUtility.UrlEncode(p.Key)}={WebUtility.UrlEncode(p.Value)}"));
            return Encoding.UTF8.GetBytes($"{request.Url}?{query}");
        }

        var body = request.IsForm
            ? string.Concat(((IEnumerable<KeyValuePair<string, Feel.FeelValue>>)request.ParsedBody().AsContext())
                .OrderBy(f => f.Key, StringComparer.Ordinal)
                .Select(f => f.Key + (f.Value.TryGetString(out var text) ? text : "")))
            : Encoding.UTF8.GetString(request.Body);
        return Encoding.UTF8.GetBytes(request.Url + body);
    }

    /// <summary>Compares in constant time with each way a sender may write the signature.</summary>
    private static bool Matches(string presented, byte[] expected)
    {
        var candidates = new List<string> { presented };
        var tag = presented.IndexOf('=', StringComparison.Ordinal);
        if (tag > 0 && presented[..tag].All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            candidates.Add(presented[(tag + 1)..]);
        }

        var hex = Encoding.ASCII.GetBytes(Convert.ToHexStringLower(expected));
        var base64 = Encoding.ASCII.GetBytes(Convert.ToBase64String(expected));
        var matched = false;
        foreach (var candidate in candidates)
        {
            var bytes = Encoding.ASCII.GetBytes(candidate.ToLowerInvariant());
            matched |= CryptographicOperations.FixedTimeEquals(bytes, hex);
            matched |= CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), base64);
        }

        return matched;
    }
}
