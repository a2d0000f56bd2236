using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProzessEngine.Core;
using ProzessEngine.Core.Journal;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// Appends journal entries hash-chained per instance: each hash covers the entry's content and the previous hash, so
/// changing or removing any stored entry breaks every later link.
/// </summary>
public static class JournalChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    internal static void Append(EngineDbContext context, ProcessInstanceEntity instance, string command, CommandActor actor, DateTimeOffset at,
        IReadOnlyList<JournalEvent> events)
    {
        var entry = new JournalEntryEntity
        {
            ProcessInstanceKey = instance.Key,
            Sequence = instance.JournalSequence + 1,
            At = at.ToUniversalTime(),
            Actor = actor.ToString(),
            Command = command,
            Events = SerializeEvents(events),
            PreviousHash = instance.JournalHash,
            Hash = "",
        };
        entry.Hash = ComputeHash(entry);
        instance.JournalSequence = entry.Sequence;
        instance.JournalHash = entry.Hash;
        context.Journal.Add(entry);
    }

    public static string ComputeHash(JournalEntryEntity entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var text = string.Join('\n',
            entry.PreviousHash,
            entry.ProcessInstanceKey.ToString(CultureInfo.InvariantCulture),
            entry.Sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.UtcTicks.ToString(CultureInfo.InvariantCulture),
            entry.Actor,
            entry.Command,
            entry.Events);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    private static string SerializeEvents(IReadOnlyList<JournalEvent> events)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                writer.WriteStartObject();
                writer.WriteString("kind", e.Kind.ToString());
                if (e.ElementId is not null)
                {
                    writer.WriteString("elementId", e.ElementId);
                }

                if (e.ElementInstanceKey is { } key)
                {
                    writer.WriteString("elementInstanceKey", key.ToString(CultureInfo.InvariantCulture));
                }

                if (e.Detail is not null)
                {
                    writer.WriteString("detail", e.Detail);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
