using ProzessEngine.Host.Connectors;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>What the REST connector's messages (incidents, logs) may show of a request.</summary>
public sealed class HttpJsonExchangeTests
{
    [Theory]
    [InlineData("https://amt:kennwort@api.stadt.example/akten?token=geheim#teil", "GET https://api.stadt.example/akten")]
    [InlineData("http://api.stadt.example:8080/akten/17", "GET http://api.stadt.example:8080/akten/17")]
    [InlineData("https://api.stadt.example", "GET https://api.stadt.example/")]
    public void A_described_request_shows_method_host_port_and_path_but_no_user_query_or_fragment(string address, string expected)
    {
        // A redirect within the host may lead to a URL with credentials, which the task's own URL may not carry.
        Assert.Equal(expected, HttpJsonExchange.Describe("GET", new Uri(address)));
    }
}
