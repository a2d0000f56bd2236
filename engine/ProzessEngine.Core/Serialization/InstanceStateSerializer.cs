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
    private const int FormatVersion = 1;

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
        writer.WriteNumber("v", FormatVersion);
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

        writer.WriteEndObject();
    }

    public static ProcessInstanceState Deserialize(ReadOnlySpan<byte> utf8Json)
    {
        using var document = JsonDocument.Parse(utf8Json.ToArray());
        return Read(document.RootElement);
    }

    public static ProcessInstanceState Read(JsonElement root)
    {
        var version = root.GetProperty("v").GetInt32();
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Instance state format {version} is not supported (expected {FormatVersion}).");
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
            foreach (var item in elements.EnumerateArray())
            {
                state.Add(ReadElement(item));
            }
        }

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
        writer.WriteString("e", element.ElementId);
        writer.WriteNumber("s", element.ScopeKey);
        writer.WriteNumber("st", (int)element.State);
        WriteOptional(writer, "tk", element.UserTaskKey);
        WriteOptional(writer, "jk", element.JobKey);
        WriteOptional(writer, "tm", element.TimerKey);
        if (element.Variables is { Count: > 0 })
        {
            WriteVariables(writer, "vars", element.Variables);
        }

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
            TimerKey = ReadOptional(item, "tm"),
        };
        if (item.TryGetProperty("vars", out _))
        {
            ReadVariables(item, "vars", element.EnsureVariables());
        }

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

    private static void WriteVariables(Utf8JsonWriter writer, string name, VariableMap variables)
    {
        writer.WriteStartObject(name);
        foreach (var (key, value) in variables.Entries)
        {
            writer.WritePropertyName(key);
            FeelJson.Write(writer, value);
        }

        writer.WriteEndObject();
    }

    private static void ReadVariables(JsonElement owner, string name, VariableMap target)
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
