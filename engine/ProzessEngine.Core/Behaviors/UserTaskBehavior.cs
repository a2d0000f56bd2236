using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.Execution;
using ProzessEngine.Core.Intents;
using ProzessEngine.Core.Journal;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Behaviors;

/// <summary>Creates a task for a clerk and waits until it is completed.</summary>
internal sealed class UserTaskBehavior : IElementBehavior
{
    private const int DefaultPriority = 50;

    public void Activate(CommandExecution context, ElementInstance element, FlowNode node)
    {
        var task = (UserTask)node;
        var assignee = task.Assignment.Assignee is null ? null : context.EvaluateString(task.Assignment.Assignee, element, "assignee");
        var groups = context.EvaluateNameList(task.Assignment.CandidateGroups, element, "candidate groups");
        var users = context.EvaluateNameList(task.Assignment.CandidateUsers, element, "candidate users");
        var dueDate = context.EvaluateInstant(task.DueDate, element, "due date");
        var followUp = context.EvaluateInstant(task.FollowUpDate, element, "follow-up date");
        var priority = EvaluatePriority(context, task, element);
        var formKey = ResolveForm(context, task);

        var key = context.NextKey();
        element.UserTaskKey = key;
        element.State = ElementState.Waiting;
        var created = new UserTaskCreated(key, element.Key, node.Id, node.DisplayName, string.IsNullOrWhiteSpace(assignee) ? null : assignee,
            groups, users, task.Form?.FormId, task.Form?.EmbeddedFormKey, dueDate, followUp, priority)
        {
            FormKey = formKey,
            CustomFormKey = task.Form?.CustomFormKey,
            ExternalFormReference = task.Form?.ExternalReference,
        };
        if (!task.TaskListeners.IsEmpty)
        {
            CreateWithListeners(context, element, task, created);
            return;
        }

        context.AddIntent(created);
        context.Record(JournalEventKind.UserTaskCreated, node.Id, element.Key, key.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Terminate(CommandExecution context, ElementInstance element, FlowNode node) => context.CancelUserTask(element, (UserTask)node);

    /// <summary>
    /// Camunda 8.8: creating listeners see the task without its assignee; the model's assignee is assigned afterwards,
    /// through the assigning listeners.
    /// </summary>
    private static void CreateWithListeners(CommandExecution context, ElementInstance element, UserTask task, UserTaskCreated created)
    {
        var creating = CommandExecution.HasTaskListeners(task, TaskListenerEventType.Creating);
        var assignLater = created.Assignee is not null && (creating || CommandExecution.HasTaskListeners(task, TaskListenerEventType.Assigning));
        context.AddIntent(created with { Assignee = assignLater ? null : created.Assignee, Creating = creating });
        context.Record(JournalEventKind.UserTaskCreated, task.Id, element.Key, created.UserTaskKey.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (creating)
        {
            context.BeginTaskTransition(element, task, TaskListenerEventType.Creating, null, null, null, assignLater ? created.Assignee : null);
        }
        else if (assignLater)
        {
            context.BeginTaskTransition(element, task, TaskListenerEventType.Assigning, "assign",
                [new(UserTaskAttributes.Assignee, Feel.FeelValue.FromString(created.Assignee!))], null);
        }
    }

    /// <summary>
    /// A linked form is resolved now, as Camunda 8 does: a process may be deployed before its form. Still missing, it is
    /// an incident; resolving the incident creates the task again and so looks again.
    /// </summary>
    private static long? ResolveForm(CommandExecution context, UserTask task)
    {
        if (task.Form is not { FormId: { } formId } form || context.Services.Forms is not { } forms)
        {
            return null;
        }

        if (forms.TryResolve(context.Process, form, out var formKey))
        {
            return formKey;
        }

        var which = form.Binding switch
        {
            BindingType.Deployment => " in the deployment of this process",
            BindingType.VersionTag => $" with the version tag '{form.VersionTag}'",
            _ => "",
        };
        throw new IncidentException(IncidentErrorType.FormNotFound,
            $"The user task links the form '{formId}', which is not deployed{which}. Deploy the form, then resolve the incident.");
    }

    private static int EvaluatePriority(CommandExecution context, UserTask task, ElementInstance element)
    {
        if (task.Priority is null)
        {
            return DefaultPriority;
        }

        var value = task.Priority.IsExpression
            ? context.EvaluateRequired(task.Priority, element, "priority")
            : Feel.FeelValue.FromString(task.Priority.Text);
        if (value.TryGetInt64(out var number) || (value.TryGetString(out var text) && long.TryParse(text, out number)))
        {
            if (number is >= 0 and <= 100)
            {
                return (int)number;
            }
        }

        throw new IncidentException(IncidentErrorType.ExpressionEvaluation,
            $"The priority '{task.Priority.StaticText}' evaluated to {value}; expected a whole number from 0 to 100.");
    }
}
