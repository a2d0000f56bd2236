using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// Camunda's inbound webhook connector, as its element templates (io.camunda:webhook:1 on start events, intermediate
/// catch events, boundary events and receive tasks) write it: zeebe:properties named <c>inbound.*</c> plus a few
/// general ones (<c>activationCondition</c>, <c>resultExpression</c>, …). Every property is checked, all problems at
/// once, each naming the element and the property; every other inbound connector type is rejected.
/// </summary>
internal sealed partial class ProcessReader
{
    private const int MaxWebhookContextLength = 100;

    /// <summary>The <c>inbound.*</c> properties of the webhook templates (all versions) and what each one is.</summary>
    private static readonly FrozenSet<string> WebhookInboundProperties = new[]
    {
        "inbound.type", "inbound.subtype", "inbound.context", "inbound.method",
        "inbound.shouldValidateHmac", "inbound.hmacSecret", "inbound.hmacHeader", "inbound.hmacAlgorithm", "inbound.hmacScopes",
        "inbound.auth.type", "inbound.auth.username", "inbound.auth.password", "inbound.auth.apiKey", "inbound.auth.apiKeyLocator",
        "inbound.auth.jwt.jwkUrl", "inbound.auth.jwt.permissionsExpression", "inbound.auth.jwt.requiredPermissions",
        "inbound.verificationExpression", "inbound.responseExpression",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Properties of older template versions that Camunda no longer reads either, with what replaces them.</summary>
    private static readonly FrozenDictionary<string, string> OutdatedWebhookProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["inbound.responseBodyExpression"] = "write inbound.responseExpression, which gives the whole answer: ={body: …, statusCode: 200, headers: {…}}",
        ["inbound.activationCondition"] = "write activationCondition",
        ["inbound.variableMapping"] = "write resultExpression",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    [GeneratedRegex(@"^[a-zA-Z0-9]+([-_][a-zA-Z0-9]+)*\z")]
    private static partial Regex WebhookContextPattern();

    [GeneratedRegex(@"\{\{\s*secrets\.([^\s}]*)\s*\}\}")]
    private static partial Regex SecretPlaceholder();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+\z")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\s*secrets\.[A-Za-z0-9_-]+\s*\z")]
    private static partial Regex BareSecretReference();

    [GeneratedRegex(@"^[a-zA-Z0-9_-]+\z")]
    private static partial Regex DeduplicationIdPattern();

    /// <summary>One zeebe:property as written: the last one of a name counts, as for <see cref="FlowNode.Property"/>.</summary>
    private sealed record WrittenProperty(XElement Element, string Value)
    {
        public string Trimmed => Value.Trim();
    }

    private BpmnParserOptions Options => options;

    private int ErrorCount => diagnostics.Count;

    private InboundWebhook? ReadWebhook(XElement element, string id, FlowNode node, ScopeKind container)
    {
        var written = new Dictionary<string, WrittenProperty>(StringComparer.Ordinal);
        var propertiesElement = element.Element(Namespaces.Bpmn + "extensionElements")?.Element(Namespaces.Zeebe + "properties");
        foreach (var property in propertiesElement?.Elements(Namespaces.Zeebe + "property") ?? [])
        {
            if (((string?)property.Attribute("name"))?.Trim() is { Length: > 0 } name)
            {
                written[name] = new WrittenProperty(property, (string?)property.Attribute("value") ?? "");
            }
        }

        var inbound = written.Keys.Where(n => n.StartsWith(InboundConnectorPrefix, StringComparison.Ordinal)).ToList();
        if (inbound.Count == 0)
        {
            return null;
        }

        if (!written.TryGetValue("inbound.type", out var type) || type.Trimmed.Length == 0)
        {
            Error(propertiesElement!, id, $"The element has inbound connector properties ({string.Join(", ", inbound)}) but no inbound.type; "
                + $"this engine runs the webhook connector (inbound.type = {InboundWebhook.ConnectorType}).");
            return null;
        }

        if (type.Trimmed != InboundWebhook.ConnectorType)
        {
            Error(type.Element, id, $"The inbound connector '{type.Trimmed}' is not supported: this engine runs only Camunda's webhook connector "
                + $"({InboundWebhook.ConnectorType}), so nothing would poll or subscribe to the source and the event would wait for ever. "
                + "Remove the connector template and let the sending system call a webhook or publish the message (POST /v2/messages/publication).");
            return null;
        }

        var reader = new WebhookReader(this, id, written);
        return reader.Read(element, node, container);
    }

    /// <summary>Two elements of one process cannot share a webhook: a request could not tell which one it is for.</summary>
    private void ValidateWebhookContexts()
    {
        foreach (var group in _nodes.Values.Where(n => n.Webhook is not null).GroupBy(n => n.Webhook!.Context, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var ids = group.Select(n => n.Id).ToList();
            foreach (var node in group.Skip(1))
            {
                Error(_ids[node.Id], node.Id, $"The webhook context '{group.Key}' is claimed by more than one element of the process ({string.Join(", ", ids)}); "
                    + "give each webhook an inbound.context of its own.");
            }
        }
    }

    /// <summary>Reads one element's webhook properties; problems go to the reader's diagnostics.</summary>
    private sealed class WebhookReader(ProcessReader reader, string id, Dictionary<string, WrittenProperty> written)
    {
        private static readonly string[] MessageProperties = ["correlationKeyExpression", "messageIdExpression", "messageTtl"];
        private static readonly string[] PublicationProperties = ["messageIdExpression", "messageTtl"];

        public InboundWebhook? Read(XElement element, FlowNode node, ScopeKind container)
        {
            var errorsBefore = reader.ErrorCount;
            foreach (var (name, property) in written)
            {
                if (OutdatedWebhookProperties.TryGetValue(name, out var instead))
                {
                    reader.Error(property.Element, id, $"The webhook property '{name}' is no longer supported (also not by Camunda); {instead}.");
                }
                else if (name.StartsWith(InboundConnectorPrefix, StringComparison.Ordinal) && !WebhookInboundProperties.Contains(name))
                {
                    reader.Error(property.Element, id, $"The webhook property '{name}' is unknown; the webhook connector reads "
                        + $"{string.Join(", ", WebhookInboundProperties.Order(StringComparer.Ordinal))}.");
                }
            }

            var trigger = TriggerOf(node, container);
            if (trigger is null)
            {
                reader.Error(element, id, $"A webhook connector ({InboundWebhook.ConnectorType}) belongs on a none or message start event of the process, "
                    + $"a message intermediate catch event, a message boundary event or a receive task, not on {Describe(node, container)}.");
                return null;
            }

            if (written.TryGetValue("inbound.subtype", out var subtype) && subtype.Trimmed != "ConfigurableInboundWebhook")
            {
                reader.Error(subtype.Element, id, $"inbound.subtype '{subtype.Trimmed}' is unknown; the webhook templates write ConfigurableInboundWebhook.");
            }

            var context = Context();
            var method = Choice("inbound.method", WebhookMethod.Any, new Dictionary<string, WebhookMethod>(StringComparer.OrdinalIgnoreCase)
            {
                ["any"] = WebhookMethod.Any,
                ["get"] = WebhookMethod.Get,
                ["post"] = WebhookMethod.Post,
                ["put"] = WebhookMethod.Put,
                ["delete"] = WebhookMethod.Delete,
            });
            var hmac = Hmac();
            // HMAC asked for (even with a problem of its own, reported already) answers who may call.
            var authorization = Authorization(hmac is not null
                || (written.TryGetValue("inbound.shouldValidateHmac", out var validate) && string.Equals(validate.Trimmed, "enabled", StringComparison.OrdinalIgnoreCase)));
            var synchronous = Flag("synchronousResponse", false);
            var webhook = new InboundWebhook
            {
                Context = context ?? "",
                Trigger = trigger.Value,
                Method = method,
                Hmac = hmac,
                Authorization = authorization ?? WebhookNoAuthorization.Instance,
                VerificationExpression = Feel("inbound.verificationExpression"),
                ResponseExpression = Feel("inbound.responseExpression"),
                ActivationCondition = Feel("activationCondition"),
                ConsumeUnmatchedEvents = Flag("consumeUnmatchedEvents", false),
                ResultVariable = ResultVariable(),
                ResultExpression = Feel("resultExpression"),
                SynchronousResponse = synchronous,
            };
            Deduplication();
            webhook = trigger == WebhookTrigger.StartInstance
                ? StartWithoutMessage(webhook)
                : WithMessage(webhook, element, node);
            if (authorization is WebhookNoAuthorization && hmac is null && written.TryGetValue("inbound.auth.type", out var none))
            {
                reader.Warn(none.Element, id, $"The webhook '{webhook.Context}' accepts requests from anyone who knows its URL "
                    + "(inbound.auth.type NONE and no HMAC); set BASIC, APIKEY or JWT, or enable HMAC, unless the webhook is meant to be public.");
            }

            return reader.ErrorCount > errorsBefore ? null : webhook;
        }

        private static WebhookTrigger? TriggerOf(FlowNode node, ScopeKind container) => node switch
        {
            StartEvent { EventDefinition: null } when container == ScopeKind.Process => WebhookTrigger.StartInstance,
            StartEvent { EventDefinition: MessageEventDefinition } when container == ScopeKind.Process => WebhookTrigger.StartByMessage,
            StartEvent { EventDefinition: MessageEventDefinition } when container == ScopeKind.EventSubProcess => WebhookTrigger.CorrelateMessage,
            IntermediateCatchEvent { EventDefinition: MessageEventDefinition } => WebhookTrigger.CorrelateMessage,
            BoundaryEvent { EventDefinition: MessageEventDefinition } => WebhookTrigger.CorrelateMessage,
            ReceiveTask => WebhookTrigger.CorrelateMessage,
            _ => null,
        };

        private static string Describe(FlowNode node, ScopeKind container)
        {
            var where = node is StartEvent && container != ScopeKind.Process ? $" of a {(container == ScopeKind.EventSubProcess ? "event sub-process" : "sub-process")}" : "";
            return node is EventNode { EventDefinition: { } definition }
                ? $"a {node.ElementType}{where} with a {definition.DefinitionType}"
                : $"a {node.ElementType}{where}";
        }

        private string? Context()
        {
            if (!written.TryGetValue("inbound.context", out var property) || property.Trimmed.Length == 0)
            {
                reader.Error(written["inbound.type"].Element, id, "The webhook needs inbound.context, its id in the URL (/inbound/{context}).");
                return null;
            }

            var context = property.Trimmed;
            if (context.Length > MaxWebhookContextLength || !WebhookContextPattern().IsMatch(context))
            {
                reader.Error(property.Element, id, $"The webhook context '{Shorten(context)}' may contain only letters, digits and single '-' or '_' between them, "
                    + $"at most {MaxWebhookContextLength} characters (it is part of the URL /inbound/{{context}}).");
                return null;
            }

            return context;
        }

        private WebhookHmac? Hmac()
        {
            var enabled = Choice("inbound.shouldValidateHmac", false, new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase)
            {
                ["enabled"] = true,
                ["disabled"] = false,
            });
            var hmacProperties = new[] { "inbound.hmacSecret", "inbound.hmacHeader", "inbound.hmacAlgorithm", "inbound.hmacScopes" };
            if (!enabled)
            {
                foreach (var name in hmacProperties.Where(n => written.TryGetValue(n, out var p) && p.Trimmed.Length > 0 && n != "inbound.hmacAlgorithm"))
                {
                    reader.Error(written[name].Element, id, $"{name} is set, but inbound.shouldValidateHmac is not 'enabled': requests would not be checked. "
                        + "Enable HMAC or remove the property.");
                }

                return null;
            }

            var secret = Text("inbound.hmacSecret", required: true, isSecret: true);
            var header = Text("inbound.hmacHeader", required: true, isSecret: false);
            var algorithm = Choice("inbound.hmacAlgorithm", WebhookHmacAlgorithm.Sha256, new Dictionary<string, WebhookHmacAlgorithm>(StringComparer.OrdinalIgnoreCase)
            {
                ["sha_1"] = WebhookHmacAlgorithm.Sha1,
                ["sha1"] = WebhookHmacAlgorithm.Sha1,
                ["sha-1"] = WebhookHmacAlgorithm.Sha1,
                ["sha_256"] = WebhookHmacAlgorithm.Sha256,
                ["sha256"] = WebhookHmacAlgorithm.Sha256,
                ["sha-256"] = WebhookHmacAlgorithm.Sha256,
                ["sha_512"] = WebhookHmacAlgorithm.Sha512,
                ["sha512"] = WebhookHmacAlgorithm.Sha512,
                ["sha-512"] = WebhookHmacAlgorithm.Sha512,
            });
            var scopes = HmacScopes();
            return secret is null || header is null || scopes is null ? null : new WebhookHmac(secret, header, algorithm, scopes.Value);
        }

        private ImmutableArray<WebhookHmacScope>? HmacScopes()
        {
            if (!written.TryGetValue("inbound.hmacScopes", out var property) || property.Trimmed.Length == 0)
            {
                return [WebhookHmacScope.Body];
            }

            var texts = ConstantTexts("inbound.hmacScopes", property);
            if (texts is null)
            {
                return null;
            }

            var scopes = new SortedSet<WebhookHmacScope>();
            foreach (var text in texts)
            {
                if (!Enum.TryParse<WebhookHmacScope>(text, ignoreCase: true, out var scope) || !Enum.IsDefined(scope))
                {
                    reader.Error(property.Element, id, $"inbound.hmacScopes names '{text}'; the scopes are BODY, URL and PARAMETERS.");
                    return null;
                }

                scopes.Add(scope);
            }

            // The combinations Camunda's webhook signs; others (PARAMETERS alone, BODY with PARAMETERS) it refuses too.
            var accepted = scopes.Count == 0 || scopes.SetEquals([WebhookHmacScope.Body]) || scopes.SetEquals([WebhookHmacScope.Url, WebhookHmacScope.Parameters])
                || scopes.SetEquals([WebhookHmacScope.Url, WebhookHmacScope.Body])
                || scopes.SetEquals([WebhookHmacScope.Url, WebhookHmacScope.Parameters, WebhookHmacScope.Body]);
            if (!accepted)
            {
                reader.Error(property.Element, id, $"inbound.hmacScopes [{string.Join(", ", texts)}] is not a combination that can be signed; "
                    + "use [\"BODY\"], [\"URL\",\"PARAMETERS\"], [\"URL\",\"BODY\"] or [\"URL\",\"PARAMETERS\",\"BODY\"].");
                return null;
            }

            return scopes.Count == 0 ? [WebhookHmacScope.Body] : [.. scopes];
        }

        /// <summary>
        /// The authorization; null (with an error) when a request would be let in without the model saying so: anonymous
        /// access needs inbound.auth.type NONE written explicitly, unless HMAC checks the requests.
        /// </summary>
        private WebhookAuthorization? Authorization(bool hmac)
        {
            var byType = new Dictionary<string, string[]>(StringComparer.Ordinal)
            {
                ["BASIC"] = ["inbound.auth.username", "inbound.auth.password"],
                ["APIKEY"] = ["inbound.auth.apiKey", "inbound.auth.apiKeyLocator"],
                ["JWT"] = ["inbound.auth.jwt.jwkUrl", "inbound.auth.jwt.permissionsExpression", "inbound.auth.jwt.requiredPermissions"],
            };
            string? type = null;
            if (written.TryGetValue("inbound.auth.type", out var typeProperty) && typeProperty.Trimmed.Length > 0)
            {
                type = typeProperty.Trimmed.ToUpperInvariant();
                if (type is not ("NONE" or "BASIC" or "APIKEY" or "JWT"))
                {
                    reader.Error(typeProperty.Element, id, $"inbound.auth.type '{Shorten(typeProperty.Trimmed)}' is unknown; write NONE, BASIC, APIKEY or JWT.");
                    return null;
                }
            }
            else if (!hmac)
            {
                reader.Error(written["inbound.type"].Element, id, "The webhook says nothing about who may call it: set inbound.auth.type (BASIC, APIKEY or JWT) "
                    + "or enable HMAC (inbound.shouldValidateHmac), or write inbound.auth.type NONE to accept requests from anyone.");
                return null;
            }

            foreach (var (other, names) in byType.Where(t => t.Key != type))
            {
                foreach (var name in names.Where(n => written.TryGetValue(n, out var p) && p.Trimmed.Length > 0))
                {
                    reader.Error(written[name].Element, id, $"{name} belongs to inbound.auth.type {other}, but the type is {type ?? "not set"}: the property would not be used.");
                }
            }

            switch (type)
            {
                case "BASIC":
                    var username = Text("inbound.auth.username", required: true, isSecret: false);
                    var password = Text("inbound.auth.password", required: true, isSecret: true);
                    return username is null || password is null ? null : new WebhookBasicAuthorization(username, password);
                case "APIKEY":
                    var apiKey = Text("inbound.auth.apiKey", required: true, isSecret: true);
                    var locator = Feel("inbound.auth.apiKeyLocator");
                    if (locator is null && !written.ContainsKey("inbound.auth.apiKeyLocator"))
                    {
                        reader.Error(typeProperty!.Element, id, "inbound.auth.type APIKEY needs inbound.auth.apiKeyLocator, a FEEL expression that finds the key in the request "
                            + "(e.g. =split(request.headers.authorization, \" \")[2]).");
                    }

                    return apiKey is null || locator is null ? null : new WebhookApiKeyAuthorization(apiKey, locator);
                case "JWT":
                    return Jwt(typeProperty!);
                default:
                    return WebhookNoAuthorization.Instance;
            }
        }

        private WebhookJwtAuthorization? Jwt(WrittenProperty typeProperty)
        {
            var url = Text("inbound.auth.jwt.jwkUrl", required: true, isSecret: false);
            if (url is { HasSecrets: false } && (!Uri.TryCreate(url.Text, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
            {
                reader.Error(written["inbound.auth.jwt.jwkUrl"].Element, id, $"inbound.auth.jwt.jwkUrl '{Shorten(url.Text)}' is not an http(s) URL of a JSON Web Key Set.");
                url = null;
            }

            var permissions = Feel("inbound.auth.jwt.permissionsExpression");
            ImmutableArray<string> required = [];
            if (written.TryGetValue("inbound.auth.jwt.requiredPermissions", out var requiredProperty) && requiredProperty.Trimmed.Length > 0)
            {
                if (ConstantTexts("inbound.auth.jwt.requiredPermissions", requiredProperty) is { } texts)
                {
                    required = [.. texts];
                }
                else
                {
                    return null;
                }
            }

            if (required.Length > 0 && permissions is null)
            {
                reader.Error(typeProperty.Element, id, "inbound.auth.jwt.requiredPermissions needs inbound.auth.jwt.permissionsExpression, which finds the "
                    + "permissions in the token's claims (e.g. =roles).");
                return null;
            }

            return url is null ? null : new WebhookJwtAuthorization(url, permissions, required);
        }

        private string? ResultVariable()
        {
            if (!written.TryGetValue("resultVariable", out var property) || property.Trimmed.Length == 0)
            {
                return null;
            }

            if (!IsVariableName(property.Trimmed))
            {
                reader.Error(property.Element, id, $"resultVariable '{Shorten(property.Trimmed)}' is not a variable name (letters, digits and '_', not starting with a digit).");
                return null;
            }

            return property.Trimmed;
        }

        private void Deduplication()
        {
            // The connector runtime shares one endpoint between elements with the same deduplication id. Here a context has
            // one element (ValidateWebhookContexts), so there is nothing to share; the values are checked all the same.
            Flag("deduplicationModeManualFlag", false);
            Choice("deduplicationMode", "AUTO", new Dictionary<string, string>(StringComparer.Ordinal) { ["AUTO"] = "AUTO", ["MANUAL"] = "MANUAL" });
            if (written.TryGetValue("deduplicationId", out var dedup) && dedup.Trimmed.Length > 0 && !DeduplicationIdPattern().IsMatch(dedup.Trimmed))
            {
                reader.Error(dedup.Element, id, $"deduplicationId '{Shorten(dedup.Trimmed)}' may contain only letters, digits, '-' and '_'.");
            }
        }

        private InboundWebhook StartWithoutMessage(InboundWebhook webhook)
        {
            foreach (var name in MessageProperties.Where(n => written.TryGetValue(n, out var p) && p.Trimmed.Length > 0))
            {
                reader.Error(written[name].Element, id, $"{name} has no meaning on a none start event: its webhook starts an instance without a message. "
                    + "Use a message start event for a message.");
            }

            if (written.TryGetValue("correlationRequired", out var required) && required.Trimmed == "required")
            {
                reader.Error(required.Element, id, "correlationRequired has no meaning on a none start event: its webhook starts an instance without a message.");
            }

            if (webhook.SynchronousResponse)
            {
                reader.Error(written["synchronousResponse"].Element, id, "synchronousResponse 'true' would wait for the instance's result, which this engine does not offer; "
                    + "the webhook answers once the instance has started (write 'false').");
            }

            return webhook;
        }

        private InboundWebhook WithMessage(InboundWebhook webhook, XElement element, FlowNode node)
        {
            var message = node switch
            {
                ReceiveTask task => task.Message,
                EventNode { EventDefinition: MessageEventDefinition definition } => definition,
                _ => null,
            };
            string? name = null;
            if (message is { Name: { IsExpression: false } staticName })
            {
                name = staticName.Text;
            }
            else if (message is not null)
            {
                reader.Error(element, id, $"The message name '{message.Name.Text}' of a webhook must be static text: the request publishes the message before any instance "
                    + "could evaluate it.");
            }

            var correlationRequired = Choice("correlationRequired", "notRequired", new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["notRequired"] = "notRequired",
                ["required"] = "required",
            });
            var correlationKey = Feel("correlationKeyExpression");
            if (correlationKey is null && !written.ContainsKey("correlationKeyExpression")
                && (webhook.Trigger == WebhookTrigger.CorrelateMessage || correlationRequired == "required"))
            {
                reader.Error(element, id, "The webhook needs correlationKeyExpression, which finds the message's correlation key in the request "
                    + "(e.g. =request.body.antragId), to reach the instance that waits for it.");
            }

            var messageId = Feel("messageIdExpression");
            var timeToLive = TimeToLive();
            if (webhook.SynchronousResponse)
            {
                foreach (var property in PublicationProperties.Where(n => written.TryGetValue(n, out var p) && p.Trimmed.Length > 0))
                {
                    reader.Error(written[property].Element, id, $"{property} belongs to a published message, but synchronousResponse 'true' correlates the message "
                        + "at once (no id, no buffering).");
                }
            }

            return webhook with { MessageName = name, CorrelationKeyExpression = correlationKey, MessageIdExpression = messageId, MessageTimeToLive = timeToLive };
        }

        private TimeSpan? TimeToLive()
        {
            if (!written.TryGetValue("messageTtl", out var property) || property.Trimmed.Length == 0)
            {
                return null;
            }

            var text = property.Trimmed.StartsWith('=') ? ConstantText("messageTtl", property) : property.Trimmed;
            if (text is null)
            {
                return null;
            }

            if (!IsoDuration.TryParse(text, out var duration) || !duration.TryGetDuration(out var span) || span < TimeSpan.Zero || span > TimeSpan.FromDays(7))
            {
                reader.Error(property.Element, id, $"messageTtl '{Shorten(text)}' is not an ISO 8601 duration between PT0S and P7D (e.g. PT1H).");
                return null;
            }

            return span;
        }

        /// <summary>A property that is FEEL by the template ("feel: required"); written with or without the leading '='.</summary>
        private ExpressionValue? Feel(string name)
        {
            if (!written.TryGetValue(name, out var property) || property.Trimmed.Length == 0)
            {
                return null;
            }

            var text = property.Trimmed.StartsWith('=') ? property.Trimmed : "=" + property.Trimmed;
            if (text.Trim().Length == 1)
            {
                reader.Error(property.Element, id, $"{name} is '=' without an expression.");
                return null;
            }

            return reader.Expression(property.Element, id, name, text);
        }

        /// <summary>
        /// A property that is plain text or FEEL ("feel: optional"), FEEL evaluated now without variables; in the text,
        /// <c>{{secrets.NAME}}</c> names a configured secret. A secret written in plain text is a warning.
        /// </summary>
        private WebhookText? Text(string name, bool required, bool isSecret)
        {
            if (!written.TryGetValue(name, out var property) || property.Trimmed.Length == 0)
            {
                if (required)
                {
                    reader.Error((written.GetValueOrDefault(name) ?? written["inbound.type"]).Element, id, $"The webhook needs {name}.");
                }

                return null;
            }

            var text = property.Trimmed.StartsWith('=') ? ConstantText(name, property) : property.Value;
            if (text is null)
            {
                return null;
            }

            if (BareSecretReference().IsMatch(text))
            {
                reader.Error(property.Element, id, $"{name} reads '{text.Trim()}' literally; write a secret as {{{{{text.Trim()}}}}}.");
                return null;
            }

            var names = ImmutableArray.CreateBuilder<string>();
            foreach (Match match in SecretPlaceholder().Matches(text))
            {
                var secret = match.Groups[1].Value;
                if (!SecretName().IsMatch(secret))
                {
                    reader.Error(property.Element, id, $"{name} names the secret '{Shorten(secret)}'; a secret's name has only letters, digits, '-' and '_'.");
                    return null;
                }

                if (reader.Options.SecretIsConfigured is { } configured && !configured(secret))
                {
                    reader.Error(property.Element, id, $"{name} names the secret '{secret}', which is not configured (Engine:Secrets:{secret}).");
                    return null;
                }

                names.Add(secret);
            }

            if (isSecret && names.Count == 0)
            {
                reader.Warn(property.Element, id, $"{name} is written in the model, where anyone who may read the process reads it; "
                    + "write {{secrets.NAME}} and configure Engine:Secrets:NAME instead.");
            }

            return new WebhookText(name, text, names.ToImmutable());
        }

        /// <summary>A FEEL property evaluated now, without variables; it must give a text.</summary>
        private string? ConstantText(string name, WrittenProperty property)
        {
            var value = Constant(name, property);
            if (value is not { } result)
            {
                return null;
            }

            if (!result.TryGetString(out var text))
            {
                reader.Error(property.Element, id, $"{name} must give a text, not {result}.");
                return null;
            }

            return text;
        }

        /// <summary>A FEEL property evaluated now, without variables; it must give a list of texts.</summary>
        private List<string>? ConstantTexts(string name, WrittenProperty property)
        {
            if (Constant(name, property) is not { } result)
            {
                return null;
            }

            var texts = new List<string>();
            if (result.Kind == FeelValueKind.List)
            {
                foreach (var item in result.AsList())
                {
                    if (!item.TryGetString(out var text))
                    {
                        reader.Error(property.Element, id, $"{name} must give a list of texts, such as [\"a\", \"b\"]; it gave {Shorten(result.ToString())}.");
                        return null;
                    }

                    texts.Add(text);
                }

                return texts;
            }

            reader.Error(property.Element, id, $"{name} must give a list of texts, such as [\"a\", \"b\"]; it gave {Shorten(result.ToString())}.");
            return null;
        }

        private FeelValue? Constant(string name, WrittenProperty property)
        {
            var text = property.Trimmed.StartsWith('=') ? property.Trimmed : "=" + property.Trimmed;
            if (reader.Expression(property.Element, id, name, text) is not { Expression: { } expression })
            {
                return null;
            }

            var warnings = new FeelWarningList();
            var value = expression.Evaluate(FeelVariables.Empty, warnings);
            if (value.IsNull)
            {
                reader.Error(property.Element, id, $"{name} gives null without variables{(warnings.Count > 0 ? $" ({warnings[0].Message})" : "")}; "
                    + "it is evaluated once, when the model is deployed, and cannot read the request.");
                return null;
            }

            return value;
        }

        private bool Flag(string name, bool fallback) =>
            Choice(name, fallback, new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase) { ["true"] = true, ["false"] = false });

        private T Choice<T>(string name, T fallback, Dictionary<string, T> choices)
        {
            // The spellings the templates write (lower case, or all upper case); the others are accepted as variants.
            var shown = string.Join(", ", choices.Keys.Where(k => k.Contains('_', StringComparison.Ordinal) || !k.Any(char.IsDigit)));
            if (!written.TryGetValue(name, out var property) || property.Trimmed.Length == 0)
            {
                return fallback;
            }

            if (choices.TryGetValue(property.Trimmed, out var value))
            {
                return value;
            }

            reader.Error(property.Element, id, $"{name} '{Shorten(property.Trimmed)}' is unknown; write {shown}.");
            return fallback;
        }

        private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
    }
}
