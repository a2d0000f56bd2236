using System.Security.Cryptography;

namespace ProzessEngine.Persistence;

/// <summary>
/// Secrets every node on one database must share, made from random bytes by the first node that asks and never
/// replaced. They live in the database because it is the one thing all nodes share; whoever can read them there can read
/// every instance anyway. None of them is ever a constant in the code or a setting that nodes could disagree on.
/// </summary>
public sealed class ClusterSecrets(EngineDatabase database, TimeProvider clock)
{
    /// <summary>The secret of the key generator's permutation (<c>SnowflakeKeyGenerator</c>).</summary>
    public const string KeyPermutation = "key-permutation";

    /// <summary>Bytes of a new secret: 256 bits.</summary>
    public const int Length = 32;

    /// <summary>The secret called <paramref name="name"/>, made now if no node made it before.</summary>
    /// <exception cref="InvalidOperationException">The stored secret is shorter than 16 bytes (changed by hand).</exception>
    public async Task<byte[]> GetOrCreateAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        // Nodes starting at once each offer a secret; the first insert wins and every node reads the winner's.
        await using (var offer = database.Dialect.Command(connection,
            """INSERT INTO cluster_secrets ("Name", "Value", "CreatedAt") VALUES ($1, $2, $3) ON CONFLICT ("Name") DO NOTHING""",
            name, RandomNumberGenerator.GetBytes(Length), database.Dialect.Instant(clock.GetUtcNow())))
        {
            await offer.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var read = database.Dialect.Command(connection, """SELECT "Value" FROM cluster_secrets WHERE "Name" = $1""", name);
        var secret = await read.ExecuteScalarAsync(cancellationToken) as byte[];
        return secret is { Length: >= 16 }
            ? secret
            : throw new InvalidOperationException(
                $"The cluster secret '{name}' in the table cluster_secrets is shorter than 16 bytes. Delete its row while no node runs; the next node to start makes a new one.");
    }
}
