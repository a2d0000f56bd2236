using System.Text.Json;
using System.Text.Json.Nodes;
using ProzessEngine.Core.Forms;
using ProzessEngine.Feel;
using ProzessEngine.Testing;

namespace ProzessEngine.Core.Tests.Forms;

/// <summary>
/// The server's form validation on the cases in tests/forms-validation-cases, which the designer's
/// form-validation-cases.spec.ts runs through form-js itself: same errors, same messages, same submitted data.
/// </summary>
public sealed class FormValidationCaseTests
{
    private static readonly FeelEngine Feel = new();
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static string Folder => Path.Combine(RepositoryRoot.Find(), "tests", "forms-validation-cases");

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(Folder, "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var item in JsonNode.Parse(File.ReadAllText(file))!["cases"]!.AsArray())
            {
                data.Add(Path.GetFileName(file), item!["name"]!.GetValue<string>());
            }
        }

        return data;
    }

    [Fact]
    public void The_shared_cases_are_there()
    {
        Assert.True(Cases().Count >= 50, $"Only {Cases().Count} cases found in {Folder}.");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_server_agrees_with_the_case(string file, string name)
    {
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, file)))!;
        var item = document["cases"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!;
        var schemaNode = item["schema"] is JsonValue reference ? document["schemas"]![reference.GetValue<string>()]! : item["schema"]!;
        var schema = FormSchema.Parse(schemaNode.ToJsonString(), Feel);
        Assert.Empty(schema.Problems);

        var result = new FormValidator(Feel).Validate(schema, Variables(item["variables"]), Variables(item["submitted"]),
            DateOnly.Parse(document["today"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), Berlin);

        var expected = item["errors"]!.AsArray().Select(e => Describe(
            e!["fieldId"]!.GetValue<string>(),
            e["indexes"] is JsonArray indexes ? [.. indexes.Select(i => i!.GetValue<int>())] : [],
            e["path"]!.GetValue<string>(),
            e["code"]!.GetValue<string>(),
            e["en"]!.GetValue<string>(),
            e["de"]!.GetValue<string>())).Order(StringComparer.Ordinal);
        var actual = result.Errors.Select(e => Describe(e.FieldId, [.. e.Indexes], e.Path, JsonNamingPolicy.CamelCase.ConvertName(e.Code.ToString()),
            e.Message(FormLanguage.English), e.Message(FormLanguage.German))).Order(StringComparer.Ordinal);
        Assert.Equal(expected, actual);

        if (item["submits"] is JsonObject submits)
        {
            var submitted = new JsonObject();
            foreach (var (variable, value) in result.Variables)
            {
                submitted[variable] = JsonNode.Parse(FeelJson.ToJsonString(value));
            }

            Assert.True(JsonNode.DeepEquals(Normalize(submits), Normalize(submitted)), $"Submits {submitted.ToJsonString()}, expected {submits.ToJsonString()}.");
        }
    }

    private static List<KeyValuePair<string, FeelValue>> Variables(JsonNode? node) =>
        node is JsonObject variables ? [.. variables.Select(v => new KeyValuePair<string, FeelValue>(v.Key, FeelJson.FromJson(v.Value?.ToJsonString() ?? "null")))] : [];

    private static string Describe(string fieldId, int[] indexes, string path, string code, string english, string german) =>
        $"{fieldId}[{string.Join(',', indexes)}] {path} {code}: {english} | {german}";

    /// <summary>Numbers compared by value (7350.20 and 7350.2 are one number, as in the browser).</summary>
    private static JsonNode? Normalize(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, Normalize(e.Value)))),
        JsonArray list => new JsonArray([.. list.Select(Normalize)]),
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => JsonValue.Create(double.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture)),
        _ => node?.DeepClone(),
    };
}
