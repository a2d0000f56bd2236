namespace ProzessEngine.Feel;

/// <summary>
/// Types the host defines (DMN item definitions, say). When the variables of an evaluation implement it, an
/// 'instance of' with a type name FEEL does not know asks them.
/// </summary>
public interface IFeelTypes
{
    /// <summary>Whether the value is an instance of the named type; null when the name is not a type of the host's.</summary>
    bool? IsInstance(FeelValue value, string typeName);
}
