namespace ProzessEngine.Feel;

/// <summary>Receives runtime problems of an evaluation (the result is null where such a problem occurred).</summary>
public interface IFeelWarningSink
{
    void Add(FeelWarning warning);
}
