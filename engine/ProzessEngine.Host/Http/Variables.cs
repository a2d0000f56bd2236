using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ProzessEngine.Feel;
using ProzessEngine.Host.Setup;

namespace ProzessEngine.Host.Http;

/// <summary>
/// Reads the "variables" object of a request into FEEL values, keeping numbers exact. Each variable's JSON is measured
/// first, on the request's own bytes: one larger than Engine:Limits:MaxVariablesBytes or nested deeper than
/// MaxVariablesDepth is refused naming it before any FEEL value is made of it (a FEEL list of 9.8 MB of small numbers
/// took 440 MB, the refusal came only after that).
/// </summary>
internal static class Variables
{
    public static IReadOnlyList<KeyValuePair<string, FeelValue>> Read(HttpContext context, JsonElement? variables, string field = "variables")
    {
        ArgumentNullException.ThrowIfNull(context);
        if (variables is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RequestValidationException.For(field, $"must be a JSON object of variable names and values, not {element.ValueKind}.");
        }

        var limits = context.RequestServices.GetRequiredService<IOptions<EngineOptions>>().Value.Limits;
        var errors = new RequestErrors();
        foreach (var property in element.EnumerateObject())
        {
            if (!IsValidName(property.Name))
            {
                errors.Add($"{field}.{property.Name}", "is not a valid variable name (letters, digits and _, not starting with a digit, no keyword).");
            }
            else if (JsonShape.Exceeds(property.Value, limits.MaxVariablesBytes, limits.MaxVariablesDepth) is { } problem)
            {
                errors.Add($"{field}.{property.Name}", problem);
            }
        }

        errors.ThrowIfAny();
        var result = new List<KeyValuePair<string, FeelValue>>();
        foreach (var property in element.EnumerateObject())
        {
            try
            {
                result.Add(new(property.Name, FeelJson.FromJson(property.Value)));
            }
            catch (FeelJsonException exception)
            {
                // A number FEEL cannot keep exactly is refused, never rounded or stored as null.
                throw RequestValidationException.For($"{field}.{property.Name}{exception.RelativePath}", exception.Message);
            }
        }

        return result;
    }

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "null", "true", "false", "function", "if", "then", "else", "for", "return", "between", "instance", "of", "not", "in", "and", "or",
        "some", "every", "satisfies",
    };

    private static bool IsValidName(string name) =>
        name.Length is > 0 and <= 256
        && (char.IsLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsLetterOrDigit(c) || c == '_')
        && !Keywords.Contains(name);
}

/// <summary>How large and how deep a JSON value is, read off its bytes without building anything.</summary>
internal static class JsonShape
{
    /// <summary>
    /// Why the value is beyond the limits (the end of a sentence about it), or null. The size is that of the value
    /// written without whitespace, as the engine stores it; counting stops at the first bound passed.
    /// </summary>
    public static string? Exceeds(JsonElement value, long maxBytes, int maxDepth)
    {
        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(value), new JsonReaderOptions { MaxDepth = int.MaxValue });
        long bytes = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (reader.CurrentDepth + 1 > maxDepth)
                    {
                        return $"nests deeper than Engine:Limits:MaxVariablesDepth ({maxDepth} levels of objects and lists) allows.";
                    }

                    bytes += 2;
                    break;
                case JsonTokenType.PropertyName:
                    // The quotes, the colon and the comma before the next entry.
                    bytes += reader.ValueSpan.Length + 4;
                    break;
                case JsonTokenType.String:
                    bytes += reader.ValueSpan.Length + 3;
                    break;
                case JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null:
                    bytes += reader.ValueSpan.Length + 1;
                    break;
            }

            if (bytes > maxBytes)
            {
                return $"is larger than Engine:Limits:MaxVariablesBytes ({maxBytes:N0} bytes as JSON) allows.";
            }
        }

        return null;
    }
}
