using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using ProzessEngine.Host.Documents;

namespace ProzessEngine.Host.Tests.Documents;

/// <summary>
/// Templates are written by process owners and run on the server: hostile ones stop at a named limit, reach nothing
/// outside the variables they are given, and never crash the host.
/// </summary>
public sealed class TemplateSandboxTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static TemplateSandbox Sandbox(TemplateLimits? limits = null) =>
        new(limits ?? new TemplateLimits(), new FakeTimeProvider(new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero)), Berlin);

    private static Task<string> Render(string template, JsonObject? variables = null, TemplateLimits? limits = null, string? layout = null) =>
        Sandbox(limits).RenderAsync("bescheid", template, variables ?? [], layout, CancellationToken.None);

    private static async Task<string> Refused(string template, JsonObject? variables = null, TemplateLimits? limits = null)
    {
        var error = await Assert.ThrowsAsync<TemplateRenderException>(() => Render(template, variables, limits));
        return error.Message;
    }

    [Fact]
    public async Task A_template_sees_the_variables_it_is_given()
    {
        var text = await Render("Sehr geehrte{{ if antrag.anrede == 'Frau' }} Frau{{ end }} {{ antrag.name }}, {{ for p in posten }}{{ p.betrag }};{{ end }}",
            JsonNode.Parse("""{"antrag": {"anrede": "Frau", "name": "Müller"}, "posten": [{"betrag": 12.5}, {"betrag": 3}]}""")!.AsObject());

        Assert.Equal("Sehr geehrte Frau Müller, 12.5;3;", text);
    }

    [Fact]
    public async Task Dates_are_written_in_German()
    {
        Assert.Equal("5. Dezember 2026 / 1. März 2027", await Render("{{ datum_de heute }} / {{ datum_de frist }}", new JsonObject { ["frist"] = "2027-03-01" }));
    }

    [Fact]
    public async Task An_endless_loop_stops_at_the_loop_limit()
    {
        var message = await Refused("{{ while true }}x{{ end }}");

        Assert.Contains("LoopLimit", message, StringComparison.Ordinal);
        Assert.Contains("line 1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nested_loops_count_together_against_the_loop_limit()
    {
        var message = await Refused("{{ for i in 1..1000 }}{{ for j in 1..1000 }}{{ end }}{{ end }}");

        Assert.Contains("LoopLimit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Huge_output_stops_at_the_output_limit()
    {
        var message = await Refused("{{ for i in 1..5000 }}{{ 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }}{{ end }}",
            limits: new TemplateLimits { OutputLimit = 10_000 });

        Assert.Contains("OutputLimit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_string_doubled_until_it_is_huge_stops_at_the_output_limit()
    {
        var message = await Refused("{{ s = 'x' }}{{ for i in 1..40 }}{{ s = s + s }}{{ end }}{{ s | string.size }}",
            limits: new TemplateLimits { OutputLimit = 100_000 });

        Assert.Contains("OutputLimit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deep_recursion_stops_at_the_recursion_limit()
    {
        var message = await Refused("{{ func f(n); ret f(n + 1); end }}{{ f 0 }}");

        Assert.Contains("RecursionLimit", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_slow_template_stops_at_the_time_limit()
    {
        // Every loop below the loop limit, but together far longer than the time limit.
        var message = await Refused("{{ func f(n); if n > 0; for i in 1..9; f(n - 1); end; end; end }}{{ f 8 }}",
            limits: new TemplateLimits { LoopLimit = 100_000_000, TimeLimit = TimeSpan.FromMilliseconds(300) });

        Assert.Contains("TimeLimit", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../../appsettings.json")]
    [InlineData("bescheid")]
    public async Task Including_anything_but_a_shipped_layout_is_refused(string path)
    {
        var message = await Refused($"{{{{ include '{path}' }}}}");

        Assert.Contains($"include '{path}' is not allowed", message, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{{ antrag.GetType }}")]
    [InlineData("{{ antrag.GetType().Assembly }}")]
    [InlineData("{{ name.Length }}")]
    [InlineData("{{ System.Environment.GetEnvironmentVariable 'PATH' }}")]
    [InlineData("{{ environment.machine_name }}")]
    [InlineData("{{ import System.IO.File }}")]
    public async Task Nothing_of_dotnet_is_within_reach(string template)
    {
        var variables = new JsonObject { ["antrag"] = new JsonObject { ["name"] = "Müller" }, ["name"] = "Müller" };
        string text;
        try
        {
            text = await Render(template, variables);
        }
        catch (TemplateRenderException ex)
        {
            text = ex.Message;
        }

        Assert.DoesNotContain("System.", text.Replace("System.Environment", "", StringComparison.Ordinal).Replace("System.IO", "", StringComparison.Ordinal),
            StringComparison.Ordinal);
        Assert.DoesNotContain(Environment.MachineName, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/bin", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_error_names_its_line()
    {
        var message = await Refused("Zeile 1\nZeile 2\n{{ 'abc' | string.pad_left 'breit' }}");

        Assert.Contains("line 3", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_syntax_error_is_found_with_its_line()
    {
        var error = Assert.Single(Sandbox().Check("Zeile 1\n{{ if x }}offen"));

        Assert.Equal(2, error.Line);
    }

    [Fact]
    public async Task The_municipal_layout_writes_a_DIN_5008_letter()
    {
        var variables = JsonNode.Parse("""
            {
              "behoerde": { "name": "Stadt Musterstadt", "zusatz": "Bauordnungsamt", "ruecksendeangabe": "Stadt Musterstadt · Markt 1 · 12345 Musterstadt" },
              "brief": {
                "empfaenger": ["Frau", "Erika Mustermann", "Hauptstraße 5", "12345 Musterstadt"],
                "betreff": "Baugenehmigung für <Garage>",
                "aktenzeichen": "63-2026-0815",
                "ihr_zeichen": "EM/1",
                "datum": "2026-12-05"
              }
            }
            """)!.AsObject();

        var html = await Render("{{ capture inhalt }}<p>Ihr Antrag ist genehmigt.</p>{{ end }}{{ include 'din5008' }}", variables);

        Assert.Contains("<div>Erika Mustermann</div>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;Garage&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Aktenzeichen</dt><dd>63-2026-0815</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Ihr Zeichen</dt><dd>EM/1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("5. Dezember 2026", html, StringComparison.Ordinal);
        Assert.Contains("<p>Ihr Antrag ist genehmigt.</p>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_layout_named_by_the_task_wraps_the_rendered_text()
    {
        var html = await Render("<p>Hallo {{ name }}</p>", new JsonObject { ["name"] = "Erika", ["brief"] = new JsonObject { ["betreff"] = "Bescheid" } },
            layout: "din5008");

        Assert.StartsWith("<!DOCTYPE html>", html.TrimStart(), StringComparison.Ordinal);
        Assert.Contains("<div class=\"inhalt\"><p>Hallo Erika</p></div>", html, StringComparison.Ordinal);
        Assert.Contains("5. Dezember 2026", html, StringComparison.Ordinal);
    }
}
