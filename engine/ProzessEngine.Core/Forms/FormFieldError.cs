using System.Collections.Immutable;

namespace ProzessEngine.Core.Forms;

/// <summary>
/// What is wrong with a value. The first group are form-js's own checks (its messages word them); the others are
/// what the browser never sends because form-js's fields do not let anyone enter it, and the server refuses.
/// </summary>
public enum FormErrorCode
{
    Required,
    Pattern,
    Min,
    Max,
    MinInvalid,
    MaxInvalid,
    MinLength,
    MaxLength,
    Phone,
    Email,
    NotANumber,
    DecimalDigits,
    Increment,

    /// <summary>Text expected (text field, text area).</summary>
    NotText,

    /// <summary>true or false expected (checkbox).</summary>
    NotBoolean,

    /// <summary>A list expected (checkbox group, tag list).</summary>
    NotList,

    /// <summary>Not one of the field's options.</summary>
    NotAnOption,

    /// <summary>No date, time or date-time in the field's format.</summary>
    NotADate,

    /// <summary>A date before today where the field allows none.</summary>
    PastDate,

    /// <summary>A changed value of a read-only field.</summary>
    ReadOnly,

    /// <summary>A changed value of a disabled field.</summary>
    Disabled,

    /// <summary>A value where the form has no field.</summary>
    Unknown,

    /// <summary>Not an object where a group's fields are expected.</summary>
    NotAnObject,

    /// <summary>Not a list of objects where a dynamic list's rows are expected.</summary>
    NotRows,

    /// <summary>Rows added or removed where the dynamic list allows neither.</summary>
    RowCount,
}

/// <summary>
/// One error of one field: where the value is (<see cref="Path"/>, "antrag.plz", "positionen[1].betrag"), which field
/// (form-js's id and the row indexes of the dynamic lists around it, as form-js keys its errors), why, and the
/// values the message names (a limit, a pattern, the author's own message for a pattern).
/// </summary>
public sealed record FormFieldError(string FieldId, string? Label, string Path, ImmutableArray<int> Indexes, FormErrorCode Code,
    ImmutableArray<string> Arguments)
{
    public string Message(FormLanguage language) => FormMessages.Format(this, language);
}
