using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Web;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test findings around the municipality's identity provider: the return address after sign-in could lead
/// to another site, the Host header became the redirect_uri, access tokens for other applications were accepted, and a
/// token without the tenant claim landed in the default tenant.
/// </summary>
public sealed class IdentityProviderHardeningTests : IAsyncLifetime
{
    private const string PublicBaseUrl = "https://prozesse.stadt.example";

    private FakeIdentityProvider _provider = null!;
    private EngineApp _app = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeIdentityProvider.StartAsync();
        _app = new EngineApp(new FakeTimeProvider(DateTimeOffset.UtcNow), settings: new Dictionary<string, string>
        {
            ["Engine:Auth:IdentityProvider:Authority"] = _provider.Authority.ToString(),
            ["Engine:Auth:IdentityProvider:ClientId"] = FakeIdentityProvider.ClientId,
            ["Engine:Auth:IdentityProvider:RequireHttpsMetadata"] = "false",
            ["Engine:Auth:IdentityProvider:RoleMapping:fachverfahren"] = "system",
            ["Engine:Auth:IdentityProvider:RolesClaim"] = "realm_access.roles",
            ["Engine:Auth:IdentityProvider:TenantClaim"] = "gemeinde",
            ["Engine:PublicBaseUrl"] = PublicBaseUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
        await _provider.DisposeAsync();
    }

    [Theory]
    [InlineData("/%09/evil.example")]
    [InlineData("/%0a/evil.example")]
    [InlineData("%0d%0aSet-Cookie:%20x=1")]
    [InlineData("/%20/evil.example")]
    public async Task A_return_address_with_control_or_white_space_characters_is_refused(string returnUrl)
    {
        var response = await Browser().GetAsync($"/auth/oidc/login?returnUrl={returnUrl}");

        var problem = await EngineApp.ProblemAsync(response, 400);
        Assert.Contains("returnUrl", problem["errors"]!.AsObject().Select(e => e.Key));
    }

    [Theory]
    [InlineData("https%3A%2F%2Fevil.example%2F")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("%2F%5Cevil.example")]
    [InlineData("%2Fpfad%5C..%5C%5Cevil.example")]
    [InlineData("javascript%3Aalert(1)")]
    public async Task A_return_address_that_leaves_the_site_becomes_the_start_page(string returnUrl)
    {
        Assert.Equal("/", await SignInAndFollowAsync($"/auth/oidc/login?returnUrl={returnUrl}", TenantClaims("stadt-a")));
    }

    [Fact]
    public async Task A_local_return_address_is_kept()
    {
        Assert.Equal("/#/aufgaben?filter=offen", await SignInAndFollowAsync("/auth/oidc/login?returnUrl=%2F%23%2Faufgaben%3Ffilter%3Doffen", TenantClaims("stadt-a")));
    }

    [Fact]
    public async Task The_redirect_uri_comes_from_the_configured_public_address_not_from_the_host_header()
    {
        var browser = Browser();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/auth/oidc/login");
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "http");

        var challenge = await browser.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        Assert.Equal(PublicBaseUrl + "/signin-oidc", HttpUtility.ParseQueryString(challenge.Headers.Location!.Query)["redirect_uri"]);
    }

    [Fact]
    public async Task The_code_is_redeemed_with_the_same_public_redirect_uri()
    {
        await SignInAndFollowAsync("/auth/oidc/login", TenantClaims("stadt-a"));

        Assert.Equal(PublicBaseUrl + "/signin-oidc", _provider.LastRedeemedRedirectUri);
    }

    [Fact]
    public async Task An_access_token_issued_for_another_application_is_refused()
    {
        var claims = SystemClaims();
        claims["aud"] = "account";
        var forOthers = Bearer(_provider.Token(claims, TimeSpan.FromMinutes(5)));
        claims.Remove("aud");
        var withoutAudience = Bearer(_provider.Token(claims, TimeSpan.FromMinutes(5)));
        claims["aud"] = FakeIdentityProvider.ClientId;
        var forUs = Bearer(_provider.Token(claims, TimeSpan.FromMinutes(5)));

        Assert.Equal(HttpStatusCode.Unauthorized, (await forOthers.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withoutAudience.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await forUs.PostAsJsonAsync("/v2/process-instances/search", new { })).StatusCode);
    }

    [Fact]
    public async Task An_access_token_without_the_tenant_claim_is_refused_and_does_not_land_in_the_default_tenant()
    {
        var claims = SystemClaims();
        claims["aud"] = FakeIdentityProvider.ClientId;
        claims.Remove("gemeinde");
        var client = Bearer(_provider.Token(claims, TimeSpan.FromMinutes(5)));

        var response = await client.PostAsJsonAsync("/v2/process-instances", new { processDefinitionId = "antrag" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_person_whose_token_has_no_tenant_cannot_sign_in()
    {
        var browser = Browser();
        var challenge = await browser.GetAsync("/auth/oidc/login");
        var query = HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        var code = _provider.IssueCode(query["nonce"]!, new Dictionary<string, object> { ["sub"] = "n-1", ["preferred_username"] = "niemand" });

        var callback = await browser.PostAsync("/signin-oidc",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));

        var problem = await EngineApp.ProblemAsync(callback, 403);
        Assert.Contains("gemeinde", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/auth/me")).StatusCode);
    }

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private HttpClient Bearer(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static Dictionary<string, object> SystemClaims() => new()
    {
        ["sub"] = "service-account-ozg",
        ["preferred_username"] = "ozg-portal",
        ["gemeinde"] = "stadt-a",
        ["realm_access"] = new { roles = new[] { "fachverfahren" } },
    };

    private static Dictionary<string, object> TenantClaims(string tenant) => new()
    {
        ["sub"] = "e-1",
        ["preferred_username"] = "erika",
        ["gemeinde"] = tenant,
    };

    /// <summary>Signs in through the provider and returns where the engine sends the browser afterwards.</summary>
    private async Task<string> SignInAndFollowAsync(string loginPath, Dictionary<string, object> claims)
    {
        var browser = Browser();
        var challenge = await browser.GetAsync(loginPath);
        Assert.Equal(HttpStatusCode.Redirect, challenge.StatusCode);
        var query = HttpUtility.ParseQueryString(challenge.Headers.Location!.Query);
        var code = _provider.IssueCode(query["nonce"]!, claims);
        var callback = await browser.PostAsync("/signin-oidc",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["state"] = query["state"]! }));
        Assert.Equal(HttpStatusCode.Redirect, callback.StatusCode);
        return callback.Headers.Location!.OriginalString;
    }
}
