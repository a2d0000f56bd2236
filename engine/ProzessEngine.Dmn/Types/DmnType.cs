using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Types;

/// <summary>
/// A type a typeRef names: a FEEL built-in type or an item definition. Values are checked against it where DMN
/// requires (input data, decision results, table inputs and outputs, function parameters).
/// </summary>
internal abstract class DmnType
{
    public abstract string Name { get; }

    public virtual bool IsCollection => false;

    /// <summary>Whether a value (not null) belongs to the type.</summary>
    public abstract bool Conforms(FeelValue value);

    /// <summary>
    /// The value as the type takes it (DMN 1.4 implicit conversions: a singleton list becomes its item for a non-list
    /// type, an item becomes a singleton list for a collection type). False when it does not conform: the caller
    /// reports it, and DMN makes the value null.
    /// </summary>
    public bool TryCoerce(FeelValue value, out FeelValue coerced)
    {
        coerced = value;
        if (value.IsNull || Conforms(value))
        {
            return true;
        }

        if (!IsCollection && value.Kind == FeelValueKind.List)
        {
            var items = value.AsList();
            if (items.Count == 1 && (items[0].IsNull || Conforms(items[0])))
            {
                coerced = items[0];
                return true;
            }
        }

        if (IsCollection && value.Kind != FeelValueKind.List && ElementConforms(value))
        {
            coerced = FeelValue.FromList([value]);
            return true;
        }

        coerced = FeelValue.Null;
        return false;
    }

    /// <summary>For a collection type: whether a single value belongs to its element type.</summary>
    public virtual bool ElementConforms(FeelValue value) => false;

    public override string ToString() => Name;
}

/// <summary>Any value: "Any", or a typeRef left out.</summary>
internal sealed class AnyType : DmnType
{
    public static readonly AnyType Instance = new();

    public override string Name => "Any";

    public override bool Conforms(FeelValue value) => true;
}

/// <summary>number, string, boolean, date, time, date and time, the two durations, context, list, range, function.</summary>
internal sealed class BuiltinType(string name, FeelValueKind kind) : DmnType
{
    public override string Name => name;

    public FeelValueKind Kind => kind;

    public override bool IsCollection => kind == FeelValueKind.List;

    public override bool Conforms(FeelValue value) => value.Kind == kind;

    /// <summary>The FEEL and XML Schema spellings of the built-in types, as DMN 1.1 to 1.5 tools write them.</summary>
    public static DmnType? Find(string typeRef)
    {
        var name = typeRef.StartsWith("feel:", StringComparison.Ordinal) ? typeRef[5..] : typeRef;
        return name switch
        {
            "Any" or "any" => AnyType.Instance,
            "number" or "integer" or "long" or "double" or "decimal" or "int" => Number,
            "string" => String,
            "boolean" => Boolean,
            "date" => Date,
            "time" => Time,
            "dateTime" or "date and time" => DateTime,
            "dayTimeDuration" or "days and time duration" or "duration" => DaysTime,
            "yearMonthDuration" or "years and months duration" => YearsMonths,
            "context" => new BuiltinType("context", FeelValueKind.Context),
            "list" => new BuiltinType("list", FeelValueKind.List),
            "range" => new BuiltinType("range", FeelValueKind.Range),
            "function" => new BuiltinType("function", FeelValueKind.Function),
            _ => null,
        };
    }

    public static readonly BuiltinType Number = new("number", FeelValueKind.Number);
    public static readonly BuiltinType String = new("string", FeelValueKind.String);
    public static readonly BuiltinType Boolean = new("boolean", FeelValueKind.Boolean);
    public static readonly BuiltinType Date = new("date", FeelValueKind.Date);
    public static readonly BuiltinType Time = new("time", FeelValueKind.Time);
    public static readonly BuiltinType DateTime = new("date and time", FeelValueKind.DateTime);
    public static readonly BuiltinType DaysTime = new("days and time duration", FeelValueKind.DaysTimeDuration);
    public static readonly BuiltinType YearsMonths = new("years and months duration", FeelValueKind.YearsMonthsDuration);
}

/// <summary>A list type written in FEEL syntax as a typeRef: list&lt;number&gt;.</summary>
internal sealed class ListOfType(DmnType item) : DmnType
{
    public override string Name => $"list<{item.Name}>";

    public override bool IsCollection => true;

    public override bool Conforms(FeelValue value)
    {
        if (value.Kind != FeelValueKind.List)
        {
            return false;
        }

        foreach (var entry in value.AsList())
        {
            if (!entry.IsNull && !item.Conforms(entry))
            {
                return false;
            }
        }

        return true;
    }

    public override bool ElementConforms(FeelValue value) => item.Conforms(value);
}

/// <summary>
/// An itemDefinition: a base type, allowed values, a collection flag and components (a structure). Resolved lazily,
/// because item definitions may refer to each other in any order (and to themselves, through a collection).
/// </summary>
internal sealed class ItemDefinitionType : DmnType
{
    private readonly string _name;

    public ItemDefinitionType(string name, bool isCollection)
    {
        _name = name;
        Collection = isCollection;
    }

    public override string Name => _name;

    public bool Collection { get; }

    public override bool IsCollection => Collection;

    public DmnType? BaseType { get; set; }

    public FeelUnaryTests? AllowedValues { get; set; }

    public FeelUnaryTests? TypeConstraint { get; set; }

    public IReadOnlyList<(string Name, DmnType Type)>? Components { get; set; }

    public override bool ElementConforms(FeelValue value) => Collection && ConformsAsElement(value);

    public override bool Conforms(FeelValue value)
    {
        if (!Collection)
        {
            return ConformsAsElement(value);
        }

        if (value.Kind != FeelValueKind.List)
        {
            return false;
        }

        foreach (var item in value.AsList())
        {
            if (!item.IsNull && !ConformsAsElement(item))
            {
                return false;
            }
        }

        return true;
    }

    private bool ConformsAsElement(FeelValue value)
    {
        if (Components is { } components)
        {
            if (value.Kind != FeelValueKind.Context)
            {
                return false;
            }

            foreach (var (name, type) in components)
            {
                if (value.TryGetContextEntry(name, out var entry) && !entry.IsNull && !type.Conforms(entry))
                {
                    return false;
                }
            }

            return true;
        }

        if (BaseType is { } baseType && !baseType.Conforms(value))
        {
            return false;
        }

        if (AllowedValues is { } allowed && allowed.Matches(value, FeelVariables.Empty) != true)
        {
            return false;
        }

        return TypeConstraint is not { } constraint || constraint.Matches(value, FeelVariables.Empty) == true;
    }
}
