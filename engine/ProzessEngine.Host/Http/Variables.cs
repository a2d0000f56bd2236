using System.Text.Json;
using ProzessEngine.Feel;

namespace ProzessEngine.Host.Http;

/// <summary>Reads the "variables" object of a request into FEEL values, keeping numbers exact.</summary>
internal static class Variables
{
    public static IReadOnlyList<KeyValuePair<string, FeelValue>> Read(JsonElement? variables, string field = "variables")
    {
        if (variables is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw RequestValidationException.For(field, $"must be a JSON object of variable names and values, not {element.ValueKind}.");
        }

        var result = new List<KeyValuePair<string, FeelValue>>();
        foreach (var property in element.EnumerateObject())
        {
            if (!IsValidName(property.Name))
            {
                throw RequestValidationException.For($"{field}.{property.Name}",
                    "is not a valid variable name (letters, digits and _, not starting with a digit, no keyword).");
            }

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
