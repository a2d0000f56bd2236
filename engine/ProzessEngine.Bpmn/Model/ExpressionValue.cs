using ProzessEngine.Feel;

namespace ProzessEngine.Bpmn.Model;

/// <summary>
/// An attribute value of the Camunda 8 dialect: text starting with <c>=</c> is a FEEL expression, compiled once
/// when the model is parsed; anything else is a static value.
/// </summary>
public sealed record ExpressionValue
{
    private ExpressionValue(string text, FeelExpression? expression)
    {
        Text = text;
        Expression = expression;
    }

    /// <summary>The attribute text as written in the model.</summary>
    public string Text { get; }

    public FeelExpression? Expression { get; }

    public bool IsExpression => Expression is not null;

    /// <summary>The static value; for an expression, its source text without the leading <c>=</c>.</summary>
    public string StaticText => Expression is null ? Text : Text.TrimStart()[1..];

    public static ExpressionValue Static(string text) => new(text, null);

    public static ExpressionValue Feel(string text, FeelExpression expression) => new(text, expression);

    public override string ToString() => Text;
}
