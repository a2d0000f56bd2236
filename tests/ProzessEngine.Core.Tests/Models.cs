namespace ProzessEngine.Core.Tests;

/// <summary>Small models for runtime tests, written in the Camunda 8 dialect.</summary>
internal static class Models
{
    public static string Process(string id, string body) => $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                          xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"
                          xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                          id="defs_{id}" targetNamespace="http://bpmn.io/schema/bpmn">
          <bpmn:process id="{id}" isExecutable="true">
        {body}
          </bpmn:process>
        </bpmn:definitions>
        """;

    public static string Flow(string id, string from, string to, string? condition = null) => condition is null
        ? $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}" />"""
        : $"""<bpmn:sequenceFlow id="{id}" sourceRef="{from}" targetRef="{to}"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(condition)}</bpmn:conditionExpression></bpmn:sequenceFlow>""";

    public static string UserTask(string id, string groups = "fachamt", string extra = "") => $"""
        <bpmn:userTask id="{id}" name="{id}">
          <bpmn:extensionElements>
            <zeebe:assignmentDefinition candidateGroups="{groups}" />
            {extra}
          </bpmn:extensionElements>
        </bpmn:userTask>
        """;

    public static string ServiceTask(string id, string type, string extra = "") => $"""
        <bpmn:serviceTask id="{id}">
          <bpmn:extensionElements>
            <zeebe:taskDefinition type="{type}" />
            {extra}
          </bpmn:extensionElements>
        </bpmn:serviceTask>
        """;

    public static string TimerCatch(string id, string duration) => $"""
        <bpmn:intermediateCatchEvent id="{id}">
          <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">{System.Security.SecurityElement.Escape(duration)}</bpmn:timeDuration></bpmn:timerEventDefinition>
        </bpmn:intermediateCatchEvent>
        """;

    /// <summary>start → user task → end.</summary>
    public static readonly string SingleUserTask = Process("usertask", $"""
        <bpmn:startEvent id="start" />
        {Flow("f1", "start", "approve")}
        {UserTask("approve")}
        {Flow("f2", "approve", "end")}
        <bpmn:endEvent id="end" />
        """);

    /// <summary>start → inline service task "decide" → exclusive gateway on approved → one of two ends.</summary>
    public static readonly string Straight = Process("straight", $"""
        <bpmn:startEvent id="start" />
        {Flow("f_start_task", "start", "decide")}
        {ServiceTask("decide", "decide")}
        {Flow("f_task_gw", "decide", "gw")}
        <bpmn:exclusiveGateway id="gw" default="f_rejected" />
        {Flow("f_approved", "gw", "end_approved", "=approved")}
        {Flow("f_rejected", "gw", "end_rejected")}
        <bpmn:endEvent id="end_approved" />
        <bpmn:endEvent id="end_rejected" />
        """);

    /// <summary>start → parallel split → three inline service tasks → join → end.</summary>
    public static readonly string Parallel = Process("parallel", $"""
        <bpmn:startEvent id="start" />
        {Flow("f_start_split", "start", "split")}
        <bpmn:parallelGateway id="split" />
        {Flow("f_split_a", "split", "task_a")}
        {Flow("f_split_b", "split", "task_b")}
        {Flow("f_split_c", "split", "task_c")}
        {ServiceTask("task_a", "work")}
        {ServiceTask("task_b", "work")}
        {ServiceTask("task_c", "work")}
        {Flow("f_a_join", "task_a", "join")}
        {Flow("f_b_join", "task_b", "join")}
        {Flow("f_c_join", "task_c", "join")}
        <bpmn:parallelGateway id="join" />
        {Flow("f_join_end", "join", "end")}
        <bpmn:endEvent id="end" />
        """);
}
