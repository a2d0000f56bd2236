using System.Collections.Frozen;

namespace ProzessEngine.Bpmn;

/// <summary>
/// The engine's document task (a letter, a Bescheid): a service task of job type <c>prozessengine:document</c> whose
/// zeebe:taskHeaders name a Scriban template deployed with the process. The engine renders it itself after the
/// command committed; these are the names the deployment check, the host's renderer and the designer's element
/// template share.
/// </summary>
public static class DocumentTask
{
    public const string JobType = "prozessengine:document";

    /// <summary>The template's id: its resource's file name without <c>.scriban</c> (required).</summary>
    public const string TemplateIdHeader = "templateId";

    /// <summary><c>latest</c> (default) or <c>deployment</c>, as for linked forms.</summary>
    public const string BindingTypeHeader = "bindingType";

    /// <summary><c>html</c> (default) or <c>pdf</c>.</summary>
    public const string FormatHeader = "format";

    /// <summary>The document's file name; default the template id with the format's extension.</summary>
    public const string FileNameHeader = "fileName";

    /// <summary>The variable that receives the document's reference (key, file name, content type, size).</summary>
    public const string ResultVariableHeader = "resultVariable";

    /// <summary>A layout shipped with the engine that wraps the rendered text (<c>din5008</c>); none by default.</summary>
    public const string LayoutHeader = "layout";

    public const string TemplateExtension = ".scriban";

    public static FrozenSet<string> Headers { get; } = new[]
    {
        TemplateIdHeader, BindingTypeHeader, FormatHeader, FileNameHeader, ResultVariableHeader, LayoutHeader,
    }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> Formats { get; } = new[] { "html", "pdf" }.ToFrozenSet(StringComparer.Ordinal);

    public static FrozenSet<string> BindingTypes { get; } = new[] { "latest", "deployment" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The layouts the engine ships; a template includes one by name (<c>{{ include 'din5008' }}</c>) or a task names it.</summary>
    public static FrozenSet<string> Layouts { get; } = new[] { "din5008" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>A template id as a resource name gives it: the file name without <c>.scriban</c>.</summary>
    public static string? TemplateIdOf(string resourceName) =>
        resourceName.EndsWith(TemplateExtension, StringComparison.OrdinalIgnoreCase) && resourceName.Length > TemplateExtension.Length
            ? resourceName[..^TemplateExtension.Length]
            : null;
}
