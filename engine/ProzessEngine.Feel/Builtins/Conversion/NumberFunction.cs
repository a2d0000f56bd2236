using System.Text;
using ProzessEngine.Feel.Numbers;

namespace ProzessEngine.Feel.Builtins.Conversion;

internal sealed class NumberFunction : BuiltinFunction
{
    public override string Name => "number";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } =
    [
        Signature(Convert, "from"),
        Signature(Convert, "from", "grouping separator", "decimal separator"),
    ];

    private static FeelValue Convert(BuiltinCall call)
    {
        if (!call.String(0, out var from) || !call.OptionalString(1, out var grouping) || !call.OptionalString(2, out var decimalSeparator))
        {
            return FeelValue.Null;
        }

        if (grouping is not (null or " " or "," or "."))
        {
            return call.Fail("grouping separator must be ' ', ',' or '.'");
        }

        if (decimalSeparator is not (null or "," or "."))
        {
            return call.Fail("decimal separator must be ',' or '.'");
        }

        if (grouping is not null && grouping == decimalSeparator)
        {
            return call.Fail("grouping and decimal separator must differ");
        }

        var text = new StringBuilder(from.Length);
        foreach (var c in from.Trim())
        {
            if (grouping is not null && c == grouping[0])
            {
                continue;
            }

            text.Append(decimalSeparator is not null && c == decimalSeparator[0] ? '.' : c);
        }

        var normalized = text.ToString();
        if (decimalSeparator is "," && from.Contains('.', StringComparison.Ordinal) && grouping != ".")
        {
            return call.Fail($"'{from}' is not a number");
        }

        if (normalized.Length == 0 || normalized[^1] == '.')
        {
            return call.Fail($"'{Shorten(from)}' is not a number");
        }

        var parsed = FeelNumber.TryParseExact(normalized, out var number);
        return parsed == NumberText.Valid ? FeelValue.FromNumber(number) : call.Fail($"'{Shorten(from)}' {FeelNumber.Describe(parsed)}");
    }

    private static string Shorten(string text) => text.Length > 50 ? string.Concat(text.AsSpan(0, 47), "...") : text;
}
