using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>What an ad-hoc sub-process needs from the completion step: whether a path ended, and its output collection.</summary>
internal sealed partial class CommandExecution
{
    /// <summary>
    /// Whether the element whose completion is being handed to its scope took no outgoing flow: its path inside the
    /// scope ended (an ad-hoc sub-process's worker then gets a new job).
    /// </summary>
    public bool CompletedElementEndedPath { get; private set; }

    /// <summary>
    /// A path inside an ad-hoc sub-process with zeebe:adHoc outputCollection ended: its outputElement, evaluated where
    /// the path ended, is appended to the sub-process's local output collection.
    /// </summary>
    private void CollectAdHocOutput(ElementInstance element)
    {
        if (element.IsMultiInstanceInner || ScopeOf(element) is not { } scope
            || NodeOf(scope) is not AdHocSubProcess { OutputCollection: { } collection, OutputElement: { } output })
        {
            return;
        }

        var value = Evaluate(output, element);
        if (value.IsNull && output.IsExpression && _warnings.Count > 0)
        {
            throw new IncidentException(IncidentErrorType.IoMapping,
                $"The output element '{output.StaticText}' of ad-hoc sub-process '{scope.ElementId}' failed{_warnings.Describe()}.");
        }

        var items = scope.Variables is { } locals && locals.TryGetValue(collection, out var current) && current.Kind == FeelValueKind.List
            ? [.. current.AsList()]
            : new List<FeelValue>();
        items.Add(value);
        SetLocalVariable(scope, collection, FeelValue.FromList(items));
    }
}
