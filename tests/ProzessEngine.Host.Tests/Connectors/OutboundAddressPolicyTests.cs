using System.Net;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Connectors;
using ProzessEngine.Host.Tests.Infrastructure;

namespace ProzessEngine.Host.Tests.Connectors;

/// <summary>Where outbound requests may go: the allow-list of hosts and the addresses, judged as connected to.</summary>
public sealed class OutboundAddressPolicyTests
{
    private static readonly OutboundAddressPolicy Default = new(["*"], []);

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("127.9.8.7", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("172.16.0.1", "private")]
    [InlineData("192.168.178.1", "private")]
    [InlineData("169.254.169.254", "link-local")]
    [InlineData("0.0.0.0", "this network")]
    [InlineData("100.64.0.1", "carrier-grade NAT")]
    [InlineData("224.0.0.1", "multicast")]
    [InlineData("255.255.255.255", "broadcast")]
    [InlineData("::1", "loopback")]
    [InlineData("::", "unspecified")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("::ffff:169.254.169.254", "link-local")]
    [InlineData("::ffff:10.0.0.1", "private")]
    [InlineData("64:ff9b::a9fe:a9fe", "link-local")]
    [InlineData("2002:7f00:1::1", "loopback")]
    [InlineData("fe80::1", "link-local")]
    [InlineData("fd12:3456::1", "unique local")]
    [InlineData("::127.0.0.1", "IPv4-compatible")]
    public void An_address_that_is_not_public_is_refused_by_default_naming_what_it_is(string address, string kind)
    {
        Assert.Contains(kind, Default.RefusalFor(IPAddress.Parse(address)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("2a00:1450:4001:82b::200e")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")]
    public void A_public_address_is_allowed(string address)
    {
        Assert.Null(Default.RefusalFor(IPAddress.Parse(address)));
    }

    [Fact]
    public void An_allowed_network_opens_exactly_its_addresses_however_they_are_written()
    {
        var policy = new OutboundAddressPolicy(["*"], [IPNetwork.Parse("10.20.0.0/16"), IPNetwork.Parse("127.0.0.1/32")]);

        Assert.Null(policy.RefusalFor(IPAddress.Parse("10.20.5.6")));
        Assert.Null(policy.RefusalFor(IPAddress.Parse("::ffff:10.20.5.6")));
        Assert.Null(policy.RefusalFor(IPAddress.Parse("127.0.0.1")));
        Assert.NotNull(policy.RefusalFor(IPAddress.Parse("10.21.0.1")));
        Assert.NotNull(policy.RefusalFor(IPAddress.Parse("127.0.0.2")));
        Assert.NotNull(policy.RefusalFor(IPAddress.Parse("::1")));
    }

    [Theory]
    [InlineData("api.stadt.example", true)]
    [InlineData("API.Stadt.Example.", true)]
    [InlineData("a.b.stadt.example", true)]
    [InlineData("stadt.example", false)]
    [InlineData("boesestadt.example", false)]
    [InlineData("stadt.example.boese.example", false)]
    [InlineData("xn--brgerbro-65af.kreis.example", true)]
    [InlineData("10.0.0.1", false)]
    public void Hosts_are_allowed_by_exact_name_or_by_subdomain(string host, bool allowed)
    {
        var policy = new OutboundAddressPolicy(["*.stadt.example", "bürgerbüro.kreis.example"], []);

        Assert.Equal(allowed, policy.AllowsHost(host));
    }

    [Fact]
    public void No_host_is_allowed_when_none_is_configured()
    {
        Assert.False(new OutboundAddressPolicy([], []).AllowsHost("api.stadt.example"));
    }

    [Theory]
    [InlineData("*", true)]
    [InlineData("*.stadt.example", true)]
    [InlineData("10.20.0.1", true)]
    [InlineData("[::1]", true)]
    [InlineData("https://api.stadt.example", false)]
    [InlineData("api.stadt.example/pfad", false)]
    [InlineData("", false)]
    public void A_host_setting_must_be_a_host_pattern(string pattern, bool valid)
    {
        Assert.Equal(valid, OutboundAddressPolicy.IsHostPattern(pattern));
    }

    [Fact]
    public async Task A_name_that_resolves_to_an_inner_address_is_refused_on_connecting_and_nothing_is_sent()
    {
        await using var stub = await StubServer.StartAsync();
        using var http = new OutboundHttp(Default, new FakeTimeProvider(),
            (host, _) => Task.FromResult(host == "rebind.stadt.example" ? new[] { IPAddress.Loopback } : []));
        using var timeouts = new ExchangeTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://rebind.stadt.example:{stub.Port}/");

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(request, timeouts, CancellationToken.None));

        var refused = Assert.IsType<OutboundRefusedException>(failure.InnerException);
        Assert.Contains("'rebind.stadt.example' resolves to 127.0.0.1, a loopback address", refused.Message, StringComparison.Ordinal);
        Assert.Empty(stub.Requests);
    }

    [Fact]
    public async Task A_connection_that_does_not_open_in_time_fails_after_the_connection_timeout()
    {
        var clock = new FakeTimeProvider();
        var connecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var http = new OutboundHttp(Default, clock, async (_, token) =>
        {
            // A name server that does not answer: the connection timeout covers resolving as well as connecting.
            connecting.TrySetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, token);
            return [];
        });
        using var timeouts = new ExchangeTimeouts(TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(20), clock);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://langsam.stadt.example/");
        var sending = http.SendAsync(request, timeouts, CancellationToken.None);
        await connecting.Task.WaitAsync(TimeSpan.FromSeconds(30));

        clock.Advance(TimeSpan.FromSeconds(7));

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => sending.WaitAsync(TimeSpan.FromSeconds(30)));
        var connect = Assert.IsType<OutboundConnectException>(failure.InnerException);
        Assert.True(connect.TimedOut);
        Assert.Contains("within 7 s (connectionTimeoutInSeconds)", connect.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_several_addresses_only_an_allowed_one_is_connected_to()
    {
        await using var stub = await StubServer.StartAsync();
        stub.Json("/", 200, "{}");
        var policy = new OutboundAddressPolicy(["*"], [IPNetwork.Parse("127.0.0.1/32")]);
        using var http = new OutboundHttp(policy, new FakeTimeProvider(),
            (_, _) => Task.FromResult(new[] { IPAddress.Parse("10.0.0.1"), IPAddress.Loopback }));
        using var timeouts = new ExchangeTimeouts(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), TimeProvider.System);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://gemischt.stadt.example:{stub.Port}/");

        using var response = await http.SendAsync(request, timeouts, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(stub.Requests);
    }
}
