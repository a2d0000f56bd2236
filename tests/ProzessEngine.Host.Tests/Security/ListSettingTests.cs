using System.Net;
using System.Net.Http.Json;
using System.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, high: every API key also got the system role. The configuration binder appends configured items to
/// a list property's default ["system"] instead of replacing it; the same held for the identity provider's scopes and
/// default roles. Configured here as an operator writes it, through environment variables.
/// </summary>
public sealed class ListSettingTests
{
    private const string OperatorKey = "leitstelle-key";
    private const string PlainKey = "fachverfahren-key";

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task An_operator_key_configured_through_environment_variables_is_an_operator_and_not_also_a_system()
    {
        await using var app = new EngineApp(NewClock(), environmentVariables: new Dictionary<string, string>
        {
            ["Engine__Auth__ApiKeys__2__Key"] = OperatorKey,
            ["Engine__Auth__ApiKeys__2__Name"] = "leitstelle",
            ["Engine__Auth__ApiKeys__2__Roles__0"] = "operator",
        });
        var key = app.WithKey(OperatorKey);

        // Operators watch instances, but only systems work on jobs: with the appended system role this was a 200.
        Assert.Equal(HttpStatusCode.OK, (await key.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        await EngineApp.ProblemAsync(await key.PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abruf" }), 403);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_key_without_roles_is_a_system_and_nothing_more()
    {
        await using var app = new EngineApp(NewClock(), environmentVariables: new Dictionary<string, string>
        {
            ["Engine__Auth__ApiKeys__2__Key"] = PlainKey,
            ["Engine__Auth__ApiKeys__2__Name"] = "fachverfahren",
        });
        var key = app.WithKey(PlainKey);

        Assert.Equal(HttpStatusCode.OK, (await key.PostAsJsonAsync("/v2/jobs/activation", new { type = "register-abruf" })).StatusCode);
        await EngineApp.ProblemAsync(await key.PostAsync("/v2/process-instances/1/cancellation", null), 403);
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_key_with_a_role_that_does_not_exist_stops_the_start()
    {
        await using var app = new EngineApp(NewClock(), environmentVariables: new Dictionary<string, string>
        {
            ["Engine__Auth__ApiKeys__2__Key"] = PlainKey,
            ["Engine__Auth__ApiKeys__2__Roles__0"] = "operater",
        });

        Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains(app.Log.Lines, line => line.Contains("Engine:Auth:ApiKeys:2:Roles has 'operater', which is not a role", StringComparison.Ordinal));
        app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task Configured_scopes_and_default_roles_of_the_identity_provider_replace_the_defaults()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        // The sign-in's cookies expire by the host's clock, and the test's cookie container drops them by the real one.
        await using var app = new EngineApp(new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string> { ["Engine:PublicBaseUrl"] = "http://localhost" },
            environmentVariables: new Dictionary<string, string>
            {
                ["Engine__Auth__IdentityProvider__Authority"] = provider.Authority.ToString(),
                ["Engine__Auth__IdentityProvider__ClientId"] = FakeIdentityProvider.ClientId,
                ["Engine__Auth__IdentityProvider__RequireHttpsMetadata"] = "false",
                ["Engine__Auth__IdentityProvider__Scopes__0"] = "openid",
                ["Engine__Auth__IdentityProvider__Scopes__1"] = "prozessengine",
                ["Engine__Auth__IdentityProvider__DefaultRoles__0"] = "modeler",
            });
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var challenge = await browser.GetAsync("/auth/oidc/login");
        var query = HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        Assert.Equal("openid prozessengine", query["scope"]);

        var code = provider.IssueCode(query["nonce"]!, new Dictionary<string, object> { ["sub"] = "p-1", ["preferred_username"] = "petra" });
        var callback = await browser.PostAsync(new Uri(query["redirect_uri"]!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        var me = await EngineApp.JsonAsync(await browser.GetAsync("/auth/me"));
        Assert.Equal(["modeler"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
        app.DeleteDatabaseFile();
    }
}
