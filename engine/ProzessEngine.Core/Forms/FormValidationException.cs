namespace ProzessEngine.Core.Forms;

/// <summary>Submitted variables that the form refuses, with every field's error; nothing was changed (maps to HTTP 400).</summary>
public sealed class FormValidationException(string formId, IReadOnlyList<FormFieldError> errors)
    : Exception($"The data does not fit the form '{formId}': "
        + string.Join("; ", errors.Select(e => $"{(e.Path.Length > 0 ? e.Path : e.FieldId)}: {e.Message(FormLanguage.English)}")))
{
    public string FormId { get; } = formId;

    public IReadOnlyList<FormFieldError> Errors { get; } = errors;
}
