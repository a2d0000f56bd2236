using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ProzessEngine.Core.Journal;
using ProzessEngine.Persistence.Entities;

namespace ProzessEngine.Persistence.Stores;

/// <summary>
/// Hash-chains journal entries per instance: each hash covers the entry's content and the previous hash, so changing
/// or removing any stored entry breaks every later link.
/// </summary>
/// <remarks>
/// The instant enters the hash as its UTC ticks (100 ns). Since December 2026 an entry's instant is cut to microseconds
/// before it is hashed and stored (<see cref="StoredInstant"/>), so the stored value is the hashed one on both databases,
/// and the text hashed is unchanged: no format marker is needed. Entries written earlier on SQLite kept their ticks
/// and verify as they are. Entries written earlier on PostgreSQL were hashed over ticks that timestamptz cut to
/// microseconds (Npgsql drops the rest): <see cref="Verifies"/> accepts such an entry when one of the ten instants that
/// the stored microsecond stands for gives its hash. That leaves the sub-microsecond digit of old entries unproven,
/// nothing else.
/// </remarks>
public static class JournalChain
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(JournalEntryEntity entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.PreviousHash, entry.ProcessInstanceKey, entry.Sequence, entry.At, entry.Actor, entry.Command, entry.Events,
            entry.OnBehalfOf);
    }

    /// <summary>Whether the entry's hash matches its content (for entries written before instants were cut, see the remarks).</summary>
    public static bool Verifies(JournalEntryEntity entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (ComputeHash(entry) == entry.Hash)
        {
            return true;
        }

        if (entry.At.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
        {
            return false;
        }

        for (var lost = 1; lost < TimeSpan.TicksPerMicrosecond; lost++)
        {
            if (ComputeHash(entry.PreviousHash, entry.ProcessInstanceKey, entry.Sequence, entry.At.AddTicks(lost), entry.Actor, entry.Command,
                    entry.Events, entry.OnBehalfOf) == entry.Hash)
            {
                return true;
            }
        }

        return false;
    }

    /// <param name="onBehalfOf">
    /// Whom a deputy acted for. It is hashed only when set, so that every entry written before substitutions existed
    /// still verifies; the events are JSON without raw line breaks, so the extra line cannot be forged from them.
    /// </param>
    public static string ComputeHash(string previousHash, long processInstanceKey, int sequence, DateTimeOffset at, string actor, string command,
        string events, string? onBehalfOf = null)
    {
        var text = string.Join('\n',
            previousHash,
            processInstanceKey.ToString(CultureInfo.InvariantCulture),
            sequence.ToString(CultureInfo.InvariantCulture),
            at.UtcTicks.ToString(CultureInfo.InvariantCulture),
            actor,
            command,
            events);
        if (onBehalfOf is not null)
        {
            text += "\nonBehalfOf:" + onBehalfOf;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    internal static string SerializeEvents(IReadOnlyList<JournalEvent> events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
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

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
