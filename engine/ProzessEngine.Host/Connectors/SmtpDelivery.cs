using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace ProzessEngine.Host.Connectors;

/// <summary>
/// Hands one mail to an SMTP server (MailKit), within a time limit. A failure comes back as a
/// <see cref="ConnectorFailure"/>: a refusal for good (5xx: a recipient unknown, a mail too large, a login refused)
/// takes no retries; a broken connection, a timeout or a temporary refusal (4xx) is tried again.
/// </summary>
internal sealed class SmtpDelivery(TimeProvider clock)
{
    public async Task SendAsync(SmtpTarget target, MimeMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(message);
        var server = $"{target.Host}:{target.Port}";
        using var timeLimit = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeLimit.Token);
        using var client = new SmtpClient { Timeout = (int)Math.Min(timeout.TotalMilliseconds, int.MaxValue) };
        try
        {
            var security = target.Security switch
            {
                "SSL" => SecureSocketOptions.SslOnConnect,
                "NONE" => SecureSocketOptions.None,
                _ => SecureSocketOptions.StartTls,
            };
            await client.ConnectAsync(target.Host, target.Port, security, linked.Token);
            if (target.UserName is { Length: > 0 } userName)
            {
                await client.AuthenticateAsync(userName, target.Password ?? "", linked.Token);
            }

            await client.SendAsync(message, linked.Token);
            await client.DisconnectAsync(quit: true, linked.Token);
        }
        catch (OperationCanceledException) when (timeLimit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ConnectorFailure(FailureKind.Transport, $"The SMTP server {server} did not take the mail within {timeout.TotalSeconds:0} s "
                + $"({EmailOptions.Section}:Timeout).", retryable: true, code: "TIMEOUT");
        }
        catch (SmtpCommandException ex)
        {
            var status = (int)ex.StatusCode;
            throw new ConnectorFailure(FailureKind.Status, $"The SMTP server {server} refused the mail ({status}): {ex.Message}", retryable: status < 500,
                code: status.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                ErrorMessage = ex.Message,
            };
        }
        catch (AuthenticationException ex)
        {
            throw new ConnectorFailure(FailureKind.Status, $"The SMTP server {server} refused the login: {ex.Message}", retryable: false, code: "AUTHENTICATION")
            {
                ErrorMessage = ex.Message,
            };
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or SslHandshakeException or ServiceNotConnectedException
            or ProtocolException)
        {
            throw new ConnectorFailure(FailureKind.Transport, $"The SMTP server {server} could not be reached or broke off: {ex.Message}", retryable: true,
                code: "CONNECTION")
            {
                ErrorMessage = ex.Message,
            };
        }
    }
}
