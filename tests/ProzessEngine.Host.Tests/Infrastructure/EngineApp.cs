using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Persistence;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>
/// The real host in memory, on its own SQLite file (or a PostgreSQL database), with a fake clock and two API keys:
/// one for an administrator, one for a system that may only start processes.
/// </summary>
public sealed class EngineApp : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdefghijkl";
    public const string SystemKey = "test-system-key-0123456789abcdefghijk";

    private readonly string _connectionString;
    private readonly string _provider;
    private readonly string? _workflows;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _environment;
    private readonly bool _developmentLogin;
    private readonly string? _environmentVariablesPrefix;
    private readonly bool _systemClock;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="environment">The host's environment; "Testing" is neither Development nor Production.</param>
    /// <param name="developmentLogin">
    /// Switches the development login on (and acknowledges it outside Development); false leaves it to appsettings*.json.
    /// </param>
    /// <param name="environmentVariables">
    /// Configuration as an operator writes it (Engine__Auth__ApiKeys__0__Key), read by the host's environment variable
    /// provider under a prefix of this app's own, so that parallel tests do not see each other's.
    /// </param>
    /// <param name="systemClock">
    /// Leave the engine (and Quartz) on the real clock: for tests of infrastructure, where Quartz's retry delays after a
    /// database outage must pass by themselves.
    /// </param>
    /// <param name="services">Replaces services of the host (e.g. the DNS answers the REST connector gets).</param>
    public EngineApp(FakeTimeProvider clock, string? sqliteFile = null, string? postgresConnectionString = null, bool deployShippedWorkflows = false,
        IReadOnlyDictionary<string, string>? settings = null, string environment = "Testing", bool developmentLogin = true,
        IReadOnlyDictionary<string, string>? environmentVariables = null, bool systemClock = false, LogLevel logLevel = LogLevel.Warning,
        Action<IServiceCollection>? services = null)
    {
        Log = new LogCollector(logLevel);
        _systemClock = systemClock;
        _services = services;
        _settings = settings ?? new Dictionary<string, string>();
        _environment = environment;
        _developmentLogin = developmentLogin;
        if (environmentVariables is not null)
        {
            _environmentVariablesPrefix = $"PROZESS_TEST_{Guid.NewGuid():N}_";
            foreach (var (name, value) in environmentVariables)
            {
                Environment.SetEnvironmentVariable(_environmentVariablesPrefix + name, value);
            }
        }

        Clock = clock;
        SqliteFile = sqliteFile ?? Path.Combine(Path.GetTempPath(), $"prozessengine-host-{Guid.NewGuid():N}.db");
        _provider = postgresConnectionString is null ? "Sqlite" : "PostgreSQL";
        _connectionString = postgresConnectionString ?? $"Data Source={SqliteFile}";
        _workflows = deployShippedWorkflows ? Path.Combine(RepositoryRoot.Find(), "workflows") : "";
    }

    public FakeTimeProvider Clock { get; }
    public string SqliteFile { get; }
    public SignalListener Signals { get; } = new();

    /// <summary>The warnings and errors the host logged (or all from the logLevel given), one line per entry ("Critical ProzessEngine: …").</summary>
    public LogCollector Log { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Engine:Database", _provider);
        builder.UseSetting("ConnectionStrings:Engine", _connectionString);
        builder.UseSetting("Engine:WorkflowsDirectory", _workflows);
        // The fake clock never lets a default long poll end: tests that find no jobs expect the answer at once, and
        // those about long polling ask for it with requestTimeout.
        builder.UseSetting("Engine:Jobs:DefaultRequestTimeout", "00:00:00");
        if (_developmentLogin)
        {
            builder.UseSetting("Engine:Auth:DevelopmentLogin", "true");
            builder.UseSetting("Engine:Auth:AllowDevelopmentLoginOutsideDevelopment", "true");
        }

        builder.UseSetting("Engine:Auth:ApiKeys:0:Key", AdminKey);
        builder.UseSetting("Engine:Auth:ApiKeys:0:Name", "testadmin");
        builder.UseSetting("Engine:Auth:ApiKeys:0:Roles:0", "admin");
        builder.UseSetting("Engine:Auth:ApiKeys:1:Key", SystemKey);
        builder.UseSetting("Engine:Auth:ApiKeys:1:Name", "ozg-portal");
        builder.UseSetting("Engine:Auth:ApiKeys:1:Roles:0", "system");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_environmentVariablesPrefix is not null)
        {
            // Read by the environment variable provider the host uses (it turns __ into :), handed over as settings because
            // the host reads part of its configuration while it is being built, before added sources would be seen.
            foreach (var (key, value) in new ConfigurationBuilder().AddEnvironmentVariables(_environmentVariablesPrefix).Build().AsEnumerable())
            {
                if (value is not null)
                {
                    builder.UseSetting(key, value);
                }
            }
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureTestServices(services =>
        {
            if (!_systemClock)
            {
                services.AddSingleton<TimeProvider>(Clock);
            }

            services.AddSingleton<ICommandListener>(Signals);
            _services?.Invoke(services);
        });
    }

    public HttpClient Admin() => WithKey(AdminKey);

    public HttpClient System() => WithKey(SystemKey);

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>A client whose requests come from the given address, as a reverse proxy's would.</summary>
    public HttpClient FromAddress(string remoteAddress)
    {
        var address = global::System.Net.IPAddress.Parse(remoteAddress);
        return new HttpClient(Server.CreateHandler(context => context.Connection.RemoteIpAddress = address)) { BaseAddress = new Uri("http://localhost/") };
    }

    /// <summary>A browser-like client logged in through the development login.</summary>
    public async Task<HttpClient> ClerkAsync(string userId, params string[] groups)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        var response = await client.PostAsJsonAsync("/auth/login", new { userId, groups, roles = new[] { "clerk" } });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A browser-like client of a person with the given roles (e.g. teamlead), logged in through the development login.</summary>
    public async Task<HttpClient> PersonAsync(string userId, string[] roles, params string[] groups)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        var response = await client.PostAsJsonAsync("/auth/login", new { userId, groups, roles });
        response.EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A session that does not send the designer's header, as a forged cross-site request would.</summary>
    public async Task<HttpClient> ClerkWithoutDesignerHeaderAsync(string userId, params string[] groups)
    {
        var client = await ClerkAsync(userId, groups);
        client.DefaultRequestHeaders.Remove("X-Requested-With");
        return client;
    }

    public static async Task<HttpResponseMessage> DeployAsync(HttpClient client, params (string Name, string Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(Encoding.UTF8.GetBytes(content));
            part.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".form", StringComparison.Ordinal) ? "application/json" : "text/xml");
            form.Add(part, "resources", name);
        }

        return await client.PostAsync("/v2/deployments", form);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"expected {expectedStatus}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(expectedStatus, problem["status"]!.GetValue<int>());
        return problem;
    }

    public static async Task<string> StartAsync(HttpClient client, string processId, object? variables = null)
    {
        var response = await client.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = processId, variables });
        return (await JsonAsync(response))["processInstanceKey"]!.GetValue<string>();
    }

    public static async Task<JsonArray> TasksAsync(HttpClient client, object filter)
    {
        var response = await client.PostAsJsonAsync("/v2/user-tasks/search", new { filter });
        return (await JsonAsync(response))["items"]!.AsArray();
    }

    public static async Task<JsonObject> InstanceAsync(HttpClient client, string key) =>
        await JsonAsync(await client.GetAsync($"/v2/process-instances/{key}"));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_environmentVariablesPrefix is not null)
        {
            foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(n => n.StartsWith(_environmentVariablesPrefix, StringComparison.Ordinal)))
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        if (_provider == "Sqlite")
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }
    }

    public void DeleteDatabaseFile()
    {
        foreach (var file in new[] { SqliteFile, SqliteFile + "-wal", SqliteFile + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }

    internal static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
