using Microsoft.EntityFrameworkCore;

namespace ProzessEngine.Persistence.Tests.Scenarios;

/// <summary>The secret the nodes permute their keys with: made once, by whichever node comes first, and the same for all.</summary>
public abstract class ClusterSecretScenarios : DatabaseScenarios
{
    [Fact]
    public async Task Nodes_starting_at_once_share_one_secret()
    {
        var secrets = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => Task.Run(() => new ClusterSecrets(Database, Clock).GetOrCreateAsync(ClusterSecrets.KeyPermutation))));

        Assert.Single(secrets.Select(Convert.ToHexString).Distinct());
        Assert.Equal(ClusterSecrets.Length, secrets[0].Length);
        await using var context = Database.CreateContext();
        Assert.Equal(1, await context.ClusterSecrets.CountAsync());
    }

    [Fact]
    public async Task A_restarted_node_reads_the_secret_made_before()
    {
        var first = await new ClusterSecrets(Database, Clock).GetOrCreateAsync(ClusterSecrets.KeyPermutation);
        await using var restarted = new EngineDatabase(Provider, Database.ConnectionString);

        var second = await new ClusterSecrets(restarted, Clock).GetOrCreateAsync(ClusterSecrets.KeyPermutation);

        Assert.Equal(first, second);
        Assert.NotEqual(new byte[ClusterSecrets.Length], first);
    }

    [Fact]
    public async Task A_secret_shortened_by_hand_is_refused_with_what_to_do()
    {
        var secrets = new ClusterSecrets(Database, Clock);
        await secrets.GetOrCreateAsync(ClusterSecrets.KeyPermutation);
        await using (var context = Database.CreateContext())
        {
            var row = await context.ClusterSecrets.SingleAsync();
            row.Value = [1, 2, 3];
            await context.SaveChangesAsync();
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => secrets.GetOrCreateAsync(ClusterSecrets.KeyPermutation));

        Assert.Contains("cluster_secrets", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Delete its row", refused.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteClusterSecretScenarios : ClusterSecretScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PostgresClusterSecretScenarios : ClusterSecretScenarios
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
