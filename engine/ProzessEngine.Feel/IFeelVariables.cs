namespace ProzessEngine.Feel;

/// <summary>The variables an expression can read. Implementations should not allocate in TryGetValue.</summary>
public interface IFeelVariables
{
    bool TryGetValue(string name, out FeelValue value);
}
