using ProzessEngine.Testing.Engine;

namespace ProzessEngine.Core.Tests.Routing;

/// <summary>Deployed processes with message, signal and none start events, for the routing rules.</summary>
internal static class RoutingModels
{
    public static DeployedProcess Deploy(string xml) => new InMemoryEngine().Deploy(xml);

    /// <summary>A process started by <paramref name="message"/> (and, with <paramref name="signal"/>, by that signal).</summary>
    public static DeployedProcess StartedBy(string id, string? message = null, string? signal = null, string? versionTag = null,
        bool noneStart = false) => Deploy(Xml(id, message, signal, versionTag, noneStart));

    public static string Xml(string id, string? message = null, string? signal = null, string? versionTag = null, bool noneStart = false) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          id="d_{id}" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{id}" isExecutable="true">
            {(versionTag is null ? "" : $"<bpmn:extensionElements><zeebe:versionTag value=\"{versionTag}\" /></bpmn:extensionElements>")}
            {(message is null ? "" : """<bpmn:startEvent id="byMessage"><bpmn:messageEventDefinition messageRef="m" /></bpmn:startEvent><bpmn:sequenceFlow id="f1" sourceRef="byMessage" targetRef="end" />""")}
            {(signal is null ? "" : """<bpmn:startEvent id="bySignal"><bpmn:signalEventDefinition signalRef="s" /></bpmn:startEvent><bpmn:sequenceFlow id="f2" sourceRef="bySignal" targetRef="end" />""")}
            {(noneStart ? """<bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f3" sourceRef="start" targetRef="end" />""" : "")}
            <bpmn:endEvent id="end" />
          </bpmn:process>
          {(message is null ? "" : $"""<bpmn:message id="m" name="{message}" />""")}
          {(signal is null ? "" : $"""<bpmn:signal id="s" name="{signal}" />""")}
        </bpmn:definitions>
        """;
}
