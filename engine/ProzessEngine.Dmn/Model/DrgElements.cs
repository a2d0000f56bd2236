using ProzessEngine.Dmn.Evaluation;
using ProzessEngine.Dmn.Types;
using ProzessEngine.Feel;

namespace ProzessEngine.Dmn.Model;

/// <summary>
/// The elements of a decision requirements graph. They are filled in while the model is read (requirements may point
/// forward) and never change afterwards, so one model serves concurrent evaluations.
/// </summary>
internal abstract class DrgElement(string id, string name, string? importName)
{
    public string Id => id;

    public string Name => name;

    /// <summary>The import's name when the element comes from an imported model: FEEL sees it as importName.Name.</summary>
    public string? ImportName => importName;

    /// <summary>For the elements this one requires from imported models: the import's name, under which FEEL sees them.</summary>
    public Dictionary<DrgElement, string> ImportPrefixes { get; } = [];

    public override string ToString() => $"{GetType().Name} '{name}' ({id})";
}

internal sealed class InputDataNode(string id, string name, string? importName, DmnType? type, string modelNamespace) : DrgElement(id, name, importName)
{
    public DmnType? Type => type;

    /// <summary>
    /// The namespace of the model that defines the input data. A model imported by an imported model cannot be named
    /// from the evaluated one, so its input data may be given as a context under this namespace (DMN TCK 0089).
    /// </summary>
    public string ModelNamespace => modelNamespace;
}

internal sealed class DecisionNode(string id, string name, string? importName, string? versionTag) : DrgElement(id, name, importName)
{
    public string? VersionTag => versionTag;

    public DmnType? Type { get; set; }

    public BoxedExpression? Logic { get; set; }

    /// <summary>Set only in a lenient parse: why the logic does not compile (evaluating the decision fails with it).</summary>
    public string? CompileError { get; set; }

    public List<DecisionNode> RequiredDecisions { get; } = [];

    public List<InputDataNode> RequiredInputs { get; } = [];

    public List<InvocableNode> RequiredKnowledge { get; } = [];

    public string Describe => $"decision '{Name}' ({Id})";
}

/// <summary>A business knowledge model or decision service: FEEL sees it as a function value under its name.</summary>
internal abstract class InvocableNode(string id, string name, string? importName) : DrgElement(id, name, importName)
{
    public FeelValue Function { get; set; }

    public DmnFunction? Implementation { get; set; }
}

internal sealed class BkmNode(string id, string name, string? importName) : InvocableNode(id, name, importName)
{
    public List<InvocableNode> RequiredKnowledge { get; } = [];
}

internal sealed class DecisionServiceNode(string id, string name, string? importName) : InvocableNode(id, name, importName)
{
    /// <summary>The type of the service's result (its variable's typeRef), when given.</summary>
    public DmnType? Type { get; set; }

    public List<DecisionNode> OutputDecisions { get; } = [];

    public List<DecisionNode> EncapsulatedDecisions { get; } = [];

    public List<DecisionNode> InputDecisions { get; } = [];

    public List<InputDataNode> InputData { get; } = [];
}

/// <summary>A whole definitions element, with what it imports.</summary>
internal sealed class Definitions
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Namespace { get; init; }

    public List<DecisionNode> Decisions { get; } = [];

    public List<InputDataNode> InputData { get; } = [];

    public List<InvocableNode> Invocables { get; } = [];

    public Dictionary<string, DmnType> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, DrgElement> ById { get; } = new(StringComparer.Ordinal);
}
