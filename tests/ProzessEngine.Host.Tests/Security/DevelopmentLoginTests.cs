using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, critical: a Production host offered the login-as-anyone by default, and the caller picked
/// roles: ["admin"]. Outside Development it is now off unless switched on, and switched on it needs a second setting.
/// </summary>
public sealed class DevelopmentLoginTests
{
    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_production_host_does_not_let_anyone_sign_in_as_administrator_by_default()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false);
        var attacker = Browser(app);

        var login = await attacker.PostAsJsonAsync("/auth/login", new { userId = "mallory", roles = new[] { "admin" } });

        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
        Assert.False((await EngineApp.JsonAsync(await attacker.GetAsync("/auth/options")))["developmentLogin"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_production_host_with_the_development_login_switched_on_refuses_to_start_and_says_why()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false,
            settings: new Dictionary<string, string> { ["Engine:Auth:DevelopmentLogin"] = "true" });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(app.Log.Lines, line => line.StartsWith("Critical", StringComparison.Ordinal)
            && line.Contains("Engine:Auth:DevelopmentLogin is on in the environment 'Production'", StringComparison.Ordinal)
            && line.Contains("Engine__Auth__AllowDevelopmentLoginOutsideDevelopment=true", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_trial_outside_development_gets_the_development_login_only_with_both_settings_and_a_warning()
    {
        await using var app = new EngineApp(NewClock(), environment: "Production", developmentLogin: false, settings: new Dictionary<string, string>
        {
            ["Engine:Auth:DevelopmentLogin"] = "true",
            ["Engine:Auth:AllowDevelopmentLoginOutsideDevelopment"] = "true",
        });

        var login = await Browser(app).PostAsJsonAsync("/auth/login", new { userId = "erika" });

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        Assert.Contains(app.Log.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("development login", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Development_keeps_the_development_login_from_its_own_settings_file()
    {
        await using var app = new EngineApp(NewClock(), environment: "Development", developmentLogin: false);

        var login = await Browser(app).PostAsJsonAsync("/auth/login", new { userId = "erika" });

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public void Docker_compose_leaves_the_development_login_off_unless_both_variables_are_set()
    {
        var compose = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "docker-compose.yml"));

        Assert.Equal("false", ComposeDefault(compose, "Engine__Auth__DevelopmentLogin"));
        Assert.Equal("false", ComposeDefault(compose, "Engine__Auth__AllowDevelopmentLoginOutsideDevelopment"));
    }

    [Fact]
    public void The_shipped_settings_switch_the_development_login_on_for_development_only()
    {
        var host = Path.Combine(RepositoryRoot.Find(), "engine", "ProzessEngine.Host");

        Assert.Matches(DevelopmentLoginSetting("false"), File.ReadAllText(Path.Combine(host, "appsettings.json")));
        Assert.Matches(DevelopmentLoginSetting("true"), File.ReadAllText(Path.Combine(host, "appsettings.Development.json")));
    }

    private static HttpClient Browser(EngineApp app)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        return client;
    }

    /// <summary>"Name: ${VARIABLE:-default}" in the engine's environment: the default.</summary>
    private static string ComposeDefault(string compose, string name)
    {
        var match = Regex.Match(compose, $@"^\s*{Regex.Escape(name)}:\s*\$\{{[A-Z_]+:-(?<default>[^}}]*)\}}\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"docker-compose.yml does not set {name} from a variable with a default.");
        return match.Groups["default"].Value;
    }

    private static Regex DevelopmentLoginSetting(string value) => new($"\"DevelopmentLogin\"\\s*:\\s*{value}");
}
