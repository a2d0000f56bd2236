using System.Collections.Frozen;

namespace ProzessEngine.Bpmn;

/// <summary>
/// Camunda's e-mail connector (<c>io.camunda:email:1</c>) as its element template writes it, for sending over SMTP:
/// the message in zeebe:input mappings under <c>data.smtpAction</c>, the handling of the result in zeebe:taskHeaders.
/// The engine sends it itself; reading mail (IMAP, POP3) is not offered. These are the names both the deployment check
/// and the host's sender read.
/// </summary>
public static class EmailConnector
{
    public const string JobType = "io.camunda:email:1";

    public const string Protocol = "protocol";
    public const string AuthenticationType = "authentication.type";
    public const string Username = "authentication.username";
    public const string Password = "authentication.password";
    public const string SmtpHost = "data.smtpConfig.smtpHost";
    public const string SmtpPort = "data.smtpConfig.smtpPort";
    public const string SmtpCryptographicProtocol = "data.smtpConfig.smtpCryptographicProtocol";
    public const string SmtpAction = "data.smtpActionDiscriminator";
    public const string From = "data.smtpAction.from";
    public const string To = "data.smtpAction.to";
    public const string Cc = "data.smtpAction.cc";
    public const string Bcc = "data.smtpAction.bcc";
    public const string Headers = "data.smtpAction.headers";
    public const string Subject = "data.smtpAction.subject";
    public const string ContentType = "data.smtpAction.contentType";
    public const string Body = "data.smtpAction.body";
    public const string HtmlBody = "data.smtpAction.htmlBody";
    public const string Attachments = "data.smtpAction.attachments";

    public const string SendAction = "sendEmailSmtp";

    public const string ResultVariableHeader = "resultVariable";
    public const string ResultExpressionHeader = "resultExpression";
    public const string ErrorExpressionHeader = "errorExpression";
    public const string RetryBackoffHeader = "retryBackoff";

    /// <summary>Our own: a Scriban template deployed with the process (<c>name.scriban</c>, id without the extension) that renders the subject.</summary>
    public const string SubjectTemplateHeader = "subjectTemplateId";

    /// <summary>Our own: a Scriban template deployed with the process that renders the text body (PLAIN) or the HTML body (HTML, MULTIPART).</summary>
    public const string BodyTemplateHeader = "bodyTemplateId";

    /// <summary><c>latest</c> (default) or <c>deployment</c>, as for document tasks.</summary>
    public const string BindingTypeHeader = "bindingType";

    /// <summary>Headers Camunda's template writes that are only labels for the modeller.</summary>
    public static FrozenSet<string> TemplateHeaders { get; } = new[] { "elementTemplateVersion", "elementTemplateId" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> KnownHeaders { get; } = new[]
    {
        ResultVariableHeader, ResultExpressionHeader, ErrorExpressionHeader, RetryBackoffHeader, SubjectTemplateHeader, BodyTemplateHeader,
        BindingTypeHeader, "elementTemplateVersion", "elementTemplateId",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The inputs the engine honours; any other one is refused at deployment.</summary>
    public static FrozenSet<string> Inputs { get; } = new[]
    {
        Protocol, AuthenticationType, Username, Password, SmtpHost, SmtpPort, SmtpCryptographicProtocol, SmtpAction, From, To, Cc, Bcc, Headers,
        Subject, ContentType, Body, HtmlBody, Attachments,
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Mail headers that <see cref="Headers"/> may not set: the engine writes them itself (sender, recipients, subject,
    /// identity, date, structure), and a model that could would forge the sender or add recipients past the checks.
    /// </summary>
    public static FrozenSet<string> ReservedMailHeaders { get; } = new[]
    {
        "From", "Sender", "To", "Cc", "Bcc", "Subject", "Message-ID", "Date", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
        "Content-Disposition", "Content-ID", "Return-Path", "Received", "Resent-From", "Resent-Sender", "Resent-To", "Resent-Cc", "Resent-Bcc",
        "Resent-Date", "Resent-Message-ID", "DKIM-Signature", "ARC-Seal", "ARC-Message-Signature", "ARC-Authentication-Results",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>At most this many extra headers per mail.</summary>
    public const int MaxExtraHeaders = 20;

    /// <summary>Values of <c>data.smtpConfig.smtpCryptographicProtocol</c>: TLS is STARTTLS, SSL is TLS from the first byte.</summary>
    public static FrozenSet<string> CryptographicProtocols { get; } = new[] { "TLS", "SSL", "NONE" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> ContentTypes { get; } = new[] { "PLAIN", "HTML", "MULTIPART" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> AuthenticationTypes { get; } = new[] { "simple", "noAuth" }.ToFrozenSet(StringComparer.Ordinal);
}
