using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Auth;

/// <summary>Sign-in through the municipality's OpenID Connect provider, and access tokens of other systems.</summary>
public sealed class IdentityProviderTests : IAsyncLifetime
{
    private FakeIdentityProvider _provider = null!;
    private EngineApp _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _app = new EngineApp(new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
        {
            ["Engine:Auth:IdentityProvider:Authority"] = _provider.Authority.ToString(),
            ["Engine:Auth:IdentityProvider:ClientId"] = FakeIdentityProvider.ClientId,
            ["Engine:Auth:IdentityProvider:ClientSecret"] = "geheim",
            ["Engine:Auth:IdentityProvider:RequireHttpsMetadata"] = "false",
            ["Engine:Auth:IdentityProvider:RolesClaim"] = "realm_access.roles",
            ["Engine:Auth:IdentityProvider:RoleMapping:sachbearbeitung"] = "clerk",
            ["Engine:Auth:IdentityProvider:RoleMapping:fachverfahren"] = "system",
            ["Engine:PublicBaseUrl"] = "http://localhost",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task A_person_signs_in_at_the_provider_and_gets_a_session_with_their_groups_and_mapped_roles()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var options = await EngineApp.JsonAsync(await browser.GetAsync("/auth/options"));
        Assert.False(options["developmentLogin"]!.GetValue<bool>());
        Assert.True(options["identityProvider"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.PostAsJsonAsync("/auth/login", new { userId = "mallory" })).StatusCode);

        var challenge = await browser.GetAsync("/auth/oidc/login?returnUrl=%2F%23%2Faufgaben");
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var authorize = challenge.Headers.Location!;
        Assert.StartsWith(_provider.Authority + "/protocol/openid-connect/auth", authorize.ToString(), StringComparison.Ordinal);
        var query = HttpUtility.ParseQueryString(authorize.Query);
        Assert.Equal(FakeIdentityProvider.ClientId, query["client_id"]);
        Assert.Equal("code", query["response_type"]);
        Assert.Equal("S256", query["code_challenge_method"]);

        var code = _provider.IssueCode(query["nonce"]!, new Dictionary<string, object>
        {
            ["sub"] = "5f0c…",
            ["preferred_username"] = "e.mustermann",
            ["name"] = "Erika Mustermann",
            ["groups"] = new[] { "/fachamt", "/kasse" },
            ["realm_access"] = new { roles = new[] { "sachbearbeitung", "offline_access" } },
        });
        var callback = await browser.PostAsync(new Uri(query["redirect_uri"]!).PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal("/#/aufgaben", callback.Headers.Location!.OriginalString);

        var me = await EngineApp.JsonAsync(await browser.GetAsync("/auth/me"));
        Assert.Equal("e.mustermann", me["userId"]!.GetValue<string>());
        Assert.Equal("Erika Mustermann", me["displayName"]!.GetValue<string>());
        Assert.Equal(["fachamt", "kasse"], me["groups"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.Equal(["clerk"], me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Fact]
    public async Task A_forged_callback_without_the_sign_in_state_is_refused()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var code = _provider.IssueCode("nonce", new Dictionary<string, object> { ["preferred_username"] = "mallory" });

        var callback = await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = "erfunden" }));

        Assert.NotEqual(HttpStatusCode.Redirect, callback.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    [Fact]
    public async Task The_return_address_after_sign_in_stays_on_this_site()
    {
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

        var challenge = await browser.GetAsync("/auth/oidc/login?returnUrl=https%3A%2F%2Fevil.example%2F");

        var state = HttpUtility.ParseQueryString(challenge.Headers.Location!.Query)["redirect_uri"];
        Assert.EndsWith("/signin-oidc", state, StringComparison.Ordinal);
        var code = _provider.IssueCode(HttpUtility.ParseQueryString(challenge.Headers.Location.Query)["nonce"]!,
            new Dictionary<string, object> { ["sub"] = "otto-1", ["preferred_username"] = "otto" });
        var callback = await browser.PostAsync("/signin-oidc", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["code"] = code,
            ["state"] = HttpUtility.ParseQueryString(challenge.Headers.Location.Query)["state"]!,
        }));
        Assert.Equal("/", callback.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Another_system_calls_the_api_with_an_access_token_of_the_provider()
    {
        var token = _provider.Token(new Dictionary<string, object>
        {
            ["sub"] = "service-account-ozg",
            ["aud"] = FakeIdentityProvider.ClientId,
            ["preferred_username"] = "ozg-portal",
            ["realm_access"] = new { roles = new[] { "fachverfahren" } },
        }, TimeSpan.FromMinutes(5));
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var response = await client.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "gibt-es-nicht" });

        // The system is known and may start processes; the process itself does not exist.
        await EngineApp.ProblemAsync(response, 404);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/v2/user-tasks/search", new { })).StatusCode);
    }

    [Fact]
    public async Task Tokens_that_are_expired_or_signed_by_someone_else_are_refused()
    {
        using var otherKey = RSA.Create(2048);
        var claims = new Dictionary<string, object> { ["sub"] = "x", ["aud"] = FakeIdentityProvider.ClientId, ["realm_access"] = new { roles = new[] { "fachverfahren" } } };
        foreach (var token in new[] { _provider.Token(claims, TimeSpan.FromMinutes(-10)), _provider.Token(claims, TimeSpan.FromMinutes(5), otherKey) })
        {
            var client = _app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

            var response = await client.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "x" });

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }
}
