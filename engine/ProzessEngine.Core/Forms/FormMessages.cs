using System.Globalization;
using System.Text;

namespace ProzessEngine.Core.Forms;

public enum FormLanguage
{
    German,
    English,
}

/// <summary>
/// The messages of form errors. English is form-js's own wording, word for word, so that a message reads the same in
/// the browser and in the API; German is the designer's translation of it (designer/src/features/task-list/
/// form-messages.ts says the same), with numbers written the German way. The shared cases in
/// tests/forms-validation-cases hold both sides to these texts.
/// </summary>
public static class FormMessages
{
    public static string Format(FormFieldError error, FormLanguage language)
    {
        ArgumentNullException.ThrowIfNull(error);
        var a = error.Arguments;
        string Arg(int i) => i < a.Length ? a[i] : "";
        string Number(int i) => language == FormLanguage.German ? GermanNumber(Arg(i)) : Arg(i);
        var english = language == FormLanguage.English;
        return error.Code switch
        {
            FormErrorCode.Required => english ? "Field is required." : "Dieses Feld ist ein Pflichtfeld.",
            FormErrorCode.Pattern when a.Length > 1 && a[1].Length > 0 => a[1],
            FormErrorCode.Pattern => english ? $"Field must match pattern {Arg(0)}." : $"Die Eingabe muss dem Muster {Arg(0)} entsprechen.",
            FormErrorCode.Min => english ? $"Field must have minimum value of {Arg(0)}." : $"Der Wert muss mindestens {Number(0)} betragen.",
            FormErrorCode.Max => english ? $"Field must have maximum value of {Arg(0)}." : $"Der Wert darf höchstens {Number(0)} betragen.",
            FormErrorCode.MinInvalid => english ? "Min validation value is not a valid number." : "Der Wert oder sein Mindestwert ist keine gültige Zahl.",
            FormErrorCode.MaxInvalid => english ? "Max validation value is not a valid number." : "Der Wert oder sein Höchstwert ist keine gültige Zahl.",
            FormErrorCode.MinLength => english ? $"Field must have minimum length of {Arg(0)}." : $"Die Eingabe muss mindestens {Number(0)} Zeichen lang sein.",
            FormErrorCode.MaxLength => english ? $"Field must have maximum length of {Arg(0)}." : $"Die Eingabe darf höchstens {Number(0)} Zeichen lang sein.",
            FormErrorCode.Phone => english
                ? "Field must be a valid  international phone number. (e.g. +4930664040900)"
                : "Bitte geben Sie eine gültige internationale Telefonnummer ein (z. B. +4930664040900).",
            FormErrorCode.Email => english ? "Field must be a valid email." : "Bitte geben Sie eine gültige E-Mail-Adresse ein.",
            FormErrorCode.NotANumber => english ? "Value is not a number." : "Der Wert ist keine Zahl.",
            FormErrorCode.DecimalDigits => Digits(Arg(0), english),
            FormErrorCode.Increment => english
                ? $"Please select a valid value, the two nearest valid values are {Arg(0)} and {Arg(1)}."
                : $"Bitte wählen Sie einen gültigen Wert; die nächsten gültigen Werte sind {Number(0)} und {Number(1)}.",
            FormErrorCode.NotText => english ? "Value must be text." : "Der Wert muss ein Text sein.",
            FormErrorCode.NotBoolean => english ? "Value must be true or false." : "Der Wert muss ja oder nein (true oder false) sein.",
            FormErrorCode.NotList => english ? "Value must be a list." : "Der Wert muss eine Liste sein.",
            FormErrorCode.NotAnOption => english ? "Value is not one of the options." : "Der Wert ist keine der angebotenen Möglichkeiten.",
            FormErrorCode.NotADate => DateFormat(Arg(0), english),
            FormErrorCode.PastDate => english ? "Date must not be in the past." : "Das Datum darf nicht in der Vergangenheit liegen.",
            FormErrorCode.ReadOnly => english ? "Field is read-only and cannot be changed." : "Das Feld ist schreibgeschützt und kann nicht geändert werden.",
            FormErrorCode.Disabled => english ? "Field is disabled and cannot be changed." : "Das Feld ist gesperrt und kann nicht geändert werden.",
            FormErrorCode.Unknown => english ? "The form has no such field." : "Das Formular hat kein solches Feld.",
            FormErrorCode.NotAnObject => english ? "Value must be an object with the form's fields." : "Der Wert muss ein Objekt mit den Feldern des Formulars sein.",
            FormErrorCode.NotRows => english ? "Value must be a list of entries (objects)." : "Der Wert muss eine Liste von Einträgen (Objekten) sein.",
            FormErrorCode.RowCount => english ? "Entries cannot be added or removed." : "Einträge können hier weder hinzugefügt noch entfernt werden.",
            _ => error.Code.ToString(),
        };
    }

    /// <summary>"7350.2" → "7.350,2": a plain decimal number the German way; anything else (1e+21, text) as it is.</summary>
    public static string GermanNumber(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var negative = text.StartsWith('-');
        var body = negative ? text[1..] : text;
        var point = body.IndexOf('.', StringComparison.Ordinal);
        var whole = point >= 0 ? body[..point] : body;
        var fraction = point >= 0 ? body[(point + 1)..] : null;
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (fraction is not null && (fraction.Length == 0 || !fraction.All(char.IsAsciiDigit))))
        {
            return text;
        }

        var grouped = new StringBuilder(negative ? "-" : "");
        for (var i = 0; i < whole.Length; i++)
        {
            if (i > 0 && (whole.Length - i) % 3 == 0)
            {
                grouped.Append('.');
            }

            grouped.Append(whole[i]);
        }

        return fraction is null ? grouped.ToString() : grouped.Append(',').Append(fraction).ToString();
    }

    private static string Digits(string digits, bool english)
    {
        var count = int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        if (english)
        {
            return "Value is expected to " + (count == 0 ? "be an integer" : $"have at most {digits} decimal digit{(count > 1 ? "s" : "")}") + ".";
        }

        return count switch
        {
            0 => "Der Wert muss eine ganze Zahl sein.",
            1 => "Der Wert darf höchstens eine Nachkommastelle haben.",
            _ => $"Der Wert darf höchstens {digits} Nachkommastellen haben.",
        };
    }

    private static string DateFormat(string subtype, bool english) => subtype switch
    {
        "time" => english ? "Value must be a time (hh:mm)." : "Bitte geben Sie eine gültige Uhrzeit ein (hh:mm).",
        "datetime" => english ? "Value must be a date and time (YYYY-MM-DDThh:mm)." : "Bitte geben Sie Datum und Uhrzeit gültig ein (JJJJ-MM-TTThh:mm).",
        _ => english ? "Value must be a date (YYYY-MM-DD)." : "Bitte geben Sie ein gültiges Datum ein (JJJJ-MM-TT).",
    };
}
