using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>A REST task's request as read from the task's own variables, with the secrets of the configuration.</summary>
public sealed class HttpJsonRequestReaderTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(105);

    private readonly HttpJsonRequestReader _reader = new(new Secrets(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["Engine:Secrets:TOKEN"] = "tok-geheim-1", ["Engine:Secrets:BASIS"] = "https://api.stadt.example" })
        .Build()));

    private static Mapping Written(string target, string source) => new(ExpressionValue.Static(source), target);

    private HttpJsonRequest Read(string locals, params Mapping[] inputs) => _reader.Read(JsonNode.Parse(locals)!.AsObject(), inputs, Budget);

    private string Refused(string locals, params Mapping[] inputs) =>
        Assert.Throws<ConnectorFailure>(() => Read(locals, inputs)).Message;

    [Fact]
    public void Secrets_are_put_in_where_the_model_writes_them_and_remembered_as_sensitive()
    {
        var request = Read("""{ "method": "get", "url": "{{secrets.BASIS}}/akten", "authentication": { "type": "bearer", "token": "{{secrets.TOKEN}}" } }""",
            Written("url", "{{secrets.BASIS}}/akten"), Written("authentication.token", "{{secrets.TOKEN}}"));

        Assert.Equal(("GET", "https://api.stadt.example/akten"), (request.Method, request.Url.AbsoluteUri));
        Assert.Equal(new BearerAuthentication("tok-geheim-1"), request.Authentication);
        Assert.Equal("Bearer ****", request.Sensitive.Scrub("Bearer tok-geheim-1"));
    }

    [Fact]
    public void A_placeholder_the_model_writes_for_another_property_is_not_put_in()
    {
        var message = Refused("""{ "method": "GET", "url": "https://boese.example/?t={{secrets.TOKEN}}", "authentication": { "type": "bearer", "token": "{{secrets.TOKEN}}" } }""",
            Written("url", "=adresse"), Written("authentication.token", "{{secrets.TOKEN}}"));

        Assert.Contains("'url' holds {{secrets.TOKEN}}, which the model does not write there", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Timeouts_default_to_twenty_seconds_and_zero_means_as_long_as_the_job_is_held()
    {
        var request = Read("""{ "method": "GET", "url": "https://api.stadt.example/", "readTimeoutInSeconds": "0" }""");

        Assert.Equal((TimeSpan.FromSeconds(20), Budget), (request.ConnectTimeout, request.ReadTimeout));
    }

    [Theory]
    [InlineData("""{ "method": "GET", "url": "https://api.stadt.example/", "body": { "a": 1 } }""", "'body' is given, but a GET request sends no body")]
    [InlineData("""{ "method": "FETCH", "url": "https://api.stadt.example/" }""", "'method' is 'FETCH'")]
    [InlineData("""{ "method": "GET", "url": "file:///etc/passwd" }""", "not an http or https URL")]
    [InlineData("""{ "method": "GET", "url": "https://amt:pw@api.stadt.example/" }""", "carries a user name")]
    [InlineData("""{ "method": "GET", "url": "https://api.stadt.example/", "headers": "Accept: text/plain" }""", "'headers' must be a context")]
    [InlineData("""{ "method": "GET", "url": "https://api.stadt.example/", "authentication": { "type": "basic" } }""", "'authentication.username' is missing")]
    [InlineData("""{ "method": "GET", "url": "https://api.stadt.example/", "documentReturnFormat": { "choice": "DOCUMENT" } }""", "no document store")]
    [InlineData("""{ "method": "POST", "url": "https://api.stadt.example/", "body": { "datei": { "camunda.function.type": "base64", "params": [] } } }""", "'body.datei' calls one of Camunda's intrinsic functions")]
    [InlineData("""{ "method": "GET", "url": "https://api.stadt.example/", "clientTls": { "clientCertificate": "x" } }""", "mTLS")]
    public void What_cannot_be_sent_as_the_task_says_fails_naming_the_property(string locals, string expected)
    {
        Assert.Contains(expected, Refused(locals), StringComparison.Ordinal);
    }
}
