using System.Buffers;
using System.Text.Json;
using ProzessEngine.Core.State;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Serialization;

/// <summary>
/// Compact JSON for an instance's state: short property names, instants as UTC ticks, variables as their JSON values.
/// A waiting instance of a small process stays well under 1 KB.
/// </summary>
public static class InstanceStateSerializer
{
    /// <summary>
    /// 2 adds subscriptions, compensation records, the parent link and multi-instance state; version 1 states (the
    /// walking skeleton's) are still read. A reader of version 1 rejects version 2 instead of silently dropping them.
    /// 3 adds work left for a following command (a pending continuation and triggers not yet consumed); it is written
    /// only when the state holds such work, so that nodes still reading 2 refuse exactly those states and no others.
    /// Elements carry their creation order ("o"); a reader without it loses nothing but that order, and a state without
    /// it (written while keys still grew with creation) takes it from the keys.
    /// </summary>
    private const int FormatVersion = 3;

    private const int FormatWithoutPendingWork = 2;

    /// <summary>
    /// 4 adds listener state (listener phases, held-up task transitions, listener runs, job kinds). It is written only
    /// when the state has some, so nodes that read format 2 or 3 keep reading every instance without listeners.
    /// </summary>
    private const int ListenerFormatVersion = 4;

    public static byte[] Serialize(ProcessInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, state);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, ProcessInstanceState state)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(state);
        writer.WriteStartObject();
        writer.WriteNumber("v", ListenerStateSerializer.UsesListeners(state) ? ListenerFormatVersion
            : HasPendingWork(state) ? FormatVersion : FormatWithoutPendingWork);
        writer.WriteNumber("k", state.Key);
        writer.WriteNumber("d", state.DefinitionKey);
        writer.WriteString("p", state.ProcessId);
        writer.WriteNumber("pv", state.Version);
        writer.WriteString("t", state.TenantId);
        writer.WriteNumber("s", (int)state.Status);
        writer.WriteNumber("st", state.StartedAt.UtcTicks);
        if (state.EndedAt is { } ended)
        {
            writer.WriteNumber("et", ended.UtcTicks);
        }

        WriteVariables(writer, "vars", state.Variables);
        if (state.Elements.Count > 0)
        {
            writer.WriteStartArray("el");
            foreach (var element in state.Elements)
            {
                WriteElement(writer, element);
            }

            writer.WriteEndArray();
        }

        if (state.JoinTokens.Count > 0)
        {
            writer.WriteStartArray("j");
            foreach (var (join, count) in state.JoinTokens)
            {
                writer.WriteStartObject();
                writer.WriteNumber("s", join.ScopeKey);
                writer.WriteString("f", join.FlowId);
                writer.WriteNumber("n", count);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (state.Subscriptions.Count > 0)
        {
            writer.WriteStartArray("sub");
            foreach (var subscription in state.Subscriptions)
            {
                WriteSubscription(writer, subscription);
            }

            writer.WriteEndArray();
        }

        if (state.Compensations.Count > 0)
        {
            writer.WriteStartArray("cmp");
            foreach (var record in state.Compensations)
            {
                writer.WriteStartObject();
                writer.WriteNumber("s", record.ScopeKey);
                writer.WriteString("a", record.ActivityId);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (state.Continuation is { } continuation)
        {
            writer.WriteStartObject("cont");
            writer.WriteNumber("n", continuation.ActivationsWithoutWait);
            if (continuation.Depth > 0)
            {
                writer.WriteNumber("dp", continuation.Depth);
            }

            writer.WriteEndObject();
        }

        if (state.Depth > 0)
        {
            writer.WriteNumber("dp", state.Depth);
        }

        ListenerStateSerializer.WriteRuns(writer, state);
        if (state.Parent is { } parent)
        {
            writer.WriteStartObject("par");
            writer.WriteNumber("i", parent.ProcessInstanceKey);
            writer.WriteNumber("e", parent.ElementInstanceKey);
            writer.WriteString("el", parent.ElementId);
            if (parent.CatchesAllErrors)
            {
                writer.WriteBoolean("all", true);
            }

            if (parent.CatchableErrorCodes.Count > 0)
            {
                writer.WriteStartArray("codes");
                foreach (var code in parent.CatchableErrorCodes)
                {
                    writer.WriteStringValue(code);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static bool HasPendingWork(ProcessInstanceState state)
    {
        if (state.Continuation is not null)
        {
            return true;
        }

        foreach (var element in state.Elements)
        {
            if (element.Trigger is not null)
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteSubscription(Utf8JsonWriter writer, EventSubscription subscription)
    {
        writer.WriteStartObject();
        writer.WriteNumber("k", subscription.Key);
        writer.WriteNumber("t", (int)subscription.Kind);
        writer.WriteNumber("o", subscription.OwnerKey);
        writer.WriteString("e", subscription.ElementId);
        if (subscription.DueAt is { } due)
        {
            writer.WriteNumber("d", due.UtcTicks);
        }

        if (subscription.Cycle is { } cycle)
        {
            writer.WriteString("cy", cycle);
            writer.WriteNumber("r", subscription.RemainingRepetitions);
        }

        if (subscription.ConditionWasTrue)
        {
            writer.WriteBoolean("c", true);
        }

        writer.WriteEndObject();
    }

    private static EventSubscription ReadSubscription(JsonElement item) => new(
        item.GetProperty("k").GetInt64(),
        (SubscriptionKind)item.GetProperty("t").GetInt32(),
        item.GetProperty("o").GetInt64(),
        item.GetProperty("e").GetString()!)
    {
        DueAt = item.TryGetProperty("d", out var due) ? new DateTimeOffset(due.GetInt64(), TimeSpan.Zero) : null,
        Cycle = item.TryGetProperty("cy", out var cycle) ? cycle.GetString() : null,
        RemainingRepetitions = item.TryGetProperty("r", out var remaining) ? remaining.GetInt32() : 0,
        ConditionWasTrue = item.TryGetProperty("c", out var condition) && condition.GetBoolean(),
    };

    /// <summary>
    /// Variables sit up to five levels below the top (an element's trigger) and may nest as deep as FEEL writes them
    /// (256 levels); the reader's default of 64 would make an instance with a variable nested 60 levels unreadable.
    /// </summary>
    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 300 };

    public static ProcessInstanceState Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray(), ReadOptions);
        return Read(document.RootElement);
    }

    public static ProcessInstanceState Read(JsonElement root)
    {
        var version = root.GetProperty("v").GetInt32();
        if (version is < 1 or > ListenerFormatVersion)
        {
            throw new InvalidDataException($"Instance state format {version} is not supported (expected at most {ListenerFormatVersion}).");
        }

        var state = new ProcessInstanceState(
            root.GetProperty("k").GetInt64(),
            root.GetProperty("d").GetInt64(),
            root.GetProperty("p").GetString()!,
            root.GetProperty("pv").GetInt32(),
            root.GetProperty("t").GetString()!,
            new DateTimeOffset(root.GetProperty("st").GetInt64(), TimeSpan.Zero));
        DateTimeOffset? ended = root.TryGetProperty("et", out var et) ? new DateTimeOffset(et.GetInt64(), TimeSpan.Zero) : null;
        state.Restore((InstanceStatus)root.GetProperty("s").GetInt32(), ended);
        ReadVariables(root, "vars", state.Variables);

        if (root.TryGetProperty("el", out var elements))
        {
            var read = new List<ElementInstance>(elements.GetArrayLength());
            var withoutOrdinal = false;
            foreach (var item in elements.EnumerateArray())
            {
                var element = ReadElement(item);
                if (item.TryGetProperty("o", out var ordinal))
                {
                    element.Ordinal = ordinal.GetInt64();
                }
                else
                {
                    withoutOrdinal = true;
                }

                read.Add(element);
                if (item.TryGetProperty("tm", out var timer))
                {
                    // Format of the walking skeleton: an intermediate timer kept its key on the element.
                    state.AddSubscription(new EventSubscription(timer.GetInt64(), SubscriptionKind.Timer, element.Key, element.ElementId));
                }
            }

            if (withoutOrdinal)
            {
                // Written before elements carried their creation order, when keys still grew one by one with creation.
                read.Sort((a, b) => a.Key.CompareTo(b.Key));
                for (var i = 0; i < read.Count; i++)
                {
                    read[i].Ordinal = i;
                }
            }

            foreach (var element in read)
            {
                state.RestoreElement(element);
            }
        }

        if (root.TryGetProperty("sub", out var subscriptions))
        {
            foreach (var item in subscriptions.EnumerateArray())
            {
                state.AddSubscription(ReadSubscription(item));
            }
        }

        if (root.TryGetProperty("cmp", out var compensations))
        {
            foreach (var item in compensations.EnumerateArray())
            {
                state.AddCompensation(item.GetProperty("s").GetInt64(), item.GetProperty("a").GetString()!);
            }
        }

        if (root.TryGetProperty("cont", out var continuation))
        {
            state.Continuation = new ContinuationState(continuation.GetProperty("n").GetInt64(),
                continuation.TryGetProperty("dp", out var continuedDepth) ? continuedDepth.GetInt32() : 0);
        }

        if (root.TryGetProperty("par", out var parent))
        {
            state.Parent = new ParentLink(
                parent.GetProperty("i").GetInt64(),
                parent.GetProperty("e").GetInt64(),
                parent.GetProperty("el").GetString()!,
                parent.TryGetProperty("codes", out var codes) ? [.. codes.EnumerateArray().Select(c => c.GetString()!)] : [],
                parent.TryGetProperty("all", out var all) && all.GetBoolean());
        }

        // States written before depths were kept: a child is at least one deep.
        state.Depth = root.TryGetProperty("dp", out var depth) ? depth.GetInt32() : state.Parent is null ? 0 : 1;

        ListenerStateSerializer.ReadRuns(root, state);
        if (root.TryGetProperty("j", out var joins))
        {
            foreach (var join in joins.EnumerateArray())
            {
                state.RestoreJoinToken(join.GetProperty("s").GetInt64(), join.GetProperty("f").GetString()!, join.GetProperty("n").GetInt32());
            }
        }

        return state;
    }

    private static void WriteElement(Utf8JsonWriter writer, ElementInstance element)
    {
        writer.WriteStartObject();
        writer.WriteNumber("k", element.Key);
        writer.WriteNumber("o", element.Ordinal);
        writer.WriteString("e", element.ElementId);
        writer.WriteNumber("s", element.ScopeKey);
        writer.WriteNumber("st", (int)element.State);
        WriteOptional(writer, "tk", element.UserTaskKey);
        WriteOptional(writer, "jk", element.JobKey);
        WriteOptional(writer, "ci", element.ChildInstanceKey);
        if (element.Flags != ElementFlags.None)
        {
            writer.WriteNumber("f", (int)element.Flags);
        }

        if (element.Loop is { } loop)
        {
            writer.WriteStartObject("lp");
            writer.WriteNumber("t", loop.Total);
            writer.WriteNumber("c", loop.Completed);
            if (loop.Terminated > 0)
            {
                writer.WriteNumber("x", loop.Terminated);
            }

            if (loop.NextIndex > 0)
            {
                writer.WriteNumber("n", loop.NextIndex);
                if (!loop.Items.IsNull)
                {
                    writer.WritePropertyName("it");
                    FeelJson.Write(writer, loop.Items);
                }
            }

            writer.WriteEndObject();
        }

        if (element.Variables is { Count: > 0 })
        {
            WriteVariables(writer, "vars", element.Variables);
        }

        if (element.Trigger is { } trigger)
        {
            writer.WriteStartObject("tr");
            if (trigger.Variables is { } variables)
            {
                writer.WriteStartObject("v");
                foreach (var (key, value) in variables)
                {
                    writer.WritePropertyName(key);
                    FeelJson.Write(writer, value);
                }

                writer.WriteEndObject();
            }

            if (trigger.GatewayTargetId is { } target)
            {
                writer.WriteString("g", target);
            }

            writer.WriteEndObject();
        }

        ListenerStateSerializer.WriteElement(writer, element);
        if (element.Incident is { } incident)
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

    private static ElementInstance ReadElement(JsonElement item)
    {
        var element = new ElementInstance(
            item.GetProperty("k").GetInt64(),
            item.GetProperty("e").GetString()!,
            item.GetProperty("s").GetInt64(),
            (ElementState)item.GetProperty("st").GetInt32())
        {
            UserTaskKey = ReadOptional(item, "tk"),
            JobKey = ReadOptional(item, "jk"),
            ChildInstanceKey = ReadOptional(item, "ci"),
            Flags = item.TryGetProperty("f", out var flags) ? (ElementFlags)flags.GetInt32() : ElementFlags.None,
        };
        if (item.TryGetProperty("lp", out var loop))
        {
            element.Loop = new MultiInstanceState
            {
                Total = loop.GetProperty("t").GetInt32(),
                Completed = loop.GetProperty("c").GetInt32(),
                Terminated = loop.TryGetProperty("x", out var terminated) ? terminated.GetInt32() : 0,
                NextIndex = loop.TryGetProperty("n", out var next) ? next.GetInt32() : 0,
                Items = loop.TryGetProperty("it", out var items) ? FeelJson.FromJson(items) : FeelValue.Null,
            };
        }

        if (item.TryGetProperty("vars", out _))
        {
            ReadVariables(item, "vars", element.EnsureVariables());
        }

        if (item.TryGetProperty("tr", out var trigger))
        {
            element.Trigger = new PendingTrigger(
                trigger.TryGetProperty("v", out var variables)
                    ? [.. variables.EnumerateObject().Select(p => new KeyValuePair<string, FeelValue>(p.Name, FeelJson.FromJson(p.Value)))]
                    : null,
                trigger.TryGetProperty("g", out var target) ? target.GetString() : null);
        }

        ListenerStateSerializer.ReadElement(item, element);
        if (item.TryGetProperty("inc", out var incident))
        {
            element.Incident = new IncidentInfo(
                incident.GetProperty("k").GetInt64(),
                (IncidentErrorType)incident.GetProperty("t").GetInt32(),
                incident.GetProperty("m").GetString()!,
                (ElementState)incident.GetProperty("f").GetInt32());
        }

        return element;
    }

    internal static void WriteVariables(Utf8JsonWriter writer, string name, VariableMap variables)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in variables.Entries)
        {
            writer.WritePropertyName(key);
            FeelJson.Write(writer, value);
        }

        writer.WriteEndObject();
    }

    internal static void ReadVariables(JsonElement owner, string name, VariableMap target)
    {
        if (!owner.TryGetProperty(name, out var variables))
        {
            return;
        }

        foreach (var property in variables.EnumerateObject())
        {
            target.Set(property.Name, FeelJson.FromJson(property.Value));
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static long? ReadOptional(JsonElement item, string name) => item.TryGetProperty(name, out var value) ? value.GetInt64() : null;
}
