using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Npgsql;
using ProzessEngine.Testing;

namespace ProzessEngine.Cluster.Tests.Infrastructure;

/// <summary>A database of its own for one test, shared by the nodes the test starts, and a few reads the tests assert on.</summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    private readonly PostgresServer _server;

    private ClusterDatabase(PostgresServer server, string connectionString)
    {
        _server = server;
        ConnectionString = connectionString;
    }

    public string ConnectionString { get; }

    public static async Task<ClusterDatabase> CreateAsync(string name)
    {
        var server = await PostgresServer.GetAsync();
        return new ClusterDatabase(server, await server.CreateDatabaseAsync(name));
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<(long Instance, string Command, string Events)>> JournalAsync()
    {
        var rows = new List<(long, string, string)>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "ProcessInstanceKey", "Command", "Events" FROM journal ORDER BY "ProcessInstanceKey", "Sequence" """,
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    public static async Task DeployAsync(HttpClient client, string name, string bpmn)
    {
        using var form = new MultipartFormDataContent();
        var part = new ByteArrayContent(Encoding.UTF8.GetBytes(bpmn));
        part.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        form.Add(part, "resources", name);
        var response = await client.PostAsync("/v2/deployments", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Posts as a well-behaved caller does: a 503 (the node could not reach the database in time and applied nothing)
    /// is tried again after its Retry-After, a few times; tests start thousands of instances on a busy 2-core machine.
    /// </summary>
    public static async Task<JsonObject> PostAsync(HttpClient client, string path, object body)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await client.PostAsJsonAsync(path, body);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 4)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
            return JsonNode.Parse(text)!.AsObject();
        }
    }

    public async ValueTask DisposeAsync() => await _server.DropDatabaseAsync(ConnectionString);
}
