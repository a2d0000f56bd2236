using System.Collections.Frozen;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Core.Behaviors;

/// <summary>The one list of element behaviours, by model type.</summary>
internal static class ElementBehaviors
{
    private static readonly FrozenDictionary<Type, IElementBehavior> ByNodeType = new Dictionary<Type, IElementBehavior>
    {
        [typeof(StartEvent)] = new NoneStartEventBehavior(),
        [typeof(EndEvent)] = new NoneEndEventBehavior(),
        [typeof(ServiceTask)] = new ServiceTaskBehavior(),
        [typeof(UserTask)] = new UserTaskBehavior(),
        [typeof(ExclusiveGateway)] = new ExclusiveGatewayBehavior(),
        [typeof(ParallelGateway)] = new ParallelGatewayBehavior(),
        [typeof(IntermediateCatchEvent)] = new TimerCatchEventBehavior(),
    }.ToFrozenDictionary();

    public static IElementBehavior For(FlowNode node) =>
        ByNodeType.TryGetValue(node.GetType(), out var behavior)
            ? behavior
            : throw new NotSupportedException($"No behaviour for element type '{node.ElementType}' ({node.Id}).");

    public static bool Supports(Type nodeType) => ByNodeType.ContainsKey(nodeType);
}
