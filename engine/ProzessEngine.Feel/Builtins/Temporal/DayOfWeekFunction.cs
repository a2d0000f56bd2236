namespace ProzessEngine.Feel.Builtins.Temporal;

internal sealed class DayOfWeekFunction : BuiltinFunction
{
    private static readonly string[] Names = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    public override string Name => "day of week";

    public override IReadOnlyList<BuiltinSignature> Signatures { get; } = [Signature(DayOfWeek, "date")];

    private static FeelValue DayOfWeek(BuiltinCall call) =>
        DateArgument.TryGet(call, out var date) ? FeelValue.FromString(Names[date.IsoWeekday - 1]) : FeelValue.Null;
}
