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
    public async Task A_development_login_without_roles_is_a_clerk_only_and_sees_neither_cockpit_nor_modeler()
    {
        await using var app = new EngineApp(NewClock());
        var erika = Browser(app);

        Assert.Equal(HttpStatusCode.NoContent, (await erika.PostAsJsonAsync("/auth/login", new { userId = "erika", groups = new[] { "fachamt" } })).StatusCode);

        var me = await EngineApp.JsonAsync(await erika.GetAsync("/auth/me"));
        Assert.Equal(["clerk"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await erika.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await EngineApp.DeployAsync(erika, ("p.bpmn", "<definitions/>"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await erika.PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_development_login_gets_exactly_the_roles_it_asks_for()
    {
        await using var app = new EngineApp(NewClock());
        var olga = Browser(app);

        var login = await olga.PostAsJsonAsync("/auth/login", new { userId = "olga", roles = new[] { "operator", "modeler", "operator" } });

        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var me = await EngineApp.JsonAsync(await olga.GetAsync("/auth/me"));
        Assert.Equal(["modeler", "operator"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.OK, (await olga.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);

        var paula = Browser(app);
        Assert.Equal(HttpStatusCode.NoContent, (await paula.PostAsJsonAsync("/auth/login", new { userId = "paula", roles = new[] { "modeler" } })).StatusCode);
        Assert.Equal(["modeler"], (await EngineApp.JsonAsync(await paula.GetAsync("/auth/me")))["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.Forbidden, (await paula.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await paula.PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);
        app.DeleteDatabaseFile();
    }

    [Theory]
    [InlineData("""{ "userId": "erika", "roles": ["teamlead"] }""", "teamlead")]
    [InlineData("""{ "userId": "erika", "roles": ["Clerk"] }""", "Clerk")]
    [InlineData("""{ "userId": "erika", "roles": ["clerk", null] }""", "must not be empty")]
    [InlineData("""{ "userId": "erika", "roles": [" "] }""", "must not be empty")]
    public async Task An_unknown_or_empty_role_is_a_400_naming_the_roles_field(string body, string named)
    {
        await using var app = new EngineApp(NewClock());

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var problem = await EngineApp.ProblemAsync(await Browser(app).PostAsync("/auth/login", content), 400);

        var message = problem["errors"]!["roles"]![0]!.GetValue<string>();
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Contains("clerk, modeler, operator, admin", message, StringComparison.Ordinal);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_login_request_with_several_mistakes_names_each_field_at_once()
    {
        await using var app = new EngineApp(NewClock());

        var problem = await EngineApp.ProblemAsync(await Browser(app).PostAsJsonAsync("/auth/login",
            new { userId = "", groups = new[] { "a,b" }, roles = new[] { "chef" }, tenantIds = new[] { new string('t', 101) } }), 400);

        Assert.Equal(["groups", "roles", "tenantIds", "userId"], problem["errors"]!.AsObject().Select(e => e.Key).Order(StringComparer.Ordinal));
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
