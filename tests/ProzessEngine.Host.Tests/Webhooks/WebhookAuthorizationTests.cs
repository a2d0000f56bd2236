using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Webhooks;

/// <summary>
/// Who may call a webhook, as its model says: an HMAC signature with a timestamp, basic authentication, an API key, or a
/// JWT checked against a key set the test serves. A refused request starts nothing; the engine's own credentials count
/// for nothing here.
/// </summary>
public abstract class WebhookAuthorizationTests : WebhookTestBase
{
    private const string Body = """{"antragId": "A-7", "art": "Bauantrag"}""";

    private FakeIdentityProvider _issuer = null!;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Engine:Auth:FailedAttemptsPerWindow"] = "50",
    };

    protected override async Task InitializeMoreAsync() => _issuer = await FakeIdentityProvider.StartAsync();

    public override async Task DisposeAsync()
    {
        await _issuer.DisposeAsync();
        await base.DisposeAsync();
    }

    private Task DeployAsync(params (string Name, string? Value)[] changes) =>
        DeployAsync("antrag.bpmn", WebhookModels.StartEvent("antrag", "antrag-eingang", [("inbound.auth.type", null), .. changes]));

    private Task<HttpResponseMessage> SignedAsync(string body, long timestamp, string signature) =>
        Anonymous().SendAsync(Post("/inbound/antrag-eingang", body, ("X-Signatur", signature), ("Webhook-Timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private async Task StartedAsync(int count) => Assert.Equal(count, (await InstancesAsync("antrag")).Count);

    [Fact]
    public async Task Hmac_a_right_signature_starts_a_wrong_one_or_one_without_or_outside_five_minutes_is_401()
    {
        await DeployAsync(("inbound.shouldValidateHmac", "enabled"), ("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}"), ("inbound.hmacHeader", "X-Signatur"),
            ("inbound.hmacAlgorithm", "sha_256"));
        var now = Now;

        Assert.Equal(HttpStatusCode.OK, (await SignedAsync(Body, now, "sha256=" + Sign(Body, now))).StatusCode);
        await EngineApp.ProblemAsync(await SignedAsync(Body, now, "sha256=" + Sign(Body, now, "anderes-geheimnis")), 401);
        await EngineApp.ProblemAsync(await SignedAsync(Body.Replace("A-7", "A-8", StringComparison.Ordinal), now, Sign(Body, now)), 401);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body, ("X-Signatur", Sign(Body, now)))), 401);
        var old = now - 301;
        await EngineApp.ProblemAsync(await SignedAsync(Body, old, Sign(Body, old)), 401);
        var ahead = now + 301;
        await EngineApp.ProblemAsync(await SignedAsync(Body, ahead, Sign(Body, ahead)), 401);
        await StartedAsync(1);

        // The same signed request a little later, still inside the window, is accepted; after it, a replay is refused.
        App.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(HttpStatusCode.OK, (await SignedAsync(Body, now, Sign(Body, now))).StatusCode);
        App.Clock.Advance(TimeSpan.FromMinutes(2));
        await EngineApp.ProblemAsync(await SignedAsync(Body, now, Sign(Body, now)), 401);
        await StartedAsync(2);
    }

    [Fact]
    public async Task Hmac_over_url_and_parameters_of_a_get_request_in_base64_with_sha512()
    {
        await DeployAsync(("inbound.method", "get"), ("inbound.shouldValidateHmac", "enabled"), ("inbound.hmacSecret", "{{secrets.HMAC_SECRET}}"),
            ("inbound.hmacHeader", "X-Signatur"), ("inbound.hmacAlgorithm", "sha_512"), ("inbound.hmacScopes", "=[\"URL\",\"PARAMETERS\"]"));
        var now = Now;
        var signed = $"{now}.http://localhost/inbound/antrag-eingang?id=A-7&name=Erika+Mustermann";
        var signature = Convert.ToBase64String(HMACSHA512.HashData(System.Text.Encoding.UTF8.GetBytes(HmacSecret), System.Text.Encoding.UTF8.GetBytes(signed)));

        var request = new HttpRequestMessage(HttpMethod.Get, "/inbound/antrag-eingang?id=A-7&name=Erika%20Mustermann");
        request.Headers.Add("X-Signatur", signature);
        request.Headers.Add("Webhook-Timestamp", now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await StartedAsync(1);
    }

    [Fact]
    public async Task Basic_the_right_user_and_password_start_anything_else_is_401_with_a_challenge()
    {
        await DeployAsync(("inbound.auth.type", "BASIC"), ("inbound.auth.username", "ozg-portal"), ("inbound.auth.password", "{{secrets.BASIC_PASSWORD}}"));

        var right = Anonymous();
        right.DefaultRequestHeaders.Authorization = Basic("ozg-portal", BasicPassword);
        var wrong = Anonymous();
        wrong.DefaultRequestHeaders.Authorization = Basic("ozg-portal", "falsch");

        Assert.Equal(HttpStatusCode.OK, (await right.SendAsync(Post("/inbound/antrag-eingang", Body))).StatusCode);
        var refused = await wrong.SendAsync(Post("/inbound/antrag-eingang", Body));
        await EngineApp.ProblemAsync(refused, 401);
        Assert.Equal("Basic", refused.Headers.WwwAuthenticate.Single().Scheme);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body)), 401);
        await StartedAsync(1);
    }

    [Fact]
    public async Task Api_key_found_by_the_locator_starts_a_wrong_or_missing_one_is_401()
    {
        await DeployAsync(("inbound.auth.type", "APIKEY"), ("inbound.auth.apiKey", "{{secrets.PORTAL_KEY}}"),
            ("inbound.auth.apiKeyLocator", "=get value(request.headers, \"x-portal-key\")"));

        Assert.Equal(HttpStatusCode.OK, (await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body, ("X-Portal-Key", PortalKey)))).StatusCode);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body, ("X-Portal-Key", PortalKey + "x"))), 401);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body)), 401);
        await StartedAsync(1);
    }

    [Fact]
    public async Task Jwt_signed_with_the_issuers_key_starts_others_are_401_and_missing_permissions_403()
    {
        await DeployAsync(("inbound.auth.type", "JWT"), ("inbound.auth.jwt.jwkUrl", _issuer.KeySetUrl.ToString()),
            ("inbound.auth.jwt.permissionsExpression", "=if admin = true then [\"admin\"] else roles"),
            ("inbound.auth.jwt.requiredPermissions", "=[\"antrag-einreichen\"]"));
        var issuedAt = App.Clock.GetUtcNow();
        string Token(object roles, TimeSpan? lifetime = null, RSA? signWith = null, DateTimeOffset? at = null) =>
            _issuer.Token(new Dictionary<string, object> { ["sub"] = "ozg-portal", ["roles"] = roles }, lifetime ?? TimeSpan.FromMinutes(5), signWith, at ?? issuedAt);
        Task<HttpResponseMessage> CallAsync(string token) =>
            Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body, ("Authorization", "Bearer " + token)));

        Assert.Equal(HttpStatusCode.OK, (await CallAsync(Token(new[] { "antrag-einreichen", "lesen" }))).StatusCode);
        await EngineApp.ProblemAsync(await CallAsync(Token(new[] { "lesen" })), 403);
        using var stranger = RSA.Create(2048);
        await EngineApp.ProblemAsync(await CallAsync(Token(new[] { "antrag-einreichen" }, signWith: stranger)), 401);
        await EngineApp.ProblemAsync(await CallAsync(Token(new[] { "antrag-einreichen" }, at: issuedAt - TimeSpan.FromHours(1))), 401);
        await EngineApp.ProblemAsync(await Anonymous().SendAsync(Post("/inbound/antrag-eingang", Body)), 401);
        var forged = Token(new[] { "antrag-einreichen" });
        await EngineApp.ProblemAsync(await CallAsync(forged[..forged.LastIndexOf('.')] + ".AAAA"), 401);
        await StartedAsync(1);
    }

    [Fact]
    public async Task The_engines_own_credentials_do_not_open_a_webhook()
    {
        await DeployAsync(("inbound.auth.type", "BASIC"), ("inbound.auth.username", "ozg-portal"), ("inbound.auth.password", "{{secrets.BASIC_PASSWORD}}"));

        await EngineApp.ProblemAsync(await App.Admin().SendAsync(Post("/inbound/antrag-eingang", Body)), 401);
        var clerk = await App.ClerkAsync("sachbearbeiterin", "bauamt");
        await EngineApp.ProblemAsync(await clerk.SendAsync(Post("/inbound/antrag-eingang", Body)), 401);
        await StartedAsync(0);
    }

    [Fact]
    public async Task Secrets_are_neither_variables_nor_journaled_nor_logged()
    {
        await DeployAsync(("inbound.auth.type", "BASIC"), ("inbound.auth.username", "ozg-portal"), ("inbound.auth.password", "{{secrets.BASIC_PASSWORD}}"),
            ("resultVariable", "eingang"), ("resultExpression", "={alles: request}"));
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = Basic("ozg-portal", BasicPassword);
        var wrong = Anonymous();
        wrong.DefaultRequestHeaders.Authorization = Basic("ozg-portal", BasicPassword + "!");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post("/inbound/antrag-eingang", Body))).StatusCode);
        await EngineApp.ProblemAsync(await wrong.SendAsync(Post("/inbound/antrag-eingang", Body)), 401);

        var key = Assert.Single(await InstancesAsync("antrag"))!["processInstanceKey"]!.GetValue<string>();
        var encoded = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"ozg-portal:{BasicPassword}"));
        var instance = (await InstanceAsync(key)).ToJsonString();
        var journal = await BodyAsync(await App.Admin().GetAsync($"/v2/process-instances/{key}/journal"));
        Assert.Contains("A-7", journal, StringComparison.Ordinal);
        foreach (var text in new[] { instance, journal, string.Join("\n", App.Log.Lines) })
        {
            Assert.DoesNotContain(BasicPassword, text, StringComparison.Ordinal);
            Assert.DoesNotContain(encoded, text, StringComparison.Ordinal);
        }
    }
}

public sealed class SqliteWebhookAuthorizationTests : WebhookAuthorizationTests
{
    protected override bool Postgres => false;
}

public sealed class PostgresWebhookAuthorizationTests : WebhookAuthorizationTests
{
    protected override bool Postgres => true;
}
