using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ProzessEngine.Host.Tests.Infrastructure;
using ProzessEngine.Testing;
using ProzessEngine.Testing.Models;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Every endpoint the host maps, called by every role, on what belongs to the caller's tenant and to another one, and
/// compared with <see cref="AuthorizationMatrix"/>. Each call gets fresh data (a new instance, task, job or incident), so
/// that an allowed write does not change what the next call finds.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private delegate Task<HttpRequestMessage> Recipe(TwoTenants tenants, string tenant, string caller);

    private static readonly Dictionary<string, Recipe> Recipes = new(StringComparer.Ordinal)
    {
        ["GET /health"] = (_, _, _) => Get("/health"),
        ["GET /health/live"] = (_, _, _) => Get("/health/live"),
        ["GET /health/ready"] = (_, _, _) => Get("/health/ready"),
        ["GET /openapi/{documentName}.json"] = (_, _, _) => Get("/openapi/v1.json"),
        ["GET /scalar/{documentName?}"] = (_, _, _) => Get("/scalar/"),
        ["GET /scalar/scalar.js"] = (_, _, _) => Get("/scalar/scalar.js"),
        ["GET /scalar/scalar.aspnetcore.js"] = (_, _, _) => Get("/scalar/scalar.aspnetcore.js"),
        ["GET /scalar/favicon.svg"] = (_, _, _) => Get("/scalar/favicon.svg"),
        ["GET /auth/options"] = (_, _, _) => Get("/auth/options"),
        ["POST /auth/login"] = (_, _, _) => Post("/auth/login", new { userId = "wieder", groups = new[] { TwoTenants.Group } }),
        ["GET /auth/oidc/login"] = (_, _, _) => Get("/auth/oidc/login"),
        ["POST /auth/logout"] = (_, _, _) => Post("/auth/logout", null),
        ["GET /auth/me"] = (_, _, _) => Get("/auth/me"),

        ["POST /v2/deployments"] = (_, tenant, _) => Deploy(tenant),
        ["POST /v2/process-definitions/search"] = (_, tenant, _) => Post("/v2/process-definitions/search", Search(tenant)),
        ["GET /v2/process-definitions/{key:long}"] = (t, tenant, _) => Get($"/v2/process-definitions/{t.DefinitionKey(tenant)}"),
        ["GET /v2/process-definitions/{key:long}/xml"] = (t, tenant, _) => Get($"/v2/process-definitions/{t.DefinitionKey(tenant)}/xml"),
        ["GET /v2/process-definitions/{key:long}/form"] = (t, tenant, _) => Get($"/v2/process-definitions/{t.DefinitionKey(tenant)}/form"),
        ["POST /v2/forms/search"] = (_, tenant, _) => Post("/v2/forms/search", Search(tenant)),
        ["GET /v2/forms/{key:long}"] = (t, tenant, _) => Get($"/v2/forms/{t.FormKey(tenant)}"),

        ["POST /v2/decision-definitions/evaluation"] = (_, tenant, _) => Post("/v2/decision-definitions/evaluation",
            new { decisionDefinitionId = TwoTenants.DecisionId, tenantId = Named(tenant), variables = new { betrag = 500 } }),
        ["POST /v2/decision-definitions/search"] = (_, tenant, _) => Post("/v2/decision-definitions/search", Search(tenant)),
        ["GET /v2/decision-definitions/{key:long}"] = (t, tenant, _) => Get($"/v2/decision-definitions/{t.DecisionKey(tenant)}"),
        ["GET /v2/decision-definitions/{key:long}/xml"] = (t, tenant, _) => Get($"/v2/decision-definitions/{t.DecisionKey(tenant)}/xml"),
        ["POST /v2/decision-requirements/search"] = (_, tenant, _) => Post("/v2/decision-requirements/search", Search(tenant)),
        ["GET /v2/decision-requirements/{key:long}"] = (t, tenant, _) => Get($"/v2/decision-requirements/{t.DecisionRequirementsKey(tenant)}"),
        ["GET /v2/decision-requirements/{key:long}/xml"] = (t, tenant, _) => Get($"/v2/decision-requirements/{t.DecisionRequirementsKey(tenant)}/xml"),

        ["POST /v2/process-instances/"] = (_, tenant, _) => Post("/v2/process-instances",
            new { processDefinitionId = "akte", tenantId = Named(tenant), variables = new { aktenzeichen = "neu" } }),
        ["POST /v2/process-instances/search"] = (_, tenant, _) => Post("/v2/process-instances/search", Search(tenant)),
        ["GET /v2/process-instances/{key:long}"] = async (t, tenant, _) => await Get($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}"),
        ["GET /v2/process-instances/{key:long}/journal"] = async (t, tenant, _) =>
            await Get($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/journal"),
        ["GET /v2/process-instances/{key:long}/documents"] = async (t, tenant, _) =>
            await Get($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/documents"),
        // The matrix's processes render no documents: even the caller's own instance answers 404 here (the roles are
        // what is tested; DocumentTaskApiTests downloads real documents).
        ["GET /v2/process-instances/{key:long}/documents/{documentKey:long}"] = async (t, tenant, _) =>
            await Get($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/documents/1"),
        ["POST /v2/process-instances/{key:long}/journal/verification"] = async (t, tenant, _) =>
            await Post($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/journal/verification", null),
        ["POST /v2/process-instances/{key:long}/cancellation"] = async (t, tenant, _) =>
            await Post($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/cancellation", null),
        ["POST /v2/process-instances/{key:long}/ad-hoc-activities/{adHocSubProcessInstanceKey:long}/activation"] = async (t, tenant, _) =>
        {
            var instance = await t.StartAsync(tenant);
            return await Post($"/v2/process-instances/{instance.Key}/ad-hoc-activities/{await instance.AdHocKeyAsync()}/activation",
                new { elements = new[] { new { elementId = "anhoeren" } } });
        },
        ["PUT /v2/element-instances/{key:long}/variables"] = async (t, tenant, _) =>
            await Send(HttpMethod.Put, $"/v2/element-instances/{(await t.StartAsync(tenant)).Key}/variables", new { variables = new { betrag = 5 } }),
        ["POST /v2/incidents/search"] = (_, tenant, _) => Post("/v2/incidents/search", Search(tenant)),
        ["POST /v2/incidents/{key:long}/resolution"] = async (t, tenant, _) =>
            await Post($"/v2/incidents/{await (await t.StartAsync(tenant)).IncidentKeyAsync()}/resolution", null),

        ["POST /v2/messages/publication"] = (_, tenant, _) => Post("/v2/messages/publication",
            new { name = TwoTenants.MessageName, correlationKey = "niemand", timeToLive = 0, tenantId = Named(tenant) }),
        ["POST /v2/messages/correlation"] = async (t, tenant, _) =>
        {
            // A waiting instance in the caller's tenant; for the other tenant the request names it and is refused first.
            var instance = await t.StartAsync(TwoTenants.A);
            return await Post("/v2/messages/correlation", new { name = TwoTenants.MessageName, correlationKey = instance.Aktenzeichen, tenantId = Named(tenant) });
        },
        ["POST /v2/signals/broadcast"] = (_, tenant, _) => Post("/v2/signals/broadcast", new { signalName = "niemand wartet", tenantId = Named(tenant) }),
        ["POST /v2/conditionals/evaluation"] = (_, tenant, _) => Post("/v2/conditionals/evaluation",
            new { variables = new { betrag = 1 }, tenantId = Named(tenant) }),

        ["POST /v2/user-tasks/search"] = (_, tenant, _) => Post("/v2/user-tasks/search", Search(tenant)),
        ["GET /v2/user-tasks/{key:long}"] = async (t, tenant, _) => await Get($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}"),
        ["POST /v2/user-tasks/{key:long}/assignment"] = async (t, tenant, caller) =>
            await Post($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/assignment", new { assignee = caller }),
        ["DELETE /v2/user-tasks/{key:long}/assignee"] = async (t, tenant, _) =>
            await Send(HttpMethod.Delete, $"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/assignee", null),
        ["PATCH /v2/user-tasks/{key:long}"] = async (t, tenant, _) =>
            await Send(HttpMethod.Patch, $"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}", new { changeset = new { priority = 80 } }),
        ["POST /v2/user-tasks/{key:long}/completion"] = async (t, tenant, _) =>
            await Post($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/completion", new { variables = new { name = "Muster" } }),
        ["GET /v2/user-tasks/{key:long}/form"] = async (t, tenant, _) => await Get($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/form"),
        ["POST /v2/user-tasks/{key:long}/variables/search"] = async (t, tenant, _) =>
            await Post($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/variables/search", new { }),

        ["POST /v2/user-tasks/{key:long}/comments"] = async (t, tenant, _) =>
            await Post($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/comments", new { text = "Rückruf vereinbart." }),
        ["GET /v2/user-tasks/{key:long}/comments"] = async (t, tenant, _) =>
            await Get($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/comments"),
        ["GET /v2/process-instances/{key:long}/comments"] = async (t, tenant, _) =>
            await Get($"/v2/process-instances/{(await t.StartAsync(tenant)).Key}/comments"),
        ["GET /v2/user-tasks/{key:long}/documents"] = async (t, tenant, _) =>
            await Get($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/documents"),
        // As for the instance's documents: no document to find, so the roles are what is tested (TaskDocumentApiTests downloads).
        ["GET /v2/user-tasks/{key:long}/documents/{documentKey:long}"] = async (t, tenant, _) =>
            await Get($"/v2/user-tasks/{await (await t.StartAsync(tenant)).TaskKeyAsync()}/documents/1"),

        ["GET /v2/substitutions/"] = (_, tenant, _) => Get(tenant == TwoTenants.A ? "/v2/substitutions" : $"/v2/substitutions?tenantId={tenant}"),
        ["POST /v2/substitutions/"] = (_, tenant, _) => Post("/v2/substitutions",
            new { deputies = new[] { "vertretung" }, to = "2099-12-31", tenantId = Named(tenant) }),
        ["DELETE /v2/substitutions/{key:long}"] = async (t, tenant, caller) =>
            await Send(HttpMethod.Delete, $"/v2/substitutions/{await t.SubstitutionKeyAsync(tenant, caller)}", null),

        ["GET /inbound/{context}"] = (_, _, _) => Send(HttpMethod.Get, "/inbound/" + WebhookContext, null),
        ["POST /inbound/{context}"] = (_, _, _) => Post("/inbound/" + WebhookContext, new { antrag = "neu" }),
        ["PUT /inbound/{context}"] = (_, _, _) => Send(HttpMethod.Put, "/inbound/" + WebhookContext, new { antrag = "neu" }),
        ["DELETE /inbound/{context}"] = (_, _, _) => Send(HttpMethod.Delete, "/inbound/" + WebhookContext, null),
        ["GET /inbound/{tenantId}/{context}"] = (_, tenant, _) => Send(HttpMethod.Get, $"/inbound/{tenant}/{WebhookContext}", null),
        ["POST /inbound/{tenantId}/{context}"] = (_, tenant, _) => Post($"/inbound/{tenant}/{WebhookContext}", new { antrag = "neu" }),
        ["PUT /inbound/{tenantId}/{context}"] = (_, tenant, _) => Send(HttpMethod.Put, $"/inbound/{tenant}/{WebhookContext}", new { antrag = "neu" }),
        ["DELETE /inbound/{tenantId}/{context}"] = (_, tenant, _) => Send(HttpMethod.Delete, $"/inbound/{tenant}/{WebhookContext}", null),

        ["POST /v2/jobs/activation"] = (_, tenant, _) => Post("/v2/jobs/activation",
            new { type = "niemand-arbeitet", tenantIds = tenant == TwoTenants.A ? null : new[] { tenant } }),
        ["POST /v2/jobs/{key:long}/completion"] = async (t, tenant, _) =>
            await Post($"/v2/jobs/{await NewJobAsync(t, tenant)}/completion", new { variables = new { geprueft = true } }),
        ["POST /v2/jobs/{key:long}/failure"] = async (t, tenant, _) =>
            await Post($"/v2/jobs/{await NewJobAsync(t, tenant)}/failure", new { retries = 0, errorMessage = "Register nicht erreichbar" }),
        ["POST /v2/jobs/{key:long}/error"] = async (t, tenant, _) =>
            await Post($"/v2/jobs/{await NewJobAsync(t, tenant)}/error", new { errorCode = "abgelehnt" }),
    };

    private const string WebhookContext = "matrix-eingang";

    private TwoTenants _tenants = null!;

    public async Task InitializeAsync()
    {
        _tenants = await TwoTenants.StartAsync();
        // A webhook that lets anyone in, in the default tenant and in both others: what answers is the webhook, not the engine's roles.
        var webhook = ("webhook.bpmn", WebhookModels.StartEvent("matrix-webhook", WebhookContext));
        await EngineApp.JsonAsync(await EngineApp.DeployAsync(_tenants.App.Admin(), webhook));
        foreach (var tenant in new[] { TwoTenants.A, TwoTenants.B })
        {
            await EngineApp.JsonAsync(await TwoTenants.DeployAsync(_tenants.Setup, tenant, webhook));
        }
    }

    public async Task DisposeAsync() => await _tenants.DisposeAsync();

    [Fact]
    public void Every_endpoint_of_the_host_has_a_row_and_every_row_a_request()
    {
        var mapped = MappedEndpoints(_tenants.App);
        var rows = AuthorizationMatrix.Rows.Select(r => r.Endpoint).ToList();

        Assert.True(mapped.Except(rows).ToList() is [], "Endpoints without a row in AuthorizationMatrix (add one, and run the test to update docs/security.md): "
            + string.Join(", ", mapped.Except(rows)));
        Assert.True(rows.Except(mapped).ToList() is [], "Rows for endpoints the host does not map: " + string.Join(", ", rows.Except(mapped)));
        Assert.Equal(rows.Count, rows.Distinct().Count());
        Assert.True(rows.Except(Recipes.Keys).ToList() is [], "Rows without a request in AuthorizationMatrixTests.Recipes: "
            + string.Join(", ", rows.Except(Recipes.Keys)));
    }

    [Fact]
    public async Task Every_role_gets_the_answer_the_table_gives_in_its_own_tenant_and_in_another()
    {
        var differences = new List<string>();
        foreach (var row in AuthorizationMatrix.Rows.Where(r => Recipes.ContainsKey(r.Endpoint)))
        {
            foreach (var role in Enum.GetValues<MatrixRole>())
            {
                var (own, other) = row.Expected(role);
                await CompareAsync(row, role, TwoTenants.A, own, differences);
                if (other is { } expected)
                {
                    await CompareAsync(row, role, TwoTenants.B, expected, differences);
                }
            }
        }

        Assert.True(differences.Count == 0, "Answers that differ from AuthorizationMatrix:\n" + string.Join("\n", differences));
    }

    [Fact]
    public async Task The_table_in_docs_security_md_is_the_tested_one()
    {
        var document = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot.Find(), "docs", "security.md"));
        var start = document.IndexOf(AuthorizationMatrix.Start, StringComparison.Ordinal);
        var end = document.IndexOf(AuthorizationMatrix.End, StringComparison.Ordinal);
        var expected = AuthorizationMatrix.Markdown();

        Assert.True(start >= 0 && end > start, "docs/security.md has no generated authorization table; put this in:\n" + expected);
        Assert.True(document[start..(end + AuthorizationMatrix.End.Length)].ReplaceLineEndings("\n") == expected,
            "docs/security.md shows another table than the tested one; replace it with:\n" + expected);
    }

    private async Task CompareAsync(MatrixRow row, MatrixRole role, string tenant, int expected, List<string> differences)
    {
        HttpRequestMessage request;
        try
        {
            request = await Recipes[row.Endpoint](_tenants, tenant, CallerId(role));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or Xunit.Sdk.XunitException)
        {
            differences.Add($"{row.Endpoint} as {role}: the request could not be prepared: {ex.Message}");
            return;
        }

        using var disposeRequest = request;
        var client = await CallerAsync(role);
        using var response = await client.SendAsync(request);
        if ((int)response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            differences.Add($"{row.Endpoint} as {role} in {(tenant == TwoTenants.A ? "own" : "other")} tenant: expected {expected}, got "
                + $"{(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }

    private async Task<HttpClient> CallerAsync(MatrixRole role) => role switch
    {
        MatrixRole.Anonymous => Anonymous(),
        MatrixRole.System => _tenants.Key("system", TwoTenants.A),
        _ => await _tenants.PersonAsync(role.ToString().ToLowerInvariant(), TwoTenants.A, userId: CallerId(role)),
    };

    private HttpClient Anonymous()
    {
        var client = _tenants.App.CreateClient();
        client.DefaultRequestHeaders.Add("X-Requested-With", "ProzessEngine-Designer");
        return client;
    }

    /// <summary>The user id of a person, the name of the system's key.</summary>
    private static string CallerId(MatrixRole role) => $"{role.ToString().ToLowerInvariant()}-a";

    /// <summary>"METHOD /pattern" of every endpoint the host maps.</summary>
    private static List<string> MappedEndpoints(EngineApp app) =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} {e.RoutePattern.RawText}"))
            .Distinct()
            .Order(StringComparer.Ordinal),
    ];

    private static object? Search(string tenant) => tenant == TwoTenants.A ? new { } : new { filter = new { tenantId = tenant } };

    private static string? Named(string tenant) => tenant == TwoTenants.A ? null : tenant;

    private static Task<HttpRequestMessage> Get(string path) => Send(HttpMethod.Get, path, null);

    private static Task<HttpRequestMessage> Post(string path, object? body) => Send(HttpMethod.Post, path, body);

    private static Task<HttpRequestMessage> Send(HttpMethod method, string path, object? body) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) });

    /// <summary>A job nobody works on yet, locked for the setup key (completion needs no particular worker).</summary>
    private static async Task<string> NewJobAsync(TwoTenants tenants, string tenant)
    {
        await tenants.StartAsync(tenant);
        return await tenants.ActivateJobAsync(tenant);
    }

    private static Task<HttpRequestMessage> Deploy(string tenant)
    {
        var form = new MultipartFormDataContent();
        var model = new ByteArrayContent(Encoding.UTF8.GetBytes(TwoTenants.Model));
        model.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/xml");
        form.Add(model, "resources", "akte.bpmn");
        if (Named(tenant) is { } named)
        {
            form.Add(new StringContent(named), "tenantId");
        }

        return Task.FromResult(new HttpRequestMessage(HttpMethod.Post, "/v2/deployments") { Content = form });
    }
}
