using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core.Behaviors;

/// <summary>The one list of element behaviours: which behaviour runs which element, by type and event definition.</summary>
internal static class ElementBehaviors
{
    private static readonly StartEventBehavior StartEvent = new();
    private static readonly BoundaryEventBehavior BoundaryEvent = new();
    private static readonly NoneEndEventBehavior NoneEndEvent = new();
    private static readonly NoneThrowEventBehavior NoneThrowEvent = new();
    private static readonly ErrorEndEventBehavior ErrorEndEvent = new();
    private static readonly EscalationThrowEventBehavior EscalationThrowEvent = new();
    private static readonly MessageThrowEventBehavior MessageThrowEvent = new();
    private static readonly SignalThrowEventBehavior SignalThrowEvent = new();
    private static readonly TerminateEndEventBehavior TerminateEndEvent = new();
    private static readonly CompensationThrowEventBehavior CompensationThrowEvent = new();
    private static readonly LinkThrowEventBehavior LinkThrowEvent = new();
    private static readonly TimerCatchEventBehavior TimerCatchEvent = new();
    private static readonly MessageCatchEventBehavior MessageCatchEvent = new();
    private static readonly SignalCatchEventBehavior SignalCatchEvent = new();
    private static readonly ConditionalCatchEventBehavior ConditionalCatchEvent = new();
    private static readonly LinkCatchEventBehavior LinkCatchEvent = new();
    private static readonly JobWorkerBehavior JobWorker = new();
    private static readonly UserTaskBehavior UserTask = new();
    private static readonly ScriptTaskBehavior ScriptTask = new();
    private static readonly BusinessRuleTaskBehavior BusinessRuleTask = new();
    private static readonly ReceiveTaskBehavior ReceiveTask = new();
    private static readonly PassThroughTaskBehavior PassThroughTask = new();
    private static readonly CallActivityBehavior CallActivity = new();
    private static readonly SubProcessBehavior SubProcess = new();
    private static readonly EventSubProcessBehavior EventSubProcess = new();
    private static readonly AdHocSubProcessBehavior AdHocSubProcess = new();
    private static readonly ExclusiveGatewayBehavior ExclusiveGateway = new();
    private static readonly ParallelGatewayBehavior ParallelGateway = new();
    private static readonly InclusiveGatewayBehavior InclusiveGateway = new();
    private static readonly EventBasedGatewayBehavior EventBasedGateway = new();

    public static IElementBehavior For(FlowNode node) => node switch
    {
        Bpmn.Model.StartEvent => StartEvent,
        Bpmn.Model.BoundaryEvent => BoundaryEvent,
        EndEvent end => ForThrow(end, isEnd: true),
        IntermediateThrowEvent thrower => ForThrow(thrower, isEnd: false),
        IntermediateCatchEvent catcher => catcher.EventDefinition switch
        {
            TimerEventDefinition => TimerCatchEvent,
            MessageEventDefinition => MessageCatchEvent,
            SignalEventDefinition => SignalCatchEvent,
            ConditionalEventDefinition => ConditionalCatchEvent,
            LinkEventDefinition => LinkCatchEvent,
            _ => Unsupported(node),
        },
        ServiceTask => JobWorker,
        Bpmn.Model.BusinessRuleTask rule => rule.Job is not null ? JobWorker : BusinessRuleTask,
        SendTask send => send.Job is not null ? JobWorker : MessageThrowEvent,
        Bpmn.Model.ScriptTask script => script.Job is not null ? JobWorker : ScriptTask,
        Bpmn.Model.ReceiveTask => ReceiveTask,
        Bpmn.Model.UserTask => UserTask,
        ManualTask or UndefinedTask => PassThroughTask,
        Bpmn.Model.CallActivity => CallActivity,
        Bpmn.Model.SubProcess => SubProcess,
        Bpmn.Model.EventSubProcess => EventSubProcess,
        Bpmn.Model.AdHocSubProcess => AdHocSubProcess,
        Bpmn.Model.ExclusiveGateway => ExclusiveGateway,
        Bpmn.Model.ParallelGateway => ParallelGateway,
        Bpmn.Model.InclusiveGateway => InclusiveGateway,
        Bpmn.Model.EventBasedGateway => EventBasedGateway,
        _ => Unsupported(node),
    };

    private static IElementBehavior ForThrow(EventNode node, bool isEnd) => node.EventDefinition switch
    {
        null => isEnd ? NoneEndEvent : NoneThrowEvent,
        ErrorEventDefinition => ErrorEndEvent,
        EscalationEventDefinition => EscalationThrowEvent,
        MessageEventDefinition => node.Job is not null ? JobWorker : MessageThrowEvent,
        SignalEventDefinition => SignalThrowEvent,
        TerminateEventDefinition => TerminateEndEvent,
        CompensateEventDefinition => CompensationThrowEvent,
        LinkEventDefinition => LinkThrowEvent,
        _ => Unsupported(node),
    };

    private static IElementBehavior Unsupported(FlowNode node) =>
        throw new NotSupportedException($"No behaviour for element type '{node.ElementType}' ({node.Id}).");
}
