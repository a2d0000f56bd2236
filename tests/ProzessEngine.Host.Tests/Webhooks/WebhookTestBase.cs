using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// The host on its own database (SQLite or PostgreSQL), with the secrets the webhook models name configured and a fake
/// clock, and the means to call webhooks as other systems do: signed, with credentials, or anonymously.
/// </summary>
public abstract class WebhookTestBase : IAsyncLifetime
{
    public const string PortalKey = "portal-schluessel-2f8e41";
    public const string HmacSecret = "hmac-geheimnis-93ab1c";
    public const string BasicPassword = "basis-passwort-7d20ee";

    /// <summary>An administrator of the tenant stadt-b.</summary>
    public const string StadtBKey = "test-stadt-b-admin-key-0123456789abcd";

    protected static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private PostgresServer? _server;
    private string? _database;

    protected abstract bool Postgres { get; }

    protected EngineApp App { get; private set; } = null!;

    /// <summary>Settings a test class adds (or changes) for its host.</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        if (Postgres)
        {
            _server = await PostgresServer.GetAsync();
            _database = await _server.CreateDatabaseAsync(GetType().Name);
        }

        var settings = new Dictionary<string, string>
        {
            ["Engine:Secrets:PORTAL_KEY"] = PortalKey,
            ["Engine:Secrets:HMAC_SECRET"] = HmacSecret,
            ["Engine:Secrets:BASIC_PASSWORD"] = BasicPassword,
            ["Engine:Auth:ApiKeys:2:Key"] = StadtBKey,
            ["Engine:Auth:ApiKeys:2:Name"] = "stadt-b-admin",
            ["Engine:Auth:ApiKeys:2:TenantId"] = "stadt-b",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "admin",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        App = new EngineApp(new FakeTimeProvider(Start), postgresConnectionString: _database, settings: settings, logLevel: LogLevel.Information);
        await InitializeMoreAsync();
    }

    protected virtual Task InitializeMoreAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_database!);
        }
        else
        {
            App.DeleteDatabaseFile();
        }
    }

    protected async Task DeployAsync(string name, string model) =>
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(App.Admin(), (name, model)));

    /// <summary>A client without any of the engine's credentials, as another system on the internet calls.</summary>
    protected HttpClient Anonymous() => App.CreateClient();

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    protected static HttpRequestMessage Post(string path, string json, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    protected static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    /// <summary>The hex HMAC-SHA256 of "{timestamp}.{content}", as a sender computes it.</summary>
    protected static string Sign(string content, long timestamp, string secret = HmacSecret) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{content}")));

    protected long Now => App.Clock.GetUtcNow().ToUnixTimeSeconds();

    protected Task<JsonArray> InstancesAsync(string processId) => SearchAsync("/v2/process-instances/search", new { filter = new { processDefinitionId = processId } });

    protected async Task<JsonArray> SearchAsync(string path, object body) =>
        (await EngineApp.JsonAsync(await App.Admin().PostAsJsonAsync(path, body)))["items"]!.AsArray();

    protected async Task<JsonObject> InstanceAsync(string key) => await EngineApp.InstanceAsync(App.Admin(), key);

    protected static async Task<string> BodyAsync(HttpResponseMessage response) => await response.Content.ReadAsStringAsync();
}
