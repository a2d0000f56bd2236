using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// The e-mail connector (<see cref="EmailConnector"/>), which the engine sends itself over SMTP: what can be known at
/// deployment is checked here, naming the element and the property. Reading mail (IMAP, POP3) and properties the engine
/// does not honour are refused rather than dropped, and the server's credentials may only name secrets.
/// </summary>
internal sealed partial class ProcessReader
{
    [GeneratedRegex(@"^\{\{\s*secrets\.[A-Za-z0-9_-]+(?:[/.][A-Za-z0-9_-]+)*\s*\}\}$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex OnlySecret();

    private static readonly string[] ServerInputs =
    [
        EmailConnector.SmtpHost, EmailConnector.SmtpPort, EmailConnector.SmtpCryptographicProtocol, EmailConnector.Username, EmailConnector.Password,
        EmailConnector.AuthenticationType, EmailConnector.Protocol, EmailConnector.SmtpAction, EmailConnector.ContentType,
    ];

    private static readonly string[] HeaderLineInputs = [EmailConnector.From, EmailConnector.To, EmailConnector.Cc, EmailConnector.Bcc, EmailConnector.Subject];

    [GeneratedRegex(@"^=\s*(?:(?<number>[0-9]+)|""(?<text>[^""\\{}]*)"")\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ConstantExpression();

    /// <summary>The value of a FEEL expression that is a bare number or a plain string literal (=587, ="smtp.example"); null for anything else.</summary>
    private static string? ConstantLiteral(string expression) => ConstantExpression().Match(expression) is { Success: true } match
        ? match.Groups["number"].Success ? match.Groups["number"].Value : match.Groups["text"].Value
        : null;

    private static bool IsEmailConnector(FlowNode node) =>
        node.Job is { Definition.Type: { IsExpression: false } type } && type.Text.Trim() == EmailConnector.JobType;

    private void CheckEmailConnector(XElement element, string id, FlowNode node)
    {
        var inputs = node.IoMapping.Inputs.IsDefault ? [] : node.IoMapping.Inputs;
        var inputElements = Zeebe(element, "ioMapping")?.Elements(Namespaces.Zeebe + "input").ToList() ?? [];
        XElement InputAt(string target) => inputElements.FirstOrDefault(e => ((string?)e.Attribute("target"))?.Trim() == target) ?? element;
        string? Static(string target) => inputs.FirstOrDefault(i => i.Target == target)?.Source is { IsExpression: false } source ? source.Text.Trim() : null;
        bool Given(string target) => inputs.Any(i => i.Target == target && i.Source is { } source && source.Text.Trim().Length > 0);

        var headers = node.Job!.Headers.ToDictionary(h => h.Key, h => h.Value.Trim(), StringComparer.Ordinal);
        var contentType = Static(EmailConnector.ContentType) is { Length: > 0 } type ? type : "PLAIN";
        var bodyTemplate = headers.TryGetValue(EmailConnector.BodyTemplateHeader, out var bodyTemplateId) && bodyTemplateId.Length > 0;
        var subjectTemplate = headers.TryGetValue(EmailConnector.SubjectTemplateHeader, out var subjectTemplateId) && subjectTemplateId.Length > 0;

        foreach (var input in inputs)
        {
            var target = input.Target;
            var at = InputAt(target);
            var given = input.Source is { } source && source.Text.Trim().Length > 0;
            if (target.StartsWith("data.imap", StringComparison.Ordinal) || target.StartsWith("data.pop3", StringComparison.Ordinal))
            {
                if (given)
                {
                    Error(at, id, $"The e-mail connector input '{target}' reads mail (IMAP or POP3); this engine only sends mail over SMTP.");
                }

                continue;
            }

            if (!EmailConnector.Inputs.Contains(target))
            {
                Error(at, id, $"The e-mail connector does not know the input '{target}'; this engine honours {string.Join(", ", EmailConnector.Inputs.Order(StringComparer.Ordinal))}.");
                continue;
            }

            if (!given)
            {
                continue;
            }

            var text = input.Source!.Text.Trim();
            if (ServerInputs.Contains(target) && input.Source.IsExpression)
            {
                // Camunda's e-mail template writes the port as a FEEL number (=587): a constant reads no variable, so it may stay.
                if (ConstantLiteral(text) is not { } constant)
                {
                    Error(at, id, $"The e-mail connector input '{target}' must be written as text (or {{{{secrets.NAME}}}}), not a FEEL expression: "
                        + "the server and its credentials come from the configuration, never from process variables.");
                    continue;
                }

                text = constant;
            }

            if (!input.Source.IsExpression && !ServerInputs.Contains(target) && text.Contains("{{", StringComparison.Ordinal)
                && text.Contains("secrets.", StringComparison.Ordinal))
            {
                Error(at, id, $"The e-mail connector input '{target}' names a secret; secrets are put in only for the server and its credentials, never into a mail.");
            }

            switch (target)
            {
                case EmailConnector.Protocol when !string.Equals(text, "smtp", StringComparison.OrdinalIgnoreCase):
                    Error(at, id, $"The e-mail connector's protocol is '{text}'; this engine only sends mail over SMTP (protocol smtp), it does not read mail "
                        + "with IMAP or POP3.");
                    break;
                case EmailConnector.SmtpAction when text != EmailConnector.SendAction:
                    Error(at, id, $"The e-mail connector's SMTP action is '{text}'; expected {EmailConnector.SendAction}.");
                    break;
                case EmailConnector.AuthenticationType when !EmailConnector.AuthenticationTypes.Contains(text):
                    Error(at, id, $"The e-mail connector input 'authentication.type' is '{text}'; expected simple or noAuth.");
                    break;
                case EmailConnector.Password when !OnlySecret().IsMatch(text):
                    Error(at, id, "The e-mail connector input 'authentication.password' must name a secret, {{secrets.NAME}}, configured as Engine:Secrets:NAME: "
                        + "a password written into the model would be in every copy of it.");
                    break;
                case EmailConnector.SmtpPort when !OnlySecret().IsMatch(text)
                    && !(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536):
                    Error(at, id, $"The e-mail connector input '{target}' is '{text}'; expected a port number from 1 to 65535.");
                    break;
                case EmailConnector.SmtpCryptographicProtocol when !EmailConnector.CryptographicProtocols.Contains(text):
                    Error(at, id, $"The e-mail connector input '{target}' is '{text}'; expected TLS (STARTTLS), SSL or NONE.");
                    break;
                case EmailConnector.ContentType when !EmailConnector.ContentTypes.Contains(text):
                    Error(at, id, $"The e-mail connector input '{target}' is '{text}'; expected PLAIN, HTML or MULTIPART.");
                    break;
                case EmailConnector.Headers when !input.Source.IsExpression:
                    Error(at, id, "The e-mail connector input 'data.smtpAction.headers' must be a FEEL context of header names and texts, "
                        + "e.g. ={\"In-Reply-To\": messageId}.");
                    break;
                case EmailConnector.Attachments when !input.Source.IsExpression:
                    Error(at, id, "The e-mail connector input 'data.smtpAction.attachments' must be a FEEL list of documents stored with the instance, "
                        + "e.g. =[bescheid] (a document task's result) or =[\"bescheid.pdf\"] (a file name).");
                    break;
                case var _ when HeaderLineInputs.Contains(target) && !input.Source.IsExpression && text.AsSpan().IndexOfAny('\r', '\n') >= 0:
                    Error(at, id, $"The e-mail connector input '{target}' holds a line break, which would end the mail header.");
                    break;
            }
        }

        foreach (var required in new[] { EmailConnector.From, EmailConnector.To }.Where(r => !Given(r)))
        {
            Error(element, id, $"The e-mail connector needs the input '{required}'.");
        }

        if (!Given(EmailConnector.Subject) && !subjectTemplate)
        {
            Error(element, id, $"The e-mail connector needs the input '{EmailConnector.Subject}' or the header '{EmailConnector.SubjectTemplateHeader}'.");
        }

        if (contentType is "PLAIN" or "MULTIPART" && !Given(EmailConnector.Body) && !(contentType == "PLAIN" && bodyTemplate))
        {
            Error(element, id, $"The e-mail connector needs the input '{EmailConnector.Body}' for the content type {contentType}"
                + (contentType == "PLAIN" ? $" (or the header '{EmailConnector.BodyTemplateHeader}')." : "."));
        }

        if (contentType is "HTML" or "MULTIPART" && !Given(EmailConnector.HtmlBody) && !bodyTemplate)
        {
            Error(element, id, $"The e-mail connector needs the input '{EmailConnector.HtmlBody}' or the header '{EmailConnector.BodyTemplateHeader}' for the content type {contentType}.");
        }

        if (bodyTemplate && (contentType == "PLAIN" ? Given(EmailConnector.Body) : Given(EmailConnector.HtmlBody)))
        {
            Error(element, id, $"The e-mail connector has both a body input and the header '{EmailConnector.BodyTemplateHeader}'; give one of them.");
        }

        if (subjectTemplate && Given(EmailConnector.Subject))
        {
            Error(element, id, $"The e-mail connector has both the input '{EmailConnector.Subject}' and the header '{EmailConnector.SubjectTemplateHeader}'; give one of them.");
        }

        CheckEmailHeaders(element, id, node.Job.Headers);
    }

    private void CheckEmailHeaders(XElement element, string id, IEnumerable<KeyValuePair<string, string>> headers)
    {
        var headerElements = Zeebe(element, "taskHeaders")?.Elements(Namespaces.Zeebe + "header").ToList() ?? [];
        foreach (var (key, rawValue) in headers)
        {
            var at = headerElements.FirstOrDefault(e => ((string?)e.Attribute("key"))?.Trim() == key) ?? element;
            var value = rawValue.Trim();
            if (!EmailConnector.KnownHeaders.Contains(key))
            {
                Error(at, id, $"The e-mail connector does not know the header '{key}'; expected {string.Join(", ", EmailConnector.KnownHeaders.Order(StringComparer.Ordinal))}.");
                continue;
            }

            if (CheckOutcomeHeader(at, id, "e-mail connector", key, value))
            {
                continue;
            }

            switch (key)
            {
                case EmailConnector.SubjectTemplateHeader or EmailConnector.BodyTemplateHeader when value.StartsWith('=')
                    || value.EndsWith(DocumentTask.TemplateExtension, StringComparison.OrdinalIgnoreCase):
                    Error(at, id, $"The e-mail connector header '{key}' is '{value}'; name a Scriban template deployed with the process by its id "
                        + $"(the file name without {DocumentTask.TemplateExtension}), not a FEEL expression.");
                    break;
                case EmailConnector.BindingTypeHeader when !DocumentTask.BindingTypes.Contains(value):
                    Error(at, id, $"The e-mail connector header 'bindingType' is '{value}'; expected latest or deployment.");
                    break;
            }
        }
    }
}
