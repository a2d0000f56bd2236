using System.Text;

namespace ProzessEngine.Testing.Models;

/// <summary>
/// Models as Camunda Modeler writes them with the webhook connector's element templates (connectors/webhook/element-templates,
/// version 15): the template's id and version on the element, every property the template writes with its default value,
/// FEEL properties with their leading '=', and the message with a generated name for catch events. Our own models in
/// that dialect, shared by the parser, persistence and API tests; a test changes single properties.
/// </summary>
public static class WebhookModels
{
    public const string StartEventTemplate = "io.camunda.connectors.webhook.WebhookConnector.v1";
    public const string MessageStartTemplate = "io.camunda.connectors.webhook.WebhookConnectorStartMessage.v1";
    public const string IntermediateTemplate = "io.camunda.connectors.webhook.WebhookConnectorIntermediate.v1";
    public const string BoundaryTemplate = "io.camunda.connectors.webhook.WebhookConnectorBoundary.v1";
    public const string ReceiveTemplate = "io.camunda.connectors.webhook.WebhookConnectorReceive.v1";

    /// <summary>The result expression the templates fill in, with its comments (FEEL reads them as comments).</summary>
    public const string DefaultResultExpression = "={\n  myRequestBody: request.body\n  // Use FEEL to extract values, e.g.,:\n  // myMessage: request.body.message\n}";

    private const string Head = """
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:modeler="http://camunda.org/schema/modeler/1.0" id="d" targetNamespace="http://bpmn.io/schema/bpmn"
                          modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.8.0">
        """;

    /// <summary>
    /// The properties a template writes by default, in its order: start events, catch events and receive tasks share
    /// the connector's part; <paramref name="message"/> adds the correlation part of the message templates.
    /// </summary>
    public static List<(string Name, string Value)> Defaults(string context, bool message) =>
    [
        ("inbound.type", "io.camunda:webhook:1"),
        ("inbound.method", "any"),
        ("inbound.context", context),
        ("inbound.shouldValidateHmac", "disabled"),
        ("inbound.auth.type", "NONE"),
        ("consumeUnmatchedEvents", "true"),
        ("synchronousResponse", "false"),
        .. message ? new[] { ("correlationRequired", "notRequired") } : [],
        ("deduplicationModeManualFlag", "false"),
        ("deduplicationMode", "AUTO"),
        ("resultExpression", DefaultResultExpression),
    ];

    /// <summary>The defaults with <paramref name="changes"/> applied: a new value replaces the default (or is added), null removes it.</summary>
    public static string Properties(string context, bool message, params (string Name, string? Value)[] changes)
    {
        var properties = Defaults(context, message).Select(p => (p.Name, (string?)p.Value)).ToList();
        foreach (var (name, value) in changes)
        {
            var at = properties.FindIndex(p => p.Name == name);
            if (at >= 0)
            {
                properties[at] = (name, value);
            }
            else
            {
                properties.Add((name, value));
            }
        }

        var text = new StringBuilder("<zeebe:properties>");
        foreach (var (name, value) in properties.Where(p => p.Item2 is not null))
        {
            text.Append("<zeebe:property name=\"").Append(Attribute(name)).Append("\" value=\"").Append(Attribute(value!)).Append("\" />");
        }

        return text.Append("</zeebe:properties>").ToString();
    }

    /// <summary>A process started by a webhook on its none start event ("Webhook Start Event Connector").</summary>
    public static string StartEvent(string processId, string context, params (string Name, string? Value)[] changes) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="webhook" name="Antrag eingegangen" zeebe:modelerTemplate="{StartEventTemplate}" zeebe:modelerTemplateVersion="15">
              <bpmn:extensionElements>{Properties(context, false, changes)}</bpmn:extensionElements>
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="webhook" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Antrag prüfen"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
        </bpmn:definitions>
        """;

    /// <summary>A process started by a webhook on its message start event ("Webhook Message Start Event Connector").</summary>
    public static string MessageStart(string processId, string context, string messageName, params (string Name, string? Value)[] changes) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="webhook" name="Rechnung eingegangen" zeebe:modelerTemplate="{MessageStartTemplate}" zeebe:modelerTemplateVersion="15">
              <bpmn:extensionElements>{Properties(context, true, changes)}</bpmn:extensionElements>
              <bpmn:messageEventDefinition id="md" messageRef="m" />
            </bpmn:startEvent>
            <bpmn:sequenceFlow id="f1" sourceRef="webhook" targetRef="pruefen" />
            <bpmn:userTask id="pruefen" name="Rechnung prüfen"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:sequenceFlow id="f2" sourceRef="pruefen" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="{messageName}" zeebe:modelerTemplate="{MessageStartTemplate}" />
        </bpmn:definitions>
        """;

    /// <summary>
    /// A process that waits at an intermediate catch event for its webhook ("Webhook Intermediate Event Connector"),
    /// correlated by the variable antragId.
    /// </summary>
    public static string Intermediate(string processId, string context, string messageName, params (string Name, string? Value)[] changes) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="webhook" />
            <bpmn:intermediateCatchEvent id="webhook" name="Unterlagen nachgereicht" zeebe:modelerTemplate="{IntermediateTemplate}" zeebe:modelerTemplateVersion="15">
              <bpmn:extensionElements>{Properties(context, true, changes)}</bpmn:extensionElements>
              <bpmn:messageEventDefinition id="md" messageRef="m" />
            </bpmn:intermediateCatchEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="webhook" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="{messageName}" zeebe:modelerTemplate="{IntermediateTemplate}">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=antragId" /></bpmn:extensionElements>
          </bpmn:message>
        </bpmn:definitions>
        """;

    /// <summary>A user task that a webhook on its boundary event interrupts ("Webhook Boundary Event Connector").</summary>
    public static string Boundary(string processId, string context, string messageName, params (string Name, string? Value)[] changes) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="bearbeiten" />
            <bpmn:userTask id="bearbeiten" name="Antrag bearbeiten"><bpmn:extensionElements><zeebe:userTask /></bpmn:extensionElements></bpmn:userTask>
            <bpmn:boundaryEvent id="webhook" name="Antrag zurückgezogen" attachedToRef="bearbeiten" zeebe:modelerTemplate="{BoundaryTemplate}" zeebe:modelerTemplateVersion="15">
              <bpmn:extensionElements>{Properties(context, true, changes)}</bpmn:extensionElements>
              <bpmn:messageEventDefinition id="md" messageRef="m" />
            </bpmn:boundaryEvent>
            <bpmn:sequenceFlow id="f2" sourceRef="bearbeiten" targetRef="end" />
            <bpmn:endEvent id="end" />
            <bpmn:sequenceFlow id="f3" sourceRef="webhook" targetRef="zurueckgezogen" />
            <bpmn:endEvent id="zurueckgezogen" />
          </bpmn:process>
          <bpmn:message id="m" name="{messageName}" zeebe:modelerTemplate="{BoundaryTemplate}">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=antragId" /></bpmn:extensionElements>
          </bpmn:message>
        </bpmn:definitions>
        """;

    /// <summary>A receive task that waits for its webhook ("Webhook Receive Task Connector").</summary>
    public static string ReceiveTask(string processId, string context, string messageName, params (string Name, string? Value)[] changes) => Head + $"""
          <bpmn:process id="{processId}" isExecutable="true">
            <bpmn:startEvent id="start" />
            <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="webhook" />
            <bpmn:receiveTask id="webhook" name="Zahlung abwarten" messageRef="m" zeebe:modelerTemplate="{ReceiveTemplate}" zeebe:modelerTemplateVersion="15">
              <bpmn:extensionElements>{Properties(context, true, changes)}</bpmn:extensionElements>
            </bpmn:receiveTask>
            <bpmn:sequenceFlow id="f2" sourceRef="webhook" targetRef="end" />
            <bpmn:endEvent id="end" />
          </bpmn:process>
          <bpmn:message id="m" name="{messageName}" zeebe:modelerTemplate="{ReceiveTemplate}">
            <bpmn:extensionElements><zeebe:subscription correlationKey="=antragId" /></bpmn:extensionElements>
          </bpmn:message>
        </bpmn:definitions>
        """;

    /// <summary>An attribute value as the modeler writes it: line breaks as character references, which XML would otherwise turn into spaces.</summary>
    private static string Attribute(string value) => value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal)
        .Replace("\"", "&#34;", StringComparison.Ordinal)
        .Replace("\n", "&#10;", StringComparison.Ordinal);
}
