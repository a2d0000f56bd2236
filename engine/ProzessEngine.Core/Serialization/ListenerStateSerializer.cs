using System.Text.Json;
using ProzessEngine.Bpmn.Model;
using ProzessEngine.Core.State;

namespace ProzessEngine.Core.Serialization;

/// <summary>The listener part of an instance's state (format 3), kept apart so that format 2 stays as it was.</summary>
internal static class ListenerStateSerializer
{
    public static bool UsesListeners(ProcessInstanceState state)
    {
        if (state.ListenerRuns.Count > 0)
        {
            return true;
        }

        foreach (var element in state.Elements)
        {
            if (element.ListenerPhase != ListenerPhase.None || element.TaskTransition is not null
                || (element.JobKey is not null && element.JobKind != JobKind.BpmnElement))
            {
                return true;
            }
        }

        return false;
    }

    public static void WriteElement(Utf8JsonWriter writer, ElementInstance element)
    {
        if (element.JobKey is not null && element.JobKind != JobKind.BpmnElement)
        {
            writer.WriteNumber("jkd", (int)element.JobKind);
        }

        if (element.ListenerPhase != ListenerPhase.None)
        {
            writer.WriteNumber("lph", (int)element.ListenerPhase);
            writer.WriteNumber("lix", element.ListenerIndex);
        }

        if (element.TaskTransition is { } transition)
        {
            writer.WriteStartObject("tt");
            writer.WriteNumber("e", (int)transition.Event);
            if (transition.Action is { } action)
            {
                writer.WriteString("a", action);
            }

            writer.WriteNumber("i", transition.Index);
            InstanceStateSerializer.WriteVariables(writer, "ch", transition.Changes);
            InstanceStateSerializer.WriteVariables(writer, "co", transition.Corrections);
            if (transition.Previous.Count > 0)
            {
                InstanceStateSerializer.WriteVariables(writer, "pv", transition.Previous);
            }

            if (transition.Variables is { } variables)
            {
                InstanceStateSerializer.WriteVariables(writer, "vars", variables);
            }

            if (transition.AssigneeAfterCreation is { } assignee)
            {
                writer.WriteString("as", assignee);
            }

            if (transition.RequestedBy is { } requester)
            {
                writer.WriteStartObject("rb");
                writer.WriteString("id", requester.Id);
                writer.WriteNumber("k", (int)requester.Kind);
                if (requester.OnBehalfOf is { } onBehalfOf)
                {
                    writer.WriteString("for", onBehalfOf);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }
    }

    public static void ReadElement(JsonElement item, ElementInstance element)
    {
        if (item.TryGetProperty("jkd", out var kind))
        {
            element.JobKind = (JobKind)kind.GetInt32();
        }

        if (item.TryGetProperty("lph", out var phase))
        {
            element.ListenerPhase = (ListenerPhase)phase.GetInt32();
            element.ListenerIndex = item.GetProperty("lix").GetInt32();
        }

        if (item.TryGetProperty("tt", out var tt))
        {
            var transition = new UserTaskTransition((TaskListenerEventType)tt.GetProperty("e").GetInt32(),
                tt.TryGetProperty("a", out var action) ? action.GetString() : null)
            {
                Index = tt.GetProperty("i").GetInt32(),
                AssigneeAfterCreation = tt.TryGetProperty("as", out var assignee) ? assignee.GetString() : null,
                RequestedBy = tt.TryGetProperty("rb", out var requester)
                    ? new CommandActor(requester.GetProperty("id").GetString()!, (CommandActorKind)requester.GetProperty("k").GetInt32())
                    {
                        OnBehalfOf = requester.TryGetProperty("for", out var onBehalfOf) ? onBehalfOf.GetString() : null,
                    }
                    : null,
            };
            InstanceStateSerializer.ReadVariables(tt, "ch", transition.Changes);
            InstanceStateSerializer.ReadVariables(tt, "co", transition.Corrections);
            InstanceStateSerializer.ReadVariables(tt, "pv", transition.Previous);
            if (tt.TryGetProperty("vars", out _))
            {
                transition.Variables = new VariableMap();
                InstanceStateSerializer.ReadVariables(tt, "vars", transition.Variables);
            }

            element.TaskTransition = transition;
        }
    }

    public static void WriteRuns(Utf8JsonWriter writer, ProcessInstanceState state)
    {
        if (state.ListenerRuns.Count == 0)
        {
            return;
        }

        writer.WriteStartArray("lr");
        foreach (var run in state.ListenerRuns)
        {
            writer.WriteStartObject();
            writer.WriteNumber("k", (int)run.Kind);
            writer.WriteNumber("e", run.ElementInstanceKey);
            writer.WriteString("el", run.ElementId);
            writer.WriteNumber("i", run.Index);
            if (run.JobKey is { } job)
            {
                writer.WriteNumber("j", job);
            }

            if (run.UserTaskKey is { } task)
            {
                writer.WriteNumber("tk", task);
            }

            if (run.StartEventId is { } start)
            {
                writer.WriteString("se", start);
            }

            if (run.StartVariables is { } variables)
            {
                InstanceStateSerializer.WriteVariables(writer, "sv", variables);
            }

            if (run.Incident is { } incident)
            {
                writer.WriteStartObject("inc");
                writer.WriteNumber("k", incident.Key);
                writer.WriteNumber("t", (int)incident.ErrorType);
                writer.WriteString("m", incident.Message);
                writer.WriteNumber("f", (int)incident.FailedStep);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    public static void ReadRuns(JsonElement root, ProcessInstanceState state)
    {
        if (!root.TryGetProperty("lr", out var runs))
        {
            return;
        }

        foreach (var item in runs.EnumerateArray())
        {
            var run = new ListenerRun((ListenerRunKind)item.GetProperty("k").GetInt32(), item.GetProperty("e").GetInt64(), item.GetProperty("el").GetString()!)
            {
                Index = item.GetProperty("i").GetInt32(),
                JobKey = item.TryGetProperty("j", out var job) ? job.GetInt64() : null,
                UserTaskKey = item.TryGetProperty("tk", out var task) ? task.GetInt64() : null,
                StartEventId = item.TryGetProperty("se", out var start) ? start.GetString() : null,
            };
            if (item.TryGetProperty("sv", out _))
            {
                run.StartVariables = new VariableMap();
                InstanceStateSerializer.ReadVariables(item, "sv", run.StartVariables);
            }

            if (item.TryGetProperty("inc", out var incident))
            {
                run.Incident = new IncidentInfo(
                    incident.GetProperty("k").GetInt64(),
                    (IncidentErrorType)incident.GetProperty("t").GetInt32(),
                    incident.GetProperty("m").GetString()!,
                    (ElementState)incident.GetProperty("f").GetInt32());
            }

            state.AddListenerRun(run);
        }
    }
}
