using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace ProzessEngine.Host.Tests.Infrastructure;

/// <summary>A mail as the test server received it: the envelope and the message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, MimeMessage Message, string Raw);

/// <summary>
/// A small SMTP server on loopback for tests, just enough for MailKit without TLS: EHLO, AUTH PLAIN, MAIL, RCPT, DATA,
/// RSET, NOOP, QUIT. It can be stopped (the port then refuses connections) and started again on the same port, and
/// tests await the mails it received instead of sleeping.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly List<ReceivedMail> _mails = [];
    private readonly List<string> _logins = [];
    private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = [];
    private TcpListener? _listener;
    private CancellationTokenSource? _stop;
    private Task? _accepting;

    private TestSmtpServer(int port) => Port = port;

    public int Port { get; private set; }

    /// <summary>Refuses every login, echoing the credentials in the answer (as careless servers do), to test that they are masked.</summary>
    public bool RejectLogins { get; set; }

    public IReadOnlyList<ReceivedMail> Mails
    {
        get
        {
            lock (_mails)
            {
                return [.. _mails];
            }
        }
    }

    /// <summary>The AUTH PLAIN credentials clients sent, as "user:password".</summary>
    public IReadOnlyList<string> Logins
    {
        get
        {
            lock (_mails)
            {
                return [.. _logins];
            }
        }
    }

    public static TestSmtpServer Start()
    {
        var server = new TestSmtpServer(0);
        server.Listen();
        return server;
    }

    /// <summary>Stops listening: connections to the port are refused until <see cref="Restart"/>.</summary>
    public async Task StopAsync()
    {
        if (_listener is null)
        {
            return;
        }

        await _stop!.CancelAsync();
        _listener.Stop();
        _listener.Dispose();
        _listener = null;
        try
        {
            await _accepting!;
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Restart() => Listen();

    /// <summary>Completes once the server has received <paramref name="count"/> mails in all.</summary>
    public Task ReceivedAsync(int count)
    {
        lock (_mails)
        {
            if (_mails.Count >= count)
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, signal));
            return signal.Task;
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Listen()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _stop = new CancellationTokenSource();
        _accepting = AcceptAsync(_listener, _stop.Token);
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stop)
    {
        var sessions = new List<Task>();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                sessions.Add(ServeAsync(client, stop));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stop)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
            await using var writer = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 test.invalid ESMTP");
            string? from = null;
            var recipients = new List<string>();
            while (await reader.ReadLineAsync(stop) is { } line)
            {
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-test.invalid");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 AUTH PLAIN");
                        break;
                    case "HELO":
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "AUTH":
                        var parts = line.Split(' ');
                        var plain = parts.Length > 2 ? parts[2] : await Challenge(reader, writer, stop);
                        var fields = Encoding.UTF8.GetString(Convert.FromBase64String(plain)).Split('\0');
                        if (RejectLogins)
                        {
                            await writer.WriteLineAsync($"535 5.7.8 Authentication failed for {fields[1]} with {fields[2]}");
                            break;
                        }

                        lock (_mails)
                        {
                            _logins.Add($"{fields[1]}:{fields[2]}");
                        }

                        await writer.WriteLineAsync("235 2.7.0 Authentication successful");
                        break;
                    case "RSET":
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "MAIL":
                        from = Address(line);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(Address(line));
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync(stop) is { } dataLine && dataLine != ".")
                        {
                            data.Append(dataLine.StartsWith('.') ? dataLine[1..] : dataLine).Append("\r\n");
                        }

                        var raw = data.ToString();
                        var message = await MimeMessage.LoadAsync(new MemoryStream(Encoding.UTF8.GetBytes(raw)), stop);
                        Received(new ReceivedMail(from ?? "", [.. recipients], message, raw));
                        from = null;
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK queued");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 Command not implemented");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task<string> Challenge(StreamReader reader, StreamWriter writer, CancellationToken stop)
    {
        await writer.WriteLineAsync("334 ");
        return await reader.ReadLineAsync(stop) ?? "";
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    private void Received(ReceivedMail mail)
    {
        lock (_mails)
        {
            _mails.Add(mail);
            foreach (var waiter in _waiters.Where(w => _mails.Count >= w.Count).ToList())
            {
                waiter.Signal.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }
}
