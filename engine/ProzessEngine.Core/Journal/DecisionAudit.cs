using System.Globalization;
using System.Text;
using System.Text.Json;
using ProzessEngine.Dmn;
using ProzessEngine.Feel;

namespace ProzessEngine.Core.Journal;

/// <summary>
/// The journal detail of a decision evaluation: which version decided, and for every decision evaluated on the way its
/// inputs, matched rules and outputs. Written into the hash-chained journal, so a fee or a responsibility can be traced
/// to the rule that produced it.
/// </summary>
public static class DecisionAudit
{
    public static string ToJson(DeployedDecision decision, DecisionEvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(result);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("decisionId", decision.DecisionId);
            writer.WriteString("decisionKey", decision.Key.ToString(CultureInfo.InvariantCulture));
            writer.WriteNumber("version", decision.Version);
            writer.WriteString("decisionRequirementsId", decision.DecisionRequirementsId);
            writer.WriteString("decisionRequirementsKey", decision.DecisionRequirementsKey.ToString(CultureInfo.InvariantCulture));
            writer.WritePropertyName("output");
            FeelJson.Write(writer, result.Output);
            if (result.Failure is { } failure)
            {
                writer.WriteStartObject("failure");
                writer.WriteString("decisionId", failure.DecisionId);
                writer.WriteString("message", failure.Message);
                writer.WriteStartArray("ruleIds");
                foreach (var rule in failure.RuleIds)
                {
                    writer.WriteStringValue(rule);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteStartArray("evaluatedDecisions");
            foreach (var evaluated in result.EvaluatedDecisions)
            {
                writer.WriteStartObject();
                writer.WriteString("decisionId", evaluated.DecisionId);
                writer.WriteString("decisionName", evaluated.DecisionName);
                writer.WriteString("decisionType", evaluated.DecisionType);
                writer.WriteStartArray("inputs");
                foreach (var input in evaluated.Inputs)
                {
                    WriteNamedValue(writer, InputId, input.InputId, InputName, input.InputName, input.Value);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("matchedRules");
                foreach (var rule in evaluated.MatchedRules)
                {
                    writer.WriteStartObject();
                    writer.WriteString("ruleId", rule.RuleId);
                    writer.WriteNumber("ruleIndex", rule.RuleIndex);
                    writer.WriteStartArray("outputs");
                    foreach (var output in rule.Outputs)
                    {
                        WriteNamedValue(writer, OutputId, output.OutputId, OutputName, output.OutputName, output.Value);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WritePropertyName("output");
                FeelJson.Write(writer, evaluated.Output);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static readonly JsonEncodedText InputId = JsonEncodedText.Encode("inputId");
    private static readonly JsonEncodedText InputName = JsonEncodedText.Encode("inputName");
    private static readonly JsonEncodedText OutputId = JsonEncodedText.Encode("outputId");
    private static readonly JsonEncodedText OutputName = JsonEncodedText.Encode("outputName");

    /// <summary>An evaluated input or output: its id, its name and its value.</summary>
    private static void WriteNamedValue(Utf8JsonWriter writer, JsonEncodedText idProperty, string id, JsonEncodedText nameProperty, string name, FeelValue value)
    {
        writer.WriteStartObject();
        writer.WriteString(idProperty, id);
        writer.WriteString(nameProperty, name);
        writer.WritePropertyName("value");
        FeelJson.Write(writer, value);
        writer.WriteEndObject();
    }
}
