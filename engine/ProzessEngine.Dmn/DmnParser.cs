namespace ProzessEngine.Dmn;

/// <summary>
/// Reads DMN 1.3, 1.4 and 1.5 XML (as Camunda Modeler and other tools write it) into an evaluable model.
/// Bad input never throws: every problem is a diagnostic naming the element, line and column.
/// </summary>
public static class DmnParser
{
    public static DmnParseResult Parse(string xml) => throw new NotImplementedException();
}
