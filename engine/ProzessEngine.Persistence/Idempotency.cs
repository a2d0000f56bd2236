namespace ProzessEngine.Persistence;

/// <summary>The HTTP answer a request got: given once, and given again to a repeat of the request with the same Idempotency-Key.</summary>
public sealed record IdempotentAnswer(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body);

/// <summary>
/// A request that carries an Idempotency-Key: what it did is done once per tenant, endpoint (<see cref="Scope"/>) and
/// key while <see cref="Window"/> lasts, and its answer is kept that long for repeats. <see cref="RequestHash"/> (SHA-256
/// of what the request asks for) tells a repeat from another request that reuses the key.
/// </summary>
public sealed record IdempotencyClaim(string TenantId, string Scope, string Key, string RequestHash, TimeSpan Window);

/// <summary>An answer to a request: given now, or <see cref="Replayed"/> from an earlier request with the same key.</summary>
public sealed record AnsweredRequest(IdempotentAnswer Answer, bool Replayed);

/// <summary>An Idempotency-Key was used before, within its window, for a request that asked for something else (HTTP 422).</summary>
public sealed class IdempotencyKeyReusedException(string message) : Exception(message);

/// <summary>The request was made before with this key: its earlier answer stands (not a failure; ends the attempt).</summary>
internal sealed class IdempotentReplayException(IdempotentAnswer answer) : Exception("The request was answered before.")
{
    public IdempotentAnswer Answer { get; } = answer;
}
