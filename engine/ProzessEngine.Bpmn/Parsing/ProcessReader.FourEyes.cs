using System.Xml.Linq;
using ProzessEngine.Bpmn.Model;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// prozessengine:fourEyes (separation of duties): a user task names the user tasks whose completers may not complete
/// it. The list is read when the property is read; the ids are resolved once every element of the process is known.
/// </summary>
internal sealed partial class ProcessReader
{
    private void ValidateFourEyesProperty(XElement property, string id, string name, string value, string elementType)
    {
        if (elementType != "userTask")
        {
            Error(property, id, $"'{name}' belongs on a user task, not on a {elementType}: only a person completes a task.");
            return;
        }

        if (FourEyesIds(value).Count == 0)
        {
            Error(property, id, $"'{name}' needs the ids of the user tasks whose completers may not complete this one, separated by commas "
                + "(e.g. 'SachlichRichtig').");
        }
    }

    private static List<string> FourEyesIds(string value) =>
        [.. value.Split(',').Select(part => part.Trim()).Where(part => part.Length > 0).Distinct(StringComparer.Ordinal)];

    /// <summary>Resolves each user task's prozessengine:fourEyes ids: every one must be a user task of this process.</summary>
    private void ResolveFourEyes()
    {
        foreach (var task in _nodes.Values.OfType<UserTask>().ToList())
        {
            if (task.Property(EngineProperties.FourEyes) is not { } value)
            {
                continue;
            }

            var ids = FourEyesIds(value);
            var problems = new List<string>();
            foreach (var other in ids)
            {
                if (_nodes.TryGetValue(other, out var node))
                {
                    if (node is not UserTask)
                    {
                        problems.Add($"'{other}' is a {node.ElementType}, not a user task; only a user task has a person who completed it");
                    }
                }
                else
                {
                    problems.Add(_ids.ContainsKey(other)
                        ? $"'{other}' is not a user task"
                        : $"there is no element '{other}' in the process '{_processId}'");
                }
            }

            if (problems.Count > 0)
            {
                Error(FourEyesProperty(task.Id), task.Id, $"'{EngineProperties.FourEyes}': {string.Join("; ", problems)}.");
                continue;
            }

            _nodes[task.Id] = task with { FourEyes = [.. ids] };
        }
    }

    /// <summary>The last prozessengine:fourEyes property of the element (the one that counts), for the problem's position.</summary>
    private XElement FourEyesProperty(string id) =>
        Zeebe(_ids[id], "properties")?.Elements(Namespaces.Zeebe + "property")
            .LastOrDefault(p => ((string?)p.Attribute("name"))?.Trim() == EngineProperties.FourEyes)
        ?? _ids[id];
}
