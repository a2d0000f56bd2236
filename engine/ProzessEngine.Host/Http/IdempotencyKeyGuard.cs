namespace ProzessEngine.Host.Http;

/// <summary>Endpoint metadata: the endpoint does what a request asks once per Idempotency-Key.</summary>
internal sealed class HonoursIdempotencyKey
{
    public static HonoursIdempotencyKey Instance { get; } = new();
}

/// <summary>
/// An Idempotency-Key on a POST or PATCH that does not honour it would promise the caller a protection it does not
/// get: such a request is a 400 naming the header and what to use instead, never a second, silent execution.
/// </summary>
internal sealed class IdempotencyKeyGuard(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPatch(request.Method))
            && request.Headers.ContainsKey(IdempotencyKeyHeader.Name)
            && context.GetEndpoint() is { } endpoint
            && endpoint.Metadata.GetMetadata<HonoursIdempotencyKey>() is null)
        {
            throw RequestValidationException.For(IdempotencyKeyHeader.Name,
                "is honoured by POST /v2/process-instances and the inbound webhooks only; for messages use messageId (docs/api.md).");
        }

        return next(context);
    }
}
