using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace ProzessEngine.Core.Forms;

/// <summary>One step of a value path: a property name (from a key such as "antrag.plz") or a list index (a row of a dynamic list).</summary>
internal readonly record struct PathSegment(string? Key, int Index)
{
    public static PathSegment Property(string key) => new(key, -1);

    public static PathSegment Row(int index) => new(null, index);

    /// <summary>The index this step takes in a list: a row, or a property name of digits ("0"), as in JavaScript.</summary>
    public bool TryIndex(out int index)
    {
        if (Key is null)
        {
            index = Index;
            return true;
        }

        return int.TryParse(Key, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }
}

/// <summary>
/// Reads and writes form data along value paths the way form-js does (min-dash's get and set): a missing step reads
/// as "not there", writing creates the objects and lists on the way (a list where the next step is a number), and
/// writing "not there" removes the entry. A removed list item reads as null: JSON has no holes.
/// </summary>
internal static class FormDataPath
{
    public static bool TryGet(JsonNode? root, IReadOnlyList<PathSegment> path, out JsonNode? value)
    {
        value = root;
        foreach (var segment in path)
        {
            switch (value)
            {
                case JsonObject obj when segment.Key is not null:
                    if (!obj.TryGetPropertyValue(segment.Key, out value))
                    {
                        return false;
                    }

                    break;
                case JsonArray list when segment.TryIndex(out var index):
                    if (index < 0 || index >= list.Count)
                    {
                        value = null;
                        return false;
                    }

                    value = list[index];
                    break;
                default:
                    value = null;
                    return false;
            }
        }

        return true;
    }

    public static JsonNode? Get(JsonNode? root, IReadOnlyList<PathSegment> path) => TryGet(root, path, out var value) ? value : null;

    /// <summary>Sets <paramref name="value"/> (copied into the tree) at the path, creating what is missing on the way.</summary>
    public static void Set(JsonObject root, IReadOnlyList<PathSegment> path, JsonNode? value)
    {
        if (path.Count == 0)
        {
            return;
        }

        JsonNode current = root;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var next = Child(current, path[i]);
            if (next is null)
            {
                next = path[i + 1].TryIndex(out _) ? new JsonArray() : new JsonObject();
                if (!Put(current, path[i], next))
                {
                    return;
                }
            }
            else if (next is JsonValue)
            {
                // JavaScript would write into a string or number and lose it; there is nothing to keep.
                return;
            }

            current = next;
        }

        Put(current, path[^1], JsValues.Copy(value));
    }

    /// <summary>Removes the entry at the path; a list item becomes null.</summary>
    public static void Remove(JsonObject root, IReadOnlyList<PathSegment> path)
    {
        if (path.Count == 0 || !TryGet(root, path.Take(path.Count - 1).ToList(), out var parent))
        {
            return;
        }

        switch (parent)
        {
            case JsonObject obj when path[^1].Key is { } key:
                obj.Remove(key);
                break;
            case JsonArray list when path[^1].TryIndex(out var index) && index >= 0 && index < list.Count:
                list[index] = null;
                break;
        }
    }

    /// <summary>"antrag.plz", "positionen[1].betrag": how the API names the place of a value.</summary>
    public static string Describe(IReadOnlyList<PathSegment> path)
    {
        var text = new StringBuilder();
        foreach (var segment in path)
        {
            if (segment.Key is null)
            {
                text.Append('[').Append(segment.Index.ToString(CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                if (text.Length > 0)
                {
                    text.Append('.');
                }

                text.Append(segment.Key);
            }
        }

        return text.ToString();
    }

    private static JsonNode? Child(JsonNode node, PathSegment segment) => node switch
    {
        JsonObject obj when segment.Key is not null => obj[segment.Key],
        JsonArray list when segment.TryIndex(out var index) && index >= 0 && index < list.Count => list[index],
        _ => null,
    };

    private static bool Put(JsonNode node, PathSegment segment, JsonNode? value)
    {
        switch (node)
        {
            case JsonObject obj when segment.Key is not null:
                obj[segment.Key] = value;
                return true;
            case JsonArray list when segment.TryIndex(out var index) && index >= 0 && index <= 100_000:
                while (list.Count <= index)
                {
                    list.Add(null);
                }

                list[index] = value;
                return true;
            case JsonObject obj when segment.Key is null:
                obj[segment.Index.ToString(CultureInfo.InvariantCulture)] = value;
                return true;
            default:
                return false;
        }
    }
}
