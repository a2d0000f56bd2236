using System.Text;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Http;

/// <summary>
/// An answer kept for an Idempotency-Key (or a webhook's answer), written as it was made; a repeat carries
/// <c>Idempotent-Replayed: true</c>, as Stripe's and other idempotent APIs mark it.
/// </summary>
internal sealed class AnsweredResult(AnsweredRequest answered) : IResult
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return WriteAsync(httpContext.Response, answered.Answer, answered.Replayed, httpContext.RequestAborted);
    }

    public static async Task WriteAsync(HttpResponse response, IdempotentAnswer answer, bool replayed, CancellationToken cancellationToken)
    {
        response.StatusCode = answer.Status;
        foreach (var (name, value) in answer.Headers)
        {
            if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                response.ContentType = value;
            }
            else
            {
                response.Headers.Append(name, value);
            }
        }

        if (replayed)
        {
            response.Headers[ReplayedHeader] = "true";
        }

        if (answer.Body is not null)
        {
            await response.Body.WriteAsync(Encoding.UTF8.GetBytes(answer.Body), cancellationToken);
        }
    }
}
