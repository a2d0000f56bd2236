using System.Text.Json;

namespace ProzessEngine.Host.Http;

/// <summary>Every problem of a request, collected so that the answer names all of them at once.</summary>
internal sealed class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>
    /// A Camunda 8 field the engine does not honour. Absent, null, false, 0, "" or an empty array or object asks for
    /// nothing and passes (Camunda's clients send such defaults); anything else is refused, never ignored.
    /// </summary>
    public void NotSupported(JsonElement? value, string field, string reason)
    {
        if (value is { } element && !AsksForNothing(element))
        {
            Add(field, $"This Camunda 8 field is not supported: {reason}");
        }
    }

    public void ThrowIfAny()
    {
        if (_errors.Count > 0)
        {
            throw new RequestValidationException(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
        }
    }

    private static bool AsksForNothing(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null or JsonValueKind.False => true,
        JsonValueKind.Array => value.GetArrayLength() == 0,
        JsonValueKind.Object => !value.EnumerateObject().Any(),
        JsonValueKind.String => value.GetString() is "",
        JsonValueKind.Number => value.TryGetDecimal(out var number) && number == 0,
        _ => false,
    };
}
