import { messageOf } from '../../shared/format';
import type { EvaluatedDecision, EvaluationRequest, EvaluationResult } from './api';

/** Why the sample inputs cannot be sent; the page shows it at the input field. */
export type InputProblem = { readonly kind: 'syntax'; readonly message: string } | { readonly kind: 'notObject' };

export type BuiltRequest =
  { readonly ok: true; readonly request: EvaluationRequest } | { readonly ok: false; readonly problem: InputProblem };

/**
 * The evaluation request for the decision from the text of the sample inputs: a JSON object (empty text means no
 * variables). A deployed version is asked for by its key, otherwise the latest version by the decision's id.
 */
export function buildEvaluationRequest(
  decision: { readonly decisionDefinitionId: string; readonly decisionDefinitionKey?: string | undefined },
  variablesText: string,
): BuiltRequest {
  let variables: unknown = {};
  if (variablesText.trim().length > 0) {
    try {
      variables = JSON.parse(variablesText);
    } catch (error) {
      return {
        ok: false,
        problem: { kind: 'syntax', message: messageOf(error) },
      };
    }
  }
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) {
    return { ok: false, problem: { kind: 'notObject' } };
  }
  const values = variables as Record<string, unknown>;
  return {
    ok: true,
    request: decision.decisionDefinitionKey
      ? { decisionDefinitionKey: decision.decisionDefinitionKey, variables: values }
      : { decisionDefinitionId: decision.decisionDefinitionId, variables: values },
  };
}

export interface RuleView {
  readonly ruleId: string;
  readonly ruleIndex: number;
  /** `name = value` of each output of the rule. */
  readonly outputs: readonly { readonly name: string; readonly value: string }[];
}

export interface DecisionView {
  readonly decisionId: string;
  readonly name: string;
  readonly type: string;
  readonly output: string;
  readonly inputs: readonly { readonly name: string; readonly value: string }[];
  readonly matchedRules: readonly RuleView[];
}

/** What the page shows of an evaluation: the result, a failure if any, and each evaluated decision. */
export interface EvaluationView {
  readonly decisionId: string;
  readonly version: number;
  readonly output: string;
  readonly failure?: { readonly decisionId: string; readonly message: string };
  readonly decisions: readonly DecisionView[];
  /** Rule ids that matched, per decision id, for marking the rows in the table. */
  readonly matchedRuleIds: ReadonlyMap<string, ReadonlySet<string>>;
}

export function describeEvaluation(result: EvaluationResult): EvaluationView {
  const decisions = result.evaluatedDecisions.map(describeDecision);
  const failed = result.failedDecisionDefinitionId ?? undefined;
  const message = result.failureMessage ?? undefined;
  return {
    decisionId: result.decisionDefinitionId,
    version: result.decisionDefinitionVersion,
    output: formatJson(result.output),
    ...(failed || message
      ? { failure: { decisionId: failed ?? result.decisionDefinitionId, message: message ?? '' } }
      : {}),
    decisions,
    matchedRuleIds: new Map(
      decisions.map((decision) => [decision.decisionId, new Set(decision.matchedRules.map((rule) => rule.ruleId))]),
    ),
  };
}

function describeDecision(decision: EvaluatedDecision): DecisionView {
  return {
    decisionId: decision.decisionDefinitionId,
    name: decision.decisionDefinitionName?.trim() || decision.decisionDefinitionId,
    type: decision.decisionDefinitionType,
    output: formatJson(decision.output),
    inputs: decision.evaluatedInputs.map((input) => ({
      name: input.inputName.trim() || input.inputId,
      value: formatJson(input.inputValue),
    })),
    matchedRules: [...decision.matchedRules]
      .sort((a, b) => a.ruleIndex - b.ruleIndex)
      .map((rule) => ({
        ruleId: rule.ruleId,
        ruleIndex: rule.ruleIndex,
        outputs: rule.evaluatedOutputs.map((output) => ({
          name: output.outputName.trim() || output.outputId,
          value: formatJson(output.outputValue),
        })),
      })),
  };
}

/**
 * The API sends values as JSON text; shown compact when short, indented when long. Text that is not JSON is shown as
 * it is, and a missing value as `null`, as FEEL has it.
 */
export function formatJson(text: string | null | undefined): string {
  if (text === null || text === undefined || text.length === 0) {
    return 'null';
  }
  try {
    const value: unknown = JSON.parse(text);
    const compact = JSON.stringify(value);
    return compact.length <= 60 ? compact : JSON.stringify(value, null, 2);
  } catch {
    return text;
  }
}
