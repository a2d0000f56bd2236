using System.Xml.Linq;

namespace ProzessEngine.Bpmn.Parsing;

/// <summary>
/// The document task (<see cref="DocumentTask"/>), which the engine runs itself: its headers are checked at
/// deployment, naming the element and the header, so that a letter that cannot be rendered never deploys. Whether the
/// template is deployed is checked by the deployment, which knows the other resources.
/// </summary>
internal sealed partial class ProcessReader
{
    private void CheckDocumentTask(XElement element, string id, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var headerElements = Zeebe(element, "taskHeaders")?.Elements(Namespaces.Zeebe + "header").ToList() ?? [];
        XElement At(string key) => headerElements.FirstOrDefault(e => ((string?)e.Attribute("key"))?.Trim() == key) ?? element;
        if (!headers.Any(h => h.Key == DocumentTask.TemplateIdHeader && h.Value.Trim().Length > 0))
        {
            Error(element, id, $"The document task needs the header '{DocumentTask.TemplateIdHeader}' naming its Scriban template "
                + "(the file name of a .scriban resource without the extension, e.g. bescheid for bescheid.scriban).");
        }

        foreach (var (key, rawValue) in headers)
        {
            var value = rawValue.Trim();
            switch (key)
            {
                case var _ when !DocumentTask.Headers.Contains(key):
                    Error(At(key), id, $"The document task does not know the header '{key}'; expected {string.Join(", ", DocumentTask.Headers.Order(StringComparer.Ordinal))}.");
                    break;
                case DocumentTask.TemplateIdHeader when value.StartsWith('='):
                    Error(At(key), id, "The document task's header 'templateId' must name the template, not a FEEL expression: the template is checked at deployment.");
                    break;
                case DocumentTask.TemplateIdHeader when value.EndsWith(DocumentTask.TemplateExtension, StringComparison.OrdinalIgnoreCase):
                    Error(At(key), id, $"The document task's header 'templateId' is '{value}'; give the template id without '{DocumentTask.TemplateExtension}' "
                        + $"('{value[..^DocumentTask.TemplateExtension.Length]}').");
                    break;
                case DocumentTask.FormatHeader when !DocumentTask.Formats.Contains(value):
                    Error(At(key), id, $"The document task's header 'format' is '{value}'; expected html or pdf.");
                    break;
                case DocumentTask.BindingTypeHeader when !DocumentTask.BindingTypes.Contains(value):
                    Error(At(key), id, $"The document task's header 'bindingType' is '{value}'; expected latest or deployment.");
                    break;
                case DocumentTask.LayoutHeader when value.Length > 0 && !DocumentTask.Layouts.Contains(value):
                    Error(At(key), id, $"The document task's header 'layout' is '{value}'; the engine ships the layouts {string.Join(", ", DocumentTask.Layouts)}.");
                    break;
                case DocumentTask.ResultVariableHeader when value.Length > 0 && !IsVariableName(value):
                    Error(At(key), id, $"The document task's header 'resultVariable' is '{value}', which is not a variable name.");
                    break;
                case DocumentTask.FileNameHeader when value.Length > 0 && !IsFileName(value):
                    Error(At(key), id, $"The document task's header 'fileName' is '{value}'; give a plain file name without folders or control characters "
                        + "(at most 255 characters).");
                    break;
            }
        }
    }

    private static bool IsFileName(string name) =>
        name.Length <= 255 && name.IndexOfAny(['/', '\\']) < 0 && !name.Any(char.IsControl) && name.Trim('.').Length > 0;
}
