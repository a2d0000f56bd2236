using System.Net;
using System.Net.Sockets;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// The one HTTP client of the engine's connectors. Every connection is opened here (<see cref="SocketsHttpHandler.ConnectCallback"/>):
/// the host must be allowed, its name is resolved here and only an allowed address is connected to, so that no
/// request can reach an address the policy refuses, whatever DNS answers between a check and the connection. No proxy
/// (a proxy would be the address connected to), no cookies, no automatic redirects (the caller follows those it may).
/// </summary>
internal sealed class OutboundHttp : IDisposable
{
    private static readonly HttpRequestOptionsKey<ExchangeTimeouts> TimeoutsKey = new("ProzessEngine.ExchangeTimeouts");

    private readonly OutboundAddressPolicy _policy;
    private readonly TimeProvider _clock;
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve;
    private readonly HttpClient _client;

    /// <param name="resolve">Name resolution; tests put in answers a public DNS would never give.</param>
    public OutboundHttp(OutboundAddressPolicy policy, TimeProvider clock, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
    {
        _policy = policy;
        _clock = clock;
        _resolve = resolve ?? ((host, token) => Dns.GetHostAddressesAsync(host, token));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.All,
            // Connections are opened to checked addresses; renewing them now and then picks up changed DNS answers.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public OutboundAddressPolicy Policy => _policy;

    /// <summary>
    /// Sends the request and waits for the response headers. The connection must be open within
    /// <paramref name="connectTimeout"/>; then the response must come, and the caller read it, within
    /// <paramref name="readTimeout"/> through <see cref="ExchangeTimeouts.Token"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, ExchangeTimeouts timeouts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(timeouts);
        var host = request.RequestUri!.IdnHost;
        if (!_policy.AllowsHost(host))
        {
            throw OutboundRefusedException.Host(host);
        }

        request.Options.Set(TimeoutsKey, timeouts);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeouts.Token);
        return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        if (!_policy.AllowsHost(host))
        {
            throw OutboundRefusedException.Host(host);
        }

        var timeouts = context.InitialRequestMessage.Options.TryGetValue(TimeoutsKey, out var found) ? found : null;
        timeouts?.Connecting();
        using var connectTimeout = new CancellationTokenSource(timeouts?.Connect ?? TimeSpan.FromSeconds(20), _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token);
        try
        {
            var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await _resolve(host, linked.Token);
            if (addresses.Length == 0)
            {
                throw new OutboundConnectException($"'{host}' has no address.");
            }

            var refused = addresses.Select(a => (Address: a, Refusal: _policy.RefusalFor(a))).ToList();
            var allowed = refused.Where(a => a.Refusal is null).Select(a => a.Address).ToList();
            if (allowed.Count == 0)
            {
                throw OutboundRefusedException.Address(host, refused[0].Address, refused[0].Refusal!);
            }

            Exception? last = null;
            foreach (var address in allowed)
            {
                var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), linked.Token);
                    timeouts?.Connected();
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    last = ex;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }

            throw new OutboundConnectException($"No connection to '{host}': {last!.Message}");
        }
        catch (OperationCanceledException) when (connectTimeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new OutboundConnectException(
                $"No connection to '{host}' within {timeouts?.Connect.TotalSeconds ?? 20:0.#} s (connectionTimeoutInSeconds).", timedOut: true);
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// The time windows of one exchange: connecting (its own timeout) and then the answer, whose window starts again once
/// a connection is open, so a slow connection does not eat the time the server has to answer.
/// </summary>
internal sealed class ExchangeTimeouts : IDisposable
{
    private readonly CancellationTokenSource _answer;

    public ExchangeTimeouts(TimeSpan connect, TimeSpan read, TimeProvider clock)
    {
        Connect = connect;
        Read = read;
        // A pooled connection needs no connecting: then the window for the answer starts with the request.
        _answer = new CancellationTokenSource(read, clock);
    }

    public TimeSpan Connect { get; }

    public TimeSpan Read { get; }

    /// <summary>Cancelled when the answer did not come (and was not read) in time.</summary>
    public CancellationToken Token => _answer.Token;

    public bool TimedOut => _answer.IsCancellationRequested;

    internal void Connecting() => Change(Timeout.InfiniteTimeSpan);

    internal void Connected() => Change(Read);

    private void Change(TimeSpan delay)
    {
        try
        {
            _answer.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
            // The exchange ended while a pooled connection was still being opened for it.
        }
    }

    public void Dispose() => _answer.Dispose();
}

/// <summary>A request the policy does not let leave the engine: to a host not allowed, or to an address that is not.</summary>
internal sealed class OutboundRefusedException(string message) : Exception(message)
{
    public static OutboundRefusedException Host(string host) => new(
        $"The host '{host}' is not allowed: requests go only to hosts in {HttpConnectorOptions.Section}:AllowedHosts.");

    public static OutboundRefusedException Address(string host, IPAddress address, string kind) => new(
        $"The host '{host}' resolves to {address}, {kind}; requests go there only when {HttpConnectorOptions.Section}:AllowedNetworks allows it.");
}

/// <summary>No connection could be opened (a transport failure worth another attempt).</summary>
internal sealed class OutboundConnectException(string message, bool timedOut = false) : Exception(message)
{
    public bool TimedOut { get; } = timedOut;
}
