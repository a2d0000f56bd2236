using Microsoft.Net.Http.Headers;
using ProzessEngine.Core.Forms;

namespace ProzessEngine.Host.Http;

/// <summary>One field's error in a 400 answer to form data: where, which field, why, in the caller's language.</summary>
/// <param name="Field">The request field at fault: "variables.antrag.plz", "variables.positionen[1].betrag".</param>
/// <param name="Path">The value's path in the form's data: "antrag.plz".</param>
/// <param name="FieldId">The form-js field's id ("" for a value the form has no field for).</param>
/// <param name="Label">The field's label, as the form shows it.</param>
/// <param name="Code">Why, for programs: form-js's check (required, pattern, min, ...) or the server's (notText, notAnOption, unknown, ...).</param>
/// <param name="Message">Why, for people: form-js's wording in English, the task list's in German.</param>
public sealed record FormErrorView(string Field, string Path, string FieldId, string? Label, string Code, string Message);

/// <summary>
/// How form errors are answered: German unless the caller prefers English (Accept-Language), the messages form-js
/// shows in the browser (English) or the task list's translation of them (German).
/// </summary>
internal static class FormErrors
{
    public static FormLanguage Language(HttpRequest request)
    {
        var preferences = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is not 0)
            .OrderByDescending(l => l.Quality ?? 1);
        foreach (var preference in preferences)
        {
            var tag = preference.Value.Value ?? "";
            if (tag.StartsWith("de", StringComparison.OrdinalIgnoreCase))
            {
                return FormLanguage.German;
            }

            if (tag.StartsWith("en", StringComparison.OrdinalIgnoreCase))
            {
                return FormLanguage.English;
            }
        }

        return FormLanguage.German;
    }

    public static string Title(FormLanguage language) => language == FormLanguage.English ? "Invalid form data" : "Formulardaten ungültig";

    public static string Detail(FormValidationException exception, FormLanguage language)
    {
        var count = exception.Errors.Count;
        return language == FormLanguage.English
            ? $"The data does not fit the form '{exception.FormId}': {count} {(count == 1 ? "error" : "errors")}. Nothing was changed."
            : $"Die Angaben passen nicht zum Formular „{exception.FormId}“: {count} Fehler. Es wurde nichts geändert.";
    }

    public static IReadOnlyList<FormErrorView> Entries(FormValidationException exception, FormLanguage language) =>
        [.. exception.Errors.Select(e => new FormErrorView("variables." + e.Path, e.Path, e.FieldId, e.Label,
            System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.Code.ToString()), e.Message(language)))];
}
