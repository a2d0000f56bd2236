using ProzessEngine.Feel.Tests.Support;

namespace ProzessEngine.Feel.Tests;

/// <summary>The FEEL grammar of DMN 1.5 chapter 10 and the Camunda extensions.</summary>
public sealed class GrammarTests
{
    private static readonly (string, FeelValue)[] Order =
    [
        ("Bestellung", FeelJson.FromJson("""
            {"Kunde": {"Vorname": "Erika", "Ort": "Köln"},
             "Positionen": [{"Artikel": "Ordner", "Preis": 4.5, "Menge": 10}, {"Artikel": "Drucker", "Preis": 249, "Menge": 1}]}
            """)),
        ("Full Name", FeelValue.FromString("Erika Mustermann")),
        ("headers", FeelJson.FromJson("""{"x-token": "abc"}""")),
    ];

    [Theory]
    [InlineData("Bestellung.Kunde.Ort", "\"Köln\"")]
    [InlineData("Bestellung.Positionen.Artikel", "[\"Ordner\", \"Drucker\"]")]
    [InlineData("Bestellung.Positionen[Preis > 10].Artikel", "[\"Drucker\"]")]
    [InlineData("Bestellung.Positionen[item.Menge > 5][1].Artikel", "\"Ordner\"")]
    [InlineData("Bestellung.Positionen[-1].Artikel", "\"Drucker\"")]
    [InlineData("sum(for p in Bestellung.Positionen return p.Preis * p.Menge)", "294.0")]
    [InlineData("\"Hallo \" + Full Name", "\"Hallo Erika Mustermann\"")]
    [InlineData("headers.`x-token`", "\"abc\"")]
    [InlineData("every p in Bestellung.Positionen satisfies p.Menge > 0", "true")]
    [InlineData("some p in Bestellung.Positionen satisfies p.Preis > 1000", "false")]
    public void Reads_paths_filters_and_names_with_spaces(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression, Order));

    [Theory]
    [InlineData("for i in 1..3, j in [10, 20] return i * j", "[10, 20, 20, 40, 30, 60]")]
    [InlineData("for i in 0..4 return if i = 0 then 1 else i * partial[-1]", "[1, 1, 2, 6, 24]")]
    [InlineData("for d in @\"2026-02-27\"..@\"2026-03-01\" return d.day", "[27, 28, 1]")]
    [InlineData("5 between 1 and 10", "true")]
    [InlineData("5 in (< 3, > 4)", "true")]
    [InlineData("5 in [1..5)", "false")]
    [InlineData("\"b\" in [\"a\", \"b\"]", "true")]
    [InlineData("[1, 2] instance of list<number>", "true")]
    [InlineData("{a: 1} instance of context<a: number>", "true")]
    [InlineData("(function(a, b) a - b)(b: 1, a: 10)", "9")]
    [InlineData("{square: function(x) x * x, result: square(7)}.result", "49")]
    [InlineData("{fak: function(n) if n <= 1 then 1 else n * fak(n - 1)}.fak(10)", "3628800")]
    [InlineData("{a: 1, b: a + 1}.b", "2")]
    [InlineData("[1..10]", "[1..10]")]
    [InlineData("(1..10]", "(1..10]")]
    [InlineData("]1..10[", "(1..10)")]
    [InlineData("(< 10)", "(< 10)")]
    [InlineData("1 + /* Kommentar */ 2 // Rest", "3")]
    [InlineData("-2 ** 2", "4")]
    [InlineData("2 ** 3 ** 2", "64")]
    [InlineData("if null then 1 else 2", "2")]
    [InlineData("[3, 1, 2][item > 1]", "[3, 2]")]
    [InlineData("date and time(\"2026-11-23T10:00:00\").year", "2026")]
    public void Evaluates_the_grammar(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Fact]
    public void Declared_names_may_contain_keywords_and_operators()
    {
        var parsed = TestFeel.Engine.ParseExpression("count(values in a list) + Kosten+Gebühren", ["values in a list", "Kosten+Gebühren"]);
        Assert.True(parsed.Success);
        var variables = TestFeel.Vars(("values in a list", FeelValue.FromList([FeelValue.True, FeelValue.False])), ("Kosten+Gebühren", FeelValue.FromNumber(5)));
        Assert.Equal("7", parsed.Expression!.Evaluate(variables).ToString());
    }

    [Theory]
    [InlineData("is defined(missing)", "false")]
    [InlineData("is defined({a: 1}.a)", "true")]
    [InlineData("get or else(missing, \"default\")", "\"default\"")]
    [InlineData("string join([\"a\", null, \"c\"], \"-\")", "\"a-c\"")]
    [InlineData("string join([\"a\", \"b\"], \", \", \"[\", \"]\")", "\"[a, b]\"")]
    [InlineData("duplicate values([1, 2, 1, 3, 2])", "[1, 2]")]
    [InlineData("partition([1, 2, 3, 4, 5], 2)", "[[1, 2], [3, 4], [5]]")]
    [InlineData("is empty([])", "true")]
    [InlineData("to base64(\"FEEL\")", "\"RkVFTA==\"")]
    [InlineData("from base64(\"RkVFTA==\")", "\"FEEL\"")]
    [InlineData("from json(\"{\\\"a\\\": [1, 2.50]}\")", "{a: [1, 2.50]}")]
    [InlineData("to json({a: date(\"2026-01-31\"), b: [true, null]})", "\"{\\\"a\\\":\\\"2026-01-31\\\",\\\"b\\\":[true,null]}\"")]
    [InlineData("extract(\"a1b22c333\", \"[0-9]+\")", "[\"1\", \"22\", \"333\"]")]
    [InlineData("trim(\"  x  \")", "\"x\"")]
    [InlineData("is blank(\" \")", "true")]
    [InlineData("context put({a: 1}, \"b\", 2)", "{a: 1, b: 2}")]
    [InlineData("context merge([{a: 1}, {a: 2, b: 3}])", "{a: 2, b: 3}")]
    [InlineData("get value({a: {b: 5}}, [\"a\", \"b\"])", "5")]
    [InlineData("sort([3, 1, 2], function(x, y) x < y)", "[1, 2, 3]")]
    [InlineData("list replace([1, 2, 3], 2, 9)", "[1, 9, 3]")]
    [InlineData("decimal(1.125, 2, \"HALF_UP\")", "1.13")]
    [InlineData("replace(\"2026-11-23\", \"(\\d+)-(\\d+)-(\\d+)\", \"$3.$2.$1\")", "\"23.11.2026\"")]
    [InlineData("matches(\"AB12\", \"^[a-z]+[0-9]+$\", \"i\")", "true")]
    [InlineData("split(\"a, b,c\", \",\\s*\")", "[\"a\", \"b\", \"c\"]")]
    [InlineData("substring(\"🐎Pferd\", 2, 3)", "\"Pfe\"")]
    [InlineData("before(1, [2..5])", "true")]
    [InlineData("overlaps([1..5], [4..8])", "true")]
    [InlineData("includes([1..10], [3..4])", "true")]
    public void Supports_camunda_and_dmn_builtins(string expression, string expected) =>
        Assert.Equal(expected, TestFeel.Text(expression));

    [Fact]
    public void Uuid_is_a_version_7_uuid()
    {
        var result = TestFeel.Eval("uuid()");
        Assert.True(result.TryGetString(out var text));
        Assert.True(Guid.TryParse(text, out var uuid));
        Assert.Equal(7, uuid.Version);
    }
}
