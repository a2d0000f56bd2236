namespace ProzessEngine.Persistence;

/// <summary>
/// What a deployed resource may be called. The name is stored, listed and shown to people and is handed back by the
/// API, so it is a plain file name: no folders (a name with '../' would read as a path wherever someone saves the
/// resource under it), no control characters (they hide text in logs and lists), and no longer than a file system allows.
/// </summary>
internal static class ResourceNames
{
    public const int MaxLength = 255;

    /// <summary>What is wrong with the name, or null when it may be used.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "The resource has no file name; send each file with its name (e.g. antrag.bpmn).";
        }

        if (name.Length > MaxLength)
        {
            return $"The resource name is {name.Length:N0} characters long, more than the limit of {MaxLength}.";
        }

        if (name.IndexOfAny(['/', '\\']) >= 0)
        {
            return "The resource name must be a file name without folders (such as antrag.bpmn); '/' and '\\' are not allowed.";
        }

        if (name.Any(char.IsControl))
        {
            return "The resource name contains control characters (such as line breaks or tabs), which are not allowed.";
        }

        return name.Trim('.').Length == 0 ? "The resource name must be a file name, not '.' or '..'." : null;
    }

    /// <summary>The name as a problem may repeat it: cut to a readable length, control characters shown as '?'.</summary>
    public static string Shorten(string? name)
    {
        var text = new string([.. (name ?? "").Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
        return name is { Length: > 80 } ? text + "…" : text;
    }
}
