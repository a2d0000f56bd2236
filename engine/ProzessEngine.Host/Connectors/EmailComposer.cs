using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MimeKit;
using ProzessEngine.Bpmn;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Host.Documents;
using ProzessEngine.Persistence;

namespace ProzessEngine.Host.Connectors;

/// <summary>The SMTP server one mail goes through, with its credentials put in.</summary>
internal sealed record SmtpTarget(string Host, int Port, string Security, string? UserName, string? Password);

/// <summary>
/// Reads an e-mail task from its own variables (its input mappings) and headers: the server (the configured one unless
/// the model names an allowed other, credentials only from secrets) and the message, with the subject and body from
/// FEEL or from Scriban templates deployed with the process, and attachments from the instance's stored documents.
/// Addresses are checked one by one, and no address or subject may hold a line break, so a value from a form can
/// never add a header or a recipient.
/// </summary>
internal sealed class EmailComposer(
    Secrets secrets,
    EmailOptions options,
    TemplateCatalog templates,
    TemplateSandbox sandbox,
    DocumentStore documents,
    DocumentFiles? files = null)
{
    public static ConnectorFailure Misconfigured(string property, string problem) =>
        new(FailureKind.Configuration, $"The e-mail connector property '{property}' {problem}", retryable: false);

    public static ConnectorFailure Refused(string problem) => new(FailureKind.Refused, problem, retryable: false);

    /// <summary>The server for the task; secrets put in are added to <paramref name="sensitive"/>.</summary>
    public SmtpTarget Server(JsonObject locals, IReadOnlyList<Mapping> inputs, SensitiveValues sensitive)
    {
        ArgumentNullException.ThrowIfNull(locals);
        string? Value(string path)
        {
            var text = Text(locals, path);
            if (text is null || text.Trim().Length == 0)
            {
                return null;
            }

            foreach (var name in Secrets.NamesIn(text))
            {
                if (!inputs.Any(i => i.Target == path && i.Source is { IsExpression: false } source && Secrets.NamesIn(source.Text).Contains(name)))
                {
                    throw Misconfigured(path, $"holds {{{{secrets.{name}}}}}, which the model does not write there.");
                }
            }

            var used = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                return secrets.Resolve(text, used).Trim();
            }
            catch (SecretNotConfiguredException ex)
            {
                throw Misconfigured(path, $"needs a secret: {ex.Message}");
            }
            finally
            {
                foreach (var value in used)
                {
                    sensitive.Add(value);
                }
            }
        }

        var configured = options.Smtp;
        var host = Value(EmailConnector.SmtpHost) ?? configured.Host
            ?? throw Misconfigured(EmailConnector.SmtpHost, $"is not given and no SMTP server is configured: set {EmailOptions.Section}:Smtp:Host.");
        var own = string.Equals(host, configured.Host, StringComparison.OrdinalIgnoreCase);
        if (!own && !options.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            throw Refused($"The e-mail connector may not send through the SMTP server '{host}': it is neither {EmailOptions.Section}:Smtp:Host "
                + $"nor listed in {EmailOptions.Section}:AllowedHosts. No mail was sent.");
        }

        var portText = Value(EmailConnector.SmtpPort);
        var port = configured.Port;
        if (portText is not null && !(int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is > 0 and < 65536))
        {
            throw Misconfigured(EmailConnector.SmtpPort, $"is '{portText}'; expected a port number from 1 to 65535.");
        }

        var security = Value(EmailConnector.SmtpCryptographicProtocol) ?? configured.Security;
        if (!EmailConnector.CryptographicProtocols.Contains(security))
        {
            throw Misconfigured(EmailConnector.SmtpCryptographicProtocol, $"is '{security}'; expected TLS, SSL or NONE.");
        }

        if (Value(EmailConnector.AuthenticationType) == "noAuth")
        {
            return new SmtpTarget(host, port, security, null, null);
        }

        var userName = Value(EmailConnector.Username);
        var password = Value(EmailConnector.Password);
        if (userName is null && password is null && own)
        {
            // The configured credentials belong to the configured server and go nowhere else.
            sensitive.Add(configured.Password);
            return new SmtpTarget(host, port, security, configured.UserName, configured.Password);
        }

        return new SmtpTarget(host, port, security, userName, password);
    }

    /// <summary>The mail of the job, with the given Message-ID and date.</summary>
    public async Task<MimeMessage> ComposeAsync(ActivatedJob job, string messageId, DateTimeOffset date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var locals = job.LocalVariables;
        var message = new MimeMessage { MessageId = messageId, Date = date };
        var from = Addresses(locals, EmailConnector.From);
        if (from.Count != 1)
        {
            throw Misconfigured(EmailConnector.From, $"must be one address, not {from.Count}.");
        }

        message.From.Add(from[0]);
        message.To.AddRange(Addresses(locals, EmailConnector.To));
        message.Cc.AddRange(Addresses(locals, EmailConnector.Cc));
        message.Bcc.AddRange(Addresses(locals, EmailConnector.Bcc));
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).ToList();
        if (message.To.Count == 0)
        {
            throw Misconfigured(EmailConnector.To, "names no recipient.");
        }

        if (recipients.Count > options.MaxRecipients)
        {
            throw Refused($"The mail has {recipients.Count} recipients; at most {options.MaxRecipients} are allowed ({EmailOptions.Section}:MaxRecipients). No mail was sent.");
        }

        if (options.AllowedRecipientDomains.Count > 0)
        {
            foreach (var recipient in recipients)
            {
                var domain = recipient.Domain.TrimEnd('.');
                if (!options.AllowedRecipientDomains.Any(d => string.Equals(domain, d, StringComparison.OrdinalIgnoreCase)
                    || domain.EndsWith("." + d, StringComparison.OrdinalIgnoreCase)))
                {
                    throw Refused($"The recipient domain '{domain}' is not in {EmailOptions.Section}:AllowedRecipientDomains. No mail was sent.");
                }
            }
        }

        var headers = job.CustomHeaders;
        var byDeployment = Header(headers, EmailConnector.BindingTypeHeader) == "deployment";
        var subject = Header(headers, EmailConnector.SubjectTemplateHeader) is { } subjectTemplate
            ? (await RenderAsync(job, subjectTemplate, byDeployment, cancellationToken)).Trim()
            : Text(locals, EmailConnector.Subject) ?? throw Misconfigured(EmailConnector.Subject, "is missing.");
        if (subject.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw Misconfigured(EmailConnector.Subject, "holds a line break, which would end the mail header. No mail was sent.");
        }

        message.Subject = subject;
        AddExtraHeaders(message, locals);
        var contentType = Text(locals, EmailConnector.ContentType)?.Trim() is { Length: > 0 } type ? type : "PLAIN";
        var bodyTemplate = Header(headers, EmailConnector.BodyTemplateHeader);
        var builder = new BodyBuilder();
        if (contentType is "PLAIN" or "MULTIPART")
        {
            builder.TextBody = bodyTemplate is not null && contentType == "PLAIN"
                ? await RenderAsync(job, bodyTemplate, byDeployment, cancellationToken)
                : Text(locals, EmailConnector.Body) ?? throw Misconfigured(EmailConnector.Body, "is missing.");
        }

        if (contentType is "HTML" or "MULTIPART")
        {
            builder.HtmlBody = bodyTemplate is not null
                ? await RenderAsync(job, bodyTemplate, byDeployment, cancellationToken)
                : Text(locals, EmailConnector.HtmlBody) ?? throw Misconfigured(EmailConnector.HtmlBody, "is missing.");
        }

        await AttachAsync(job, builder, cancellationToken);
        message.Body = builder.ToMessageBody();
        return message;
    }

    /// <summary>
    /// Camunda's <c>data.smtpAction.headers</c>: a reply's In-Reply-To and References, an X- header for the receiving
    /// system. Each name and value is checked, so that no header can end the header block or set what the engine writes.
    /// </summary>
    private static void AddExtraHeaders(MimeMessage message, JsonObject locals)
    {
        var node = At(locals, EmailConnector.Headers);
        if (node is null)
        {
            return;
        }

        if (node is not JsonObject headers)
        {
            throw Misconfigured(EmailConnector.Headers, "must be a context of header names and texts.");
        }

        if (headers.Count > EmailConnector.MaxExtraHeaders)
        {
            throw Misconfigured(EmailConnector.Headers, $"names {headers.Count} headers; at most {EmailConnector.MaxExtraHeaders} are allowed. No mail was sent.");
        }

        foreach (var (name, value) in headers)
        {
            if (name.Length is 0 or > 76 || name.Any(c => c is <= ' ' or ':' or > '~'))
            {
                throw Misconfigured(EmailConnector.Headers, $"names the header '{name}', which is not a header name (printable ASCII without ':' or spaces). No mail was sent.");
            }

            if (EmailConnector.ReservedMailHeaders.Contains(name))
            {
                throw Misconfigured(EmailConnector.Headers, $"sets the header '{name}', which the engine writes itself. No mail was sent.");
            }

            if (value is null)
            {
                continue;
            }

            var text = TextOf(value) ?? throw Misconfigured(EmailConnector.Headers, $"gives the header '{name}' the value {value.ToJsonString()}; expected text.");
            if (text.Any(char.IsControl) || text.Length > 900)
            {
                throw Misconfigured(EmailConnector.Headers, $"gives the header '{name}' a value with a line break or another control character, "
                    + "or longer than 900 characters. No mail was sent.");
            }

            message.Headers.Add(name, text);
        }
    }

    private async Task AttachAsync(ActivatedJob job, BodyBuilder builder, CancellationToken cancellationToken)
    {
        var node = At(job.LocalVariables, EmailConnector.Attachments);
        if (node is null)
        {
            return;
        }

        var items = node is JsonArray array ? array.ToList() : [node];
        long total = 0;
        foreach (var item in items)
        {
            var (key, name) = item switch
            {
                JsonObject reference when reference["documentKey"] is JsonValue value => (KeyOf(value), (string?)null),
                JsonObject reference when reference["fileName"] is JsonValue value && value.GetValueKind() == JsonValueKind.String => (null, value.GetValue<string>()),
                JsonValue value when value.GetValueKind() == JsonValueKind.Number => (KeyOf(value), null),
                JsonValue value when value.GetValueKind() == JsonValueKind.String => (null, value.GetValue<string>()),
                _ => throw Misconfigured(EmailConnector.Attachments, $"holds {item?.ToJsonString() ?? "null"}; expected a document task's result, a document key "
                    + "or the file name of a document stored with the instance."),
            };
            var document = await documents.FindForInstanceAsync(job.ProcessInstanceKey, job.TenantId, key, name, cancellationToken)
                ?? throw Misconfigured(EmailConnector.Attachments, $"names the document {(key is { } k ? k.ToString(CultureInfo.InvariantCulture) : $"'{name}'")}, "
                    + "which is not stored with this instance.");
            total += document.Document.Size;
            if (total > options.MaxAttachmentBytes)
            {
                throw Refused($"The attachments are larger than {options.MaxAttachmentBytes} bytes ({EmailOptions.Section}:MaxAttachmentBytes). No mail was sent.");
            }

            var content = document.Content ?? (document.StoragePath is { } path && files is not null
                ? await files.ReadAsync(path, cancellationToken)
                : throw Misconfigured(EmailConnector.Attachments, $"names the document '{document.Document.FileName}', whose file is not available on this node."));
            builder.Attachments.Add(document.Document.FileName, content, ContentType.Parse(document.Document.ContentType));
        }
    }

    private static long? KeyOf(JsonValue value) =>
        value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) ? number
        : value.GetValueKind() == JsonValueKind.String && long.TryParse(value.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : throw Misconfigured(EmailConnector.Attachments, $"holds the document key {value.ToJsonString()}, which is not a key.");

    private async Task<string> RenderAsync(ActivatedJob job, string templateId, bool byDeployment, CancellationToken cancellationToken)
    {
        var template = await templates.ResolveAsync(job.ProcessDefinitionKey, job.TenantId, templateId, byDeployment, cancellationToken)
            ?? throw new ConnectorFailure(FailureKind.Configuration,
                $"The template '{templateId}' is not deployed for tenant '{job.TenantId}': deploy {templateId}{DocumentTask.TemplateExtension} with the process.",
                retryable: false);
        try
        {
            return await sandbox.RenderAsync(template.TemplateId, template.Content, job.Variables, null, cancellationToken);
        }
        catch (TemplateRenderException ex)
        {
            throw new ConnectorFailure(FailureKind.Configuration, $"{ex.Message} (template version {template.Version})", retryable: false);
        }
    }

    /// <summary>Addresses from text (comma-separated, as Camunda's template describes) or a list of texts; each one checked.</summary>
    private static List<MailboxAddress> Addresses(JsonObject locals, string path)
    {
        var node = At(locals, path);
        IEnumerable<string> entries = node switch
        {
            null => [],
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Split(','),
            JsonArray array => array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
                ? v.GetValue<string>()
                : throw Misconfigured(path, $"holds {item?.ToJsonString() ?? "null"}; expected addresses as text.")),
            _ => throw Misconfigured(path, "must be text (addresses separated by commas) or a list of addresses."),
        };
        var result = new List<MailboxAddress>();
        foreach (var raw in entries)
        {
            var entry = raw.Trim();
            if (entry.Length == 0)
            {
                continue;
            }

            if (entry.Any(char.IsControl))
            {
                throw Misconfigured(path, "holds a line break or another control character, which could add headers or recipients. No mail was sent.");
            }

            if (!MailboxAddress.TryParse(ParserOptions.Default, entry, out var address) || address.Address.Count(c => c == '@') != 1
                || address.Domain.Length == 0 || address.LocalPart.Length == 0 || address.Domain.Contains(' ', StringComparison.Ordinal))
            {
                throw Misconfigured(path, $"holds '{entry}', which is not an e-mail address. No mail was sent.");
            }

            result.Add(address);
        }

        return result;
    }

    private static string? Header(IReadOnlyDictionary<string, string> headers, string key) =>
        headers.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static JsonNode? At(JsonObject locals, string path)
    {
        JsonNode? node = locals;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    private static string? Text(JsonObject locals, string path) => At(locals, path) is { } node
        ? TextOf(node) ?? throw Misconfigured(path, "must be text.")
        : null;

    /// <summary>Text, or a number or boolean written as text; null for anything else.</summary>
    private static string? TextOf(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };
}
