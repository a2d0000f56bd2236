using System.Data.Common;
using System.Text.Json;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// The answers of requests made with an Idempotency-Key (idempotency_keys). A request's row is written in the
/// transaction of the work it does, so the key (tenant, scope, key) refuses the second of two racing requests; its
/// retry then finds the first one's answer here and gives it again.
/// </summary>
internal static class IdempotencyStore
{
    /// <summary>
    /// Throws <see cref="IdempotentReplayException"/> with the earlier answer when the key was used for this request
    /// within its window, and <see cref="IdempotencyKeyReusedException"/> when it was used for another one.
    /// </summary>
    public static async Task ThrowIfAnsweredAsync(SqlDialect sql, DbConnection connection, IdempotencyClaim claim, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var query = sql.Command(connection,
            """
            SELECT "RequestHash", "Status", "Headers", "Body" FROM idempotency_keys
            WHERE "TenantId" = $1 AND "Scope" = $2 AND "IdempotencyKey" = $3 AND "ExpiresAt" > $4
            """, claim.TenantId, claim.Scope, claim.Key, sql.Instant(now));
        await using var reader = await query.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return;
        }

        if (reader.GetString(0) != claim.RequestHash)
        {
            throw new IdempotencyKeyReusedException(
                $"The Idempotency-Key '{claim.Key}' was used for another request to this endpoint within the last {claim.Window}; use a new key for a new request.");
        }

        var headers = reader.IsDBNull(2) ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(2))!.ToList();
        throw new IdempotentReplayException(new IdempotentAnswer(reader.GetInt32(1), headers, reader.IsDBNull(3) ? null : reader.GetString(3)));
    }

    /// <summary>Keeps the answer for the claim's window, replacing a row of the same key whose window has ended.</summary>
    public static IEnumerable<Statement> Keep(SqlDialect sql, IdempotencyClaim claim, IdempotentAnswer answer, DateTimeOffset now)
    {
        yield return new Statement("""DELETE FROM idempotency_keys WHERE "TenantId" = $1 AND "Scope" = $2 AND "IdempotencyKey" = $3 AND "ExpiresAt" <= $4""",
            [claim.TenantId, claim.Scope, claim.Key, sql.Instant(now)]);
        var headers = answer.Headers.Count == 0 ? null : JsonSerializer.Serialize(answer.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase));
        yield return new Statement(
            """
            INSERT INTO idempotency_keys ("TenantId", "Scope", "IdempotencyKey", "RequestHash", "Status", "Headers", "Body", "CreatedAt", "ExpiresAt")
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [claim.TenantId, claim.Scope, claim.Key, claim.RequestHash, answer.Status, headers, answer.Body, sql.Instant(now), sql.Instant(now + claim.Window)]);
    }

    /// <summary>Forgets answers whose window ended, at most <paramref name="limit"/> of them; returns how many.</summary>
    public static async Task<int> ForgetExpiredAsync(SqlDialect sql, DbConnection connection, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var delete = sql.Command(connection,
            """
            DELETE FROM idempotency_keys WHERE ("TenantId", "Scope", "IdempotencyKey") IN
                (SELECT "TenantId", "Scope", "IdempotencyKey" FROM idempotency_keys WHERE "ExpiresAt" <= $1 LIMIT $2)
            """, sql.Instant(now), limit);
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }
}
