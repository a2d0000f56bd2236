using System.Diagnostics.CodeAnalysis;

namespace ProzessEngine.Core.Calendar;

/// <summary>Codes and German names of the <see cref="FederalState"/> values.</summary>
public static class FederalStates
{
    private static readonly string[] GermanNames =
    [
        "Baden-Württemberg", "Bayern", "Berlin", "Brandenburg", "Bremen", "Hamburg", "Hessen", "Mecklenburg-Vorpommern",
        "Niedersachsen", "Nordrhein-Westfalen", "Rheinland-Pfalz", "Saarland", "Sachsen", "Sachsen-Anhalt",
        "Schleswig-Holstein", "Thüringen",
    ];

    /// <summary>All sixteen Länder in their official order.</summary>
    public static IReadOnlyList<FederalState> All { get; } = Array.AsReadOnly(Enum.GetValues<FederalState>());

    /// <summary>The official two-letter code, e.g. "BY".</summary>
    public static string Code(this FederalState state) => Checked(state).ToString();

    /// <summary>The German name, e.g. "Bayern".</summary>
    public static string GermanName(this FederalState state) => GermanNames[(int)Checked(state)];

    /// <summary>Reads a two-letter code such as "BY" or "by"; numbers and names are not accepted.</summary>
    public static bool TryParseCode(string? code, [NotNullWhen(true)] out FederalState? state)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToString(), code?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                state = candidate;
                return true;
            }
        }

        state = null;
        return false;
    }

    private static FederalState Checked(FederalState state) =>
        Enum.IsDefined(state) ? state : throw new ArgumentOutOfRangeException(nameof(state), state, "Not a German Land.");
}
