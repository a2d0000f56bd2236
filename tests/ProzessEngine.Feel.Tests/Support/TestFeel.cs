namespace ProzessEngine.Feel.Tests.Support;

/// <summary>Shortcuts for tests: evaluate text with variables, and read results.</summary>
internal static class TestFeel
{
    public static FeelEngine Engine { get; } = new();

    public static FeelValue Eval(string expression, params (string Name, FeelValue Value)[] variables) =>
        Eval(expression, out _, variables);

    public static FeelValue Eval(string expression, out FeelWarningList warnings, params (string Name, FeelValue Value)[] variables)
    {
        var parsed = Engine.ParseExpression(expression);
        Assert.True(parsed.Success, $"'{expression}' did not parse: {string.Join("; ", parsed.Errors.Select(e => e.Message))}");
        warnings = [];
        return parsed.Expression!.Evaluate(Vars(variables), warnings);
    }

    public static FeelVariables Vars(params (string Name, FeelValue Value)[] variables) =>
        new(variables.Select(v => new KeyValuePair<string, FeelValue>(v.Name, v.Value)));

    public static FeelValue Number(string text)
    {
        Assert.True(FeelValue.TryParseNumber(text, out var value));
        return value;
    }

    public static FeelValue Str(string text) => FeelValue.FromString(text);

    /// <summary>The FEEL literal text of the result, the most readable form to assert on.</summary>
    public static string Text(string expression, params (string Name, FeelValue Value)[] variables) =>
        Eval(expression, variables).ToString();
}
