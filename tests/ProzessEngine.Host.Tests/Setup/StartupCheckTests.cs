using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Setup;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Setup;

/// <summary>A misconfiguration is one clear line at start-up and no host, never a half-working one.</summary>
public sealed class StartupCheckTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_production_host_refuses_an_api_key_shorter_than_32_characters_and_names_it()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Auth:ApiKeys:2:Key"] = "geheim123",
            ["Engine:Auth:ApiKeys:2:Name"] = "e-rechnung",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "system",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(app.Log.Lines, line => line.StartsWith("Critical", StringComparison.Ordinal)
            && line.Contains("Engine:Auth:ApiKeys:2:Key ('e-rechnung') has 9 characters", StringComparison.Ordinal)
            && line.Contains("at least 32", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_production_host_starts_with_keys_of_32_characters()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Auth:ApiKeys:2:Key"] = new string('k', 32),
            ["Engine:Auth:ApiKeys:2:Name"] = "e-rechnung",
            ["Engine:Auth:ApiKeys:2:Roles:0"] = "system",
        });

        var response = await app.WithKey(new string('k', 32)).PostAsync("/v2/process-definitions/search", JsonContent.Create(new { }));

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}");
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task An_unknown_database_provider_is_one_line_naming_the_setting()
    {
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["Engine:Database"] = "Oracle" });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("Engine:Database 'Oracle' is not a database the engine runs on; use Sqlite or PostgreSQL", line, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task PostgreSQL_without_a_connection_string_is_one_line_naming_the_setting()
    {
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string>
        {
            ["Engine:Database"] = "PostgreSQL",
            ["ConnectionStrings:Engine"] = "",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("Engine:Database is PostgreSQL, but ConnectionStrings:Engine is not set", line, StringComparison.Ordinal);
        Assert.Contains("ConnectionStrings__Engine=", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_string_that_is_not_one_names_the_keyword_and_never_the_password()
    {
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string>
        {
            ["Engine:Database"] = "PostgreSQL",
            ["ConnectionStrings:Engine"] = "Host=db;Username=prozess;Password=streng-geheim;Datenbank=prozessengine",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("ConnectionStrings:Engine is not a PostgreSql connection string", line, StringComparison.Ordinal);
        Assert.Contains("datenbank", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("streng-geheim", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_misconfiguration_is_named_at_once()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Database"] = "MySql",
            ["Engine:TimeZone"] = "Europe/Entenhausen",
            ["Engine:Auth:ApiKeys:2:Key"] = "kurz",
            ["Engine:Auth:ApiKeys:2:Name"] = "e-rechnung",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var lines = Critical(app);
        Assert.Equal(3, lines.Count);
        Assert.Contains(lines, l => l.Contains("Engine:Database 'MySql'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Engine:TimeZone 'Europe/Entenhausen' is not a known time zone", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Engine:Auth:ApiKeys:2:Key ('e-rechnung') has 4 characters", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task An_identity_provider_nobody_listens_for_is_one_line_naming_the_authority_and_the_setting()
    {
        var authority = $"https://127.0.0.1:{ClosedPort()}/realms/verwaltung";
        await using var app = new EngineApp(NewClock(), settings: IdentityProvider(authority));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains($"The identity provider at '{authority}' cannot be reached", line, StringComparison.Ordinal);
        Assert.Contains("Engine:Auth:IdentityProvider:Authority", line, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task An_identity_provider_that_does_not_answer_stops_the_start_after_its_timeout()
    {
        // Connections are taken by the listen queue, but nobody ever answers them.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var authority = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/realms/verwaltung";
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string>(IdentityProvider(authority))
        {
            ["Engine:Auth:IdentityProvider:RequireHttpsMetadata"] = "false",
            ["Engine:Auth:IdentityProvider:StartupTimeout"] = "00:00:01",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains($"The identity provider at '{authority}' cannot be reached: no answer in time", line, StringComparison.Ordinal);
        Assert.Contains("for up to 1 s", line, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task An_authority_with_a_wrong_path_is_named_with_the_answer_of_the_provider()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        var wrongRealm = provider.Authority.ToString().Replace("/realms/verwaltung", "/realms/verwaltnug", StringComparison.Ordinal);
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string>(IdentityProvider(wrongRealm))
        {
            ["Engine:Auth:IdentityProvider:RequireHttpsMetadata"] = "false",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains($"The identity provider at '{wrongRealm}' cannot be reached: it answered 404", line, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task An_authority_over_plain_http_is_refused_unless_the_setting_for_test_providers_says_so()
    {
        await using var app = new EngineApp(NewClock(), settings: IdentityProvider("http://login.stadt.example/realms/verwaltung"));

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("Engine:Auth:IdentityProvider:Authority 'http://login.stadt.example/realms/verwaltung' is not https", line, StringComparison.Ordinal);
        Assert.Contains("Engine__Auth__IdentityProvider__RequireHttpsMetadata=false", line, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_SQLite_folder_that_cannot_be_made_is_one_line_naming_the_file_and_the_setting()
    {
        // Not even root can make a folder in /proc.
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["ConnectionStrings:Engine"] = "Data Source=/proc/prozess/engine.db" });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("the SQLite database '/proc/prozess/engine.db' cannot be created or opened", line, StringComparison.Ordinal);
        Assert.Contains("Check Engine:DataDirectory", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_FEEL_limit_below_its_floor_is_one_line_naming_it()
    {
        await using var app = new EngineApp(NewClock(), settings: new Dictionary<string, string> { ["Engine:Limits:Feel:MaxEvaluationSteps"] = "0" });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        var line = Assert.Single(Critical(app));
        Assert.Contains("Engine:Limits:Feel:MaxEvaluationSteps is 0", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        app.DeleteDatabaseFile();
    }

    [Theory]
    [InlineData("Engine:Timers:Resolution", "bald", "Failed to convert configuration value 'bald' at 'Engine:Timers:Resolution'")]
    [InlineData("Engine:Limits:MaxRequestBodyBytes", "0", "Engine:Limits:MaxRequestBodyBytes must be positive.")]
    [InlineData("Engine:Limits:MaxActivationsPerCommand", "-1", "Engine:Limits:MaxActivationsPerCommand must be positive.")]
    public void A_setting_the_host_cannot_be_built_with_is_one_line_naming_it(string key, string value, string expected)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });

        var refused = Assert.Throws<EngineConfigurationException>(() => builder.AddProzessEngine());

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', refused.Message);
    }

    private static List<string> Critical(EngineApp app) => [.. app.Log.Lines.Where(l => l.StartsWith("Critical", StringComparison.Ordinal))];

    private static Dictionary<string, string> IdentityProvider(string authority) => new()
    {
        ["Engine:Auth:IdentityProvider:Authority"] = authority,
        ["Engine:Auth:IdentityProvider:ClientId"] = FakeIdentityProvider.ClientId,
        ["Engine:PublicBaseUrl"] = "https://prozesse.stadt.example",
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
