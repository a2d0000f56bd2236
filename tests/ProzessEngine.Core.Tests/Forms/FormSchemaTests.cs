using ProzessEngine.Core.Forms;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Tests.Forms;

/// <summary>What a form must not have to be checked on the server: each problem names the field and why.</summary>
public sealed class FormSchemaTests
{
    private static readonly FeelEngine Feel = new();

    private static IReadOnlyList<FormSchemaProblem> Problems(string components) =>
        FormSchema.Parse($$"""{ "id": "f", "type": "default", "components": [ {{components}} ] }""", Feel).Problems;

    [Fact]
    public void A_form_js_form_with_every_kind_of_field_has_no_problems()
    {
        var problems = Problems("""
            { "type": "text", "text": "## Antrag" },
            { "type": "textfield", "key": "name", "validate": { "required": true, "pattern": "^[A-Z]", "minLength": "=2" } },
            { "type": "number", "key": "betrag", "decimalDigits": 2, "increment": 0.01 },
            { "type": "datetime", "key": "frist", "subtype": "datetime" },
            { "type": "select", "key": "art", "valuesExpression": "=arten" },
            { "type": "group", "path": "adresse", "components": [ { "type": "textfield", "key": "ort" } ] },
            { "type": "dynamiclist", "path": "zeilen", "components": [ { "type": "textarea", "key": "text", "conditional": { "hide": "=this.leer" } } ] },
            { "type": "separator" }, { "type": "spacer" }, { "type": "image" }, { "type": "table" }, { "type": "html" }
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void A_form_as_the_Camunda_8_modelers_export_it_has_no_problems()
    {
        // The modelers add exporter, schemaVersion, executionPlatform and a layout per field, and use every field
        // type of form-js 1.x: a form written there for Camunda 8 must deploy unchanged.
        const string exported = """
            {
              "components": [
                { "label": "Antragsart", "type": "radio", "layout": { "row": "Row_0a1", "columns": null }, "id": "Field_0q1", "key": "art",
                  "values": [ { "label": "Neu", "value": "neu" }, { "label": "Änderung", "value": "aenderung" } ], "validate": { "required": true } },
                { "label": "Begründung", "type": "textarea", "layout": { "row": "Row_0a2", "columns": 8 }, "id": "Field_1x2", "key": "begruendung",
                  "conditional": { "hide": "=art = \"neu\"" } },
                { "label": "Unterlagen", "type": "checklist", "id": "Field_2c3", "key": "unterlagen", "valuesKey": "unterlagenArten" },
                { "label": "Stichworte", "type": "taglist", "id": "Field_3t4", "key": "stichworte", "values": [ { "label": "Eilt", "value": "eilt" } ] },
                { "label": "Summe", "type": "expression", "id": "Field_4e5", "key": "summe", "expression": "=betrag * 1.19", "computeOn": "change" },
                { "label": "Anlage", "type": "filepicker", "id": "Field_5f6", "key": "anlage", "multiple": true, "accept": ".pdf" },
                { "label": "Bescheid", "type": "documentPreview", "id": "Field_6d7", "dataSource": "=bescheide", "maxHeight": 400 },
                { "label": "Karte", "type": "iframe", "id": "Field_7i8", "url": "https://example.org", "security": { "allowScripts": false } },
                { "type": "html", "id": "Field_8h9", "content": "<p>Hinweis</p>" },
                { "label": "Absenden", "type": "button", "id": "Field_9b0", "action": "submit" }
              ],
              "type": "default",
              "id": "Form_Antrag",
              "executionPlatform": "Camunda Cloud",
              "executionPlatformVersion": "8.6.0",
              "exporter": { "name": "Camunda Modeler", "version": "5.28.0" },
              "schemaVersion": 16,
              "versionTag": "1"
            }
            """;

        Assert.Empty(FormSchema.Parse(exported, Feel).Problems);
    }

    [Theory]
    [InlineData("""{ "id": "x", "type": "signature", "key": "s" }""", "The field type 'signature' is not one of form-js's own field types")]
    [InlineData("""{ "id": "x", "type": "textfield" }""", "has no key")]
    [InlineData("""{ "id": "x", "type": "dynamiclist", "components": [] }""", "has no path")]
    [InlineData("""{ "id": "y", "type": "textfield", "key": "a" }, { "id": "x", "type": "number", "key": "a" }""", "'a' is already taken")]
    [InlineData("""{ "id": "y", "type": "textfield", "key": "a" }, { "id": "x", "type": "textfield", "key": "a.b" }""", "'a.b' is already taken")]
    [InlineData("""{ "id": "x", "type": "textfield", "key": "a" }, { "id": "x", "type": "textfield", "key": "b" }""", "used by more than one field")]
    [InlineData("""{ "id": "x", "type": "textfield", "key": "a", "conditional": { "hide": "=a >" } }""", "conditional.hide '=a >' is not FEEL")]
    [InlineData("""{ "id": "x", "type": "textfield", "key": "a", "validate": { "min": "=)" } }""", "validate.min '=)' is not FEEL")]
    [InlineData("""{ "id": "x", "type": "textfield", "key": "a", "validate": { "pattern": "(?i)abc" } }""", "that JavaScript does not have")]
    [InlineData("""{ "id": "x", "type": "textfield", "key": "a", "validate": { "pattern": "[a-" } }""", "not closed")]
    [InlineData("""{ "id": "x", "type": "number", "key": "a", "increment": 0 }""", "increment must be a number greater than 0")]
    [InlineData("""{ "id": "x", "type": "number", "key": "a", "decimalDigits": 1.5 }""", "decimalDigits must be a whole number")]
    [InlineData("""{ "id": "x", "type": "datetime", "key": "a", "subtype": "week" }""", "subtype must be date, time or datetime")]
    [InlineData("""{ "id": "x", "type": "select", "key": "a", "valuesExpression": "arten" }""", "valuesExpression must be a FEEL expression")]
    public void A_form_the_server_cannot_check_names_the_field_and_why(string components, string reason)
    {
        var problem = Assert.Single(Problems(components));

        Assert.Equal("x", problem.FieldId);
        Assert.Contains(reason, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Groups_may_share_a_path_and_a_list_s_fields_may_use_the_list_s_path()
    {
        var problems = Problems("""
            { "type": "group", "path": "adresse", "components": [ { "type": "textfield", "key": "ort" } ] },
            { "type": "group", "path": "adresse", "components": [ { "type": "textfield", "key": "plz" } ] },
            { "type": "dynamiclist", "path": "zeilen", "components": [ { "type": "group", "path": "betrag", "components": [ { "type": "number", "key": "netto" } ] } ] }
            """);

        Assert.Empty(problems);
    }

    [Fact]
    public void A_field_outside_a_list_cannot_write_into_the_list_s_rows()
    {
        var problems = Problems("""
            { "type": "dynamiclist", "path": "zeilen", "components": [ { "type": "textfield", "key": "text" } ] },
            { "id": "x", "type": "textfield", "key": "zeilen.text" }
            """);

        Assert.Equal("x", Assert.Single(problems).FieldId);
    }

    [Fact]
    public void Text_that_is_no_form_is_one_problem_without_a_field()
    {
        var problem = Assert.Single(FormSchema.Parse("[1, 2]", Feel).Problems);

        Assert.Null(problem.FieldId);
    }
}
