using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Execution;

/// <summary>
/// What the task list shows of a case (prozessengine:taskTitle and taskColumns), computed at each open user task when
/// the command that creates it ends and again whenever a command changes variables, so that the stored values, which
/// the list searches, follow the case. A title that cannot be computed falls back to the task's name: the list is the
/// clerk's workplace and must never be blocked by a modelling error, so it is no incident.
/// </summary>
internal sealed partial class CommandExecution
{
    /// <summary>Longest title kept; the list shows one line.</summary>
    public const int MaxTitleLength = 500;

    private bool _taskListStale;

    /// <summary>Fills in the title and columns of tasks created by this command and, after variable changes, refreshes those of the other open tasks.</summary>
    private void RefreshTaskLists()
    {
        Dictionary<long, int>? created = null;
        for (var i = 0; i < _intents.Count; i++)
        {
            if (_intents[i] is UserTaskCreated task)
            {
                (created ??= [])[task.UserTaskKey] = i;
            }
        }

        if (created is null && !_taskListStale)
        {
            return;
        }

        foreach (var element in Instance.Elements.OrderBy(e => e.Ordinal))
        {
            if (element.UserTaskKey is not { } key)
            {
                continue;
            }

            var node = NodeOf(element);
            var (title, columns) = TaskListValues(element, node);
            if (created is not null && created.TryGetValue(key, out var index))
            {
                _intents[index] = ((UserTaskCreated)_intents[index]) with { Title = title, Columns = columns };
            }
            else if (_taskListStale)
            {
                AddIntent(new UserTaskListDataChanged(key, element.Key, node.Id, node.DisplayName, title, columns));
            }
        }

        _taskListStale = false;
    }

    private (string? Title, IReadOnlyList<KeyValuePair<string, FeelValue>> Columns) TaskListValues(ElementInstance element, FlowNode node)
    {
        if (Model.TaskList is not { } list)
        {
            return (null, []);
        }

        string? title = null;
        if (list.Title?.Expression is { } expression)
        {
            var value = expression.Evaluate(VariablesAt(element));
            title = value.TryGetString(out var text) ? text : value.IsNull ? null : value.ToString();
            if (string.IsNullOrWhiteSpace(title))
            {
                // A missing variable or a type error: the task keeps a title the clerk can work with.
                title = node.DisplayName;
            }
            else if (title.Length > MaxTitleLength)
            {
                title = string.Concat(title.AsSpan(0, MaxTitleLength - 1), "…");
            }
        }

        var columns = new List<KeyValuePair<string, FeelValue>>(list.Columns.Length);
        var variables = VariablesAt(element);
        foreach (var name in list.Columns)
        {
            columns.Add(new(name, variables.TryGetValue(name, out var value) ? value : FeelValue.Null));
        }

        return (title, columns);
    }
}
