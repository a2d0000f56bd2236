using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Temporal;

namespace ProzessEngine.Feel.Builtins.Temporal;

internal static class DateArgument
{
    public static bool TryGet(BuiltinCall call, out FeelDate date)
    {
        switch (call[0].Kind)
        {
            case FeelValueKind.Date:
                date = call[0].Date;
                return true;
            case FeelValueKind.DateTime:
                date = call[0].DateTime.Date;
                return true;
            default:
                date = default;
                call.Fail($"parameter 'date' must be a date or date and time, found {FeelFormatter.Describe(call[0])}");
                return false;
        }
    }
}
