using ProzessEngine.Feel.Numbers;
using ProzessEngine.Feel.Runtime;
using ProzessEngine.Feel.Values;

namespace ProzessEngine.Feel.Builtins.Lists;

internal static class ListArguments
{
    /// <summary>All items as numbers; false (with a warning) when an item is not a number.</summary>
    public static bool Numbers(BuiltinCall call, FeelList list, out FeelNumber[] numbers)
    {
        numbers = new FeelNumber[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Kind != FeelValueKind.Number)
            {
                call.Fail($"list items must be numbers, found {FeelFormatter.Describe(list[i])}");
                return false;
            }

            numbers[i] = list[i].Number;
        }

        return true;
    }

    /// <summary>1-based position (negative counts from the end) to a 0-based index; false when out of range.</summary>
    public static bool Index(int position, int count, out int index)
    {
        index = position > 0 ? position - 1 : count + position;
        return position != 0 && index >= 0 && index < count;
    }

    public static FeelValue Sum(BuiltinCall call, FeelNumber[] numbers)
    {
        var sum = FeelNumber.Zero;
        foreach (var number in numbers)
        {
            if (!FeelNumber.TryAdd(sum, number, out sum))
            {
                return call.Fail("sum out of range");
            }
        }

        return FeelValue.FromNumber(sum);
    }
}
