using ProzessEngine.Feel;
using static ProzessEngine.Dmn.Tests.DmnTestModels;

namespace ProzessEngine.Dmn.Tests.Evaluation;

public sealed class DrgTests
{
    private static readonly string Graph = Definitions("""
          <inputData id="income" name="Income"><variable name="Income" typeRef="number" /></inputData>
          <businessKnowledgeModel id="rateBkm" name="Rate">
            <encapsulatedLogic>
              <formalParameter name="amount" typeRef="number" />
              <literalExpression><text>amount * 0.25</text></literalExpression>
            </encapsulatedLogic>
          </businessKnowledgeModel>
          <decision id="tax" name="Tax">
            <extensionElements><zeebe:versionTag value="v7" /></extensionElements>
            <variable name="Tax" typeRef="number" />
            <informationRequirement id="ir1"><requiredInput href="#income" /></informationRequirement>
            <knowledgeRequirement id="kr1"><requiredKnowledge href="#rateBkm" /></knowledgeRequirement>
            <literalExpression id="taxExpr"><text>Rate(Income)</text></literalExpression>
          </decision>
          <decision id="net" name="Net income">
            <informationRequirement id="ir2"><requiredDecision href="#tax" /></informationRequirement>
            <informationRequirement id="ir3"><requiredInput href="#income" /></informationRequirement>
            <context>
              <contextEntry><variable name="net" /><literalExpression><text>Income - Tax</text></literalExpression></contextEntry>
              <contextEntry><variable name="tax" /><literalExpression><text>Tax</text></literalExpression></contextEntry>
            </context>
          </decision>
        """);

    [Fact]
    public void Required_decisions_input_data_and_knowledge_are_evaluated_first()
    {
        var model = Parse(Graph);

        var result = model.Evaluate("net", Variables(("Income", Number(1000))));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(FeelValue.FromContext([new("net", Number(750)), new("tax", Number(250))]), result.Output);
        Assert.Equal(["tax", "net"], result.EvaluatedDecisions.Select(d => d.DecisionId));
        Assert.Equal("CONTEXT", result.EvaluatedDecisions[1].DecisionType);
    }

    [Fact]
    public void Model_lists_decisions_with_version_tag()
    {
        var model = Parse(Graph);

        Assert.Equal("fees", model.Id);
        Assert.Equal("Fees", model.Name);
        Assert.Equal([new DmnDecisionInfo("tax", "Tax", "v7"), new DmnDecisionInfo("net", "Net income", null)], model.Decisions);
    }

    [Fact]
    public void Unknown_decision_id_is_a_failure()
    {
        var result = Parse(Graph).Evaluate("nope", FeelVariables.Empty);

        Assert.False(result.Succeeded);
        Assert.Contains("nope", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Input_data_of_a_nested_import_come_by_name_or_under_their_models_namespace()
    {
        static string Model(string ns, string body) => $"""
            <definitions xmlns="{Dmn13}" id="{ns[^1..]}" name="{ns[^1..]}" namespace="{ns}">
            {body}
            </definitions>
            """;
        var a = Parse(Model("urn:a", """
              <inputData id="name" name="Person name"><variable name="Person name" typeRef="string" /></inputData>
              <decision id="greet" name="Greeting">
                <informationRequirement><requiredInput href="#name" /></informationRequirement>
                <literalExpression><text>"Hallo " + Person name</text></literalExpression>
              </decision>
            """));
        var b = Imported(Model("urn:b", """
              <import namespace="urn:a" name="A" importType="https://www.omg.org/spec/DMN/20191111/MODEL/" />
              <decision id="loud" name="Loud">
                <informationRequirement><requiredDecision href="urn:a#greet" /></informationRequirement>
                <literalExpression><text>upper case(A.Greeting)</text></literalExpression>
              </decision>
            """), a);
        var c = Imported(Model("urn:c", """
              <import namespace="urn:b" name="B" importType="https://www.omg.org/spec/DMN/20191111/MODEL/" />
              <decision id="top" name="Top">
                <informationRequirement><requiredDecision href="urn:b#loud" /></informationRequirement>
                <literalExpression><text>B.Loud + "!"</text></literalExpression>
              </decision>
            """), b);

        var byNamespace = c.Evaluate("top", Variables(("urn:a", FeelValue.FromContext([new("Person name", Text("Ada"))]))));
        var byName = c.Evaluate("top", Variables(("Person name", Text("Ada"))));
        var missing = c.Evaluate("top", Variables(("urn:b", FeelValue.FromContext([new("Person name", Text("Ada"))]))));

        Assert.Equal(Text("HALLO ADA!"), byNamespace.Output);
        Assert.Equal(Text("HALLO ADA!"), byName.Output);
        // Only the namespace of the model that defines the input data counts.
        Assert.True(missing.Output.IsNull);
    }

    private static DmnModel Imported(string xml, DmnModel imported)
    {
        var result = DmnParser.Parse(xml, new FeelEngine(), [imported]);
        Assert.True(result.Succeeded, string.Join(Environment.NewLine, result.Diagnostics.Select(d => $"{d.ElementId} {d.Message}")));
        return result.Model!;
    }
}
