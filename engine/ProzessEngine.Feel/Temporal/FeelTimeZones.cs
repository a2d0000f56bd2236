using System.Collections.Concurrent;

namespace ProzessEngine.Feel.Temporal;

/// <summary>
/// IANA zone lookup and offset resolution. TimeZoneInfo covers years 1..9999; outside that range the
/// offset at the nearest covered day is used (zones had constant local mean time offsets there).
/// Local times in a gap move forward by the gap, ambiguous local times take the earlier offset.
/// </summary>
internal static class FeelTimeZones
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);
    private static readonly long MinSupportedDay = FeelDate.DaysFromCivil(1, 1, 2);
    private static readonly long MaxSupportedDay = FeelDate.DaysFromCivil(9999, 12, 30);
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;

    public static bool TryFind(string id, out TimeZoneInfo zone)
    {
        zone = TimeZoneInfo.Utc;
        if (string.IsNullOrWhiteSpace(id) || id.Length > 64 || !IsPlausibleId(id))
        {
            return false;
        }

        if (Cache.Count > 2000)
        {
            Cache.Clear();
        }

        var found = Cache.GetOrAdd(id, static key =>
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(key);
            }
            catch (TimeZoneNotFoundException)
            {
                return null;
            }
            catch (InvalidTimeZoneException)
            {
                return null;
            }
        });
        if (found is null)
        {
            return false;
        }

        zone = found;
        return true;
    }

    private static bool IsPlausibleId(string id)
    {
        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or '_' or '-' or '+'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The zone id FEEL shows for a host zone (IANA id when there is one).</summary>
    public static string IdOf(TimeZoneInfo zone)
    {
        if (zone.HasIanaId)
        {
            return zone.Id;
        }

        return TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana) ? iana : zone.Id;
    }

    public static int OffsetAtInstant(TimeZoneInfo zone, Int128 instantNanos)
    {
        var day = (long)FeelDateTime.Int128FloorDivide(instantNanos, TemporalUnits.NanosPerDay);
        var nanos = (long)(instantNanos - ((Int128)day * TemporalUnits.NanosPerDay));
        var utc = ToDateTime(day, nanos, DateTimeKind.Utc);
        return (int)zone.GetUtcOffset(utc).TotalSeconds;
    }

    public static FeelDateTime AtInstant(Int128 instantNanos, string zoneId, TimeZoneInfo zone)
    {
        var offset = OffsetAtInstant(zone, instantNanos);
        var local = instantNanos + ((Int128)offset * TemporalUnits.NanosPerSecond);
        return FeelDateTime.FromLocalNanos(local, offset, true, zoneId);
    }

    /// <summary>Resolves a local date and time in a zone to a zoned value.</summary>
    public static FeelDateTime ResolveLocal(long epochDay, long nanos, string zoneId, TimeZoneInfo zone)
    {
        var local = ((Int128)epochDay * TemporalUnits.NanosPerDay) + nanos;
        var before = OffsetAtInstant(zone, local - TemporalUnits.NanosPerDay);
        var after = OffsetAtInstant(zone, local + TemporalUnits.NanosPerDay);
        var beforeValid = IsValidOffset(zone, local, before);
        var afterValid = IsValidOffset(zone, local, after);
        int offset;
        if (beforeValid && afterValid)
        {
            offset = Math.Max(before, after);
        }
        else if (beforeValid)
        {
            offset = before;
        }
        else if (afterValid)
        {
            offset = after;
        }
        else
        {
            // In a gap: keep the instant the earlier offset gives, which moves the local time forward.
            return AtInstant(local - ((Int128)before * TemporalUnits.NanosPerSecond), zoneId, zone);
        }

        return FeelDateTime.FromLocalNanos(local, offset, true, zoneId);
    }

    private static bool IsValidOffset(TimeZoneInfo zone, Int128 localNanos, int offset) =>
        OffsetAtInstant(zone, localNanos - ((Int128)offset * TemporalUnits.NanosPerSecond)) == offset;

    private static DateTime ToDateTime(long epochDay, long nanos, DateTimeKind kind)
    {
        if (epochDay < MinSupportedDay)
        {
            epochDay = MinSupportedDay;
        }
        else if (epochDay > MaxSupportedDay)
        {
            epochDay = MaxSupportedDay;
        }

        var ticks = UnixEpochTicks + (epochDay * TimeSpan.TicksPerDay) + (nanos / 100);
        return new DateTime(ticks, kind);
    }
}
