using ProzessEngine.Feel;
using static ProzessEngine.Dmn.Tests.DmnTestModels;

namespace ProzessEngine.Dmn.Tests.Evaluation;

public sealed class BoxedExpressionTests
{
    private static readonly string Model = Definitions("""
          <itemDefinition name="tPerson">
            <itemComponent name="name"><typeRef>string</typeRef></itemComponent>
            <itemComponent name="age"><typeRef>number</typeRef></itemComponent>
          </itemDefinition>
          <inputData id="person" name="Person"><variable name="Person" typeRef="tPerson" /></inputData>
          <businessKnowledgeModel id="greet" name="Greeting">
            <encapsulatedLogic>
              <formalParameter name="who" typeRef="string" />
              <literalExpression><text>"Hallo " + who</text></literalExpression>
            </encapsulatedLogic>
          </businessKnowledgeModel>
          <decision id="hello" name="Hello">
            <informationRequirement><requiredInput href="#person" /></informationRequirement>
            <knowledgeRequirement><requiredKnowledge href="#greet" /></knowledgeRequirement>
            <invocation>
              <literalExpression><text>Greeting</text></literalExpression>
              <binding><parameter name="who" /><literalExpression><text>Person.name</text></literalExpression></binding>
            </invocation>
          </decision>
          <decision id="rows" name="Rows">
            <relation>
              <column name="a" /><column name="b" />
              <row><literalExpression><text>1</text></literalExpression><literalExpression><text>"x"</text></literalExpression></row>
              <row><literalExpression><text>2</text></literalExpression><literalExpression><text>"y"</text></literalExpression></row>
            </relation>
          </decision>
          <decisionService id="service" name="Greeting service">
            <outputDecision href="#hello" />
            <inputData href="#person" />
          </decisionService>
          <decision id="viaService" name="Via service">
            <knowledgeRequirement><requiredKnowledge href="#service" /></knowledgeRequirement>
            <literalExpression><text>Greeting service({name: "Ada", age: 36})</text></literalExpression>
          </decision>
        """);

    [Fact]
    public void Invocation_calls_the_business_knowledge_model_with_bindings()
    {
        var person = FeelValue.FromContext([new("name", Text("Ada")), new("age", Number(36))]);

        var result = Parse(Model).Evaluate("hello", Variables(("Person", person)));

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(Text("Hallo Ada"), result.Output);
        Assert.Equal("INVOCATION", result.EvaluatedDecisions[0].DecisionType);
    }

    [Fact]
    public void Input_data_not_of_its_item_definition_is_a_failure_and_null()
    {
        var result = Parse(Model).Evaluate("hello", Variables(("Person", Text("Ada"))));

        Assert.False(result.Succeeded);
        Assert.Contains("input data 'Person' is not of type 'tPerson'", result.Failure!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Relation_gives_a_list_of_contexts()
    {
        var result = Parse(Model).Evaluate("rows", FeelVariables.Empty);

        Assert.Equal(
            FeelValue.FromList([
                FeelValue.FromContext([new("a", Number(1)), new("b", Text("x"))]),
                FeelValue.FromContext([new("a", Number(2)), new("b", Text("y"))]),
            ]),
            result.Output);
    }

    [Fact]
    public void Decision_service_is_callable_from_feel()
    {
        var result = Parse(Model).Evaluate("viaService", FeelVariables.Empty);

        Assert.True(result.Succeeded, result.Failure?.Message);
        Assert.Equal(Text("Hallo Ada"), result.Output);
    }
}
