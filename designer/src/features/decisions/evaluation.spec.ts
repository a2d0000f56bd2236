import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from './api';
import { buildEvaluationRequest, describeEvaluation, formatJson } from './evaluation';

describe('evaluation request', () => {
  it('asks for the latest version by id with the parsed variables', () => {
    expect(
      buildEvaluationRequest({ decisionDefinitionId: 'Gebuehr' }, '{"dokument": "Reisepass", "alter": 30}'),
    ).toEqual({
      ok: true,
      request: { decisionDefinitionId: 'Gebuehr', variables: { dokument: 'Reisepass', alter: 30 } },
    });
  });

  it('asks for the version just deployed by its key', () => {
    const built = buildEvaluationRequest(
      { decisionDefinitionId: 'Gebuehr', decisionDefinitionKey: '2251799813685251' },
      '{"alter": 17}',
    );
    expect(built).toEqual({
      ok: true,
      request: { decisionDefinitionKey: '2251799813685251', variables: { alter: 17 } },
    });
  });

  it('sends no variables for empty text', () => {
    expect(buildEvaluationRequest({ decisionDefinitionId: 'Gebuehr' }, '  \n')).toEqual({
      ok: true,
      request: { decisionDefinitionId: 'Gebuehr', variables: {} },
    });
  });

  it('refuses text that is not JSON, saying why', () => {
    const built = buildEvaluationRequest({ decisionDefinitionId: 'Gebuehr' }, '{alter: 30}');
    expect(built.ok).toBe(false);
    expect(!built.ok && built.problem.kind).toBe('syntax');
    expect(!built.ok && built.problem.kind === 'syntax' && built.problem.message).not.toBe('');
  });

  it('refuses JSON that is not an object: variables have names', () => {
    for (const text of ['[1, 2]', '42', '"text"', 'null']) {
      expect(buildEvaluationRequest({ decisionDefinitionId: 'Gebuehr' }, text), text).toEqual({
        ok: false,
        problem: { kind: 'notObject' },
      });
    }
  });
});

const result: EvaluationResult = {
  decisionDefinitionId: 'Zustaendigkeit',
  decisionDefinitionKey: '2251799813685260',
  decisionDefinitionName: 'Zuständigkeit',
  decisionDefinitionVersion: 3,
  decisionRequirementsId: 'Zustaendigkeit_Def',
  decisionRequirementsKey: '2251799813685259',
  output: '"Bürgeramt Mitte"',
  failedDecisionDefinitionId: null,
  failureMessage: null,
  tenantId: '<default>',
  evaluatedDecisions: [
    {
      decisionDefinitionId: 'Bezirk',
      decisionDefinitionKey: '2251799813685261',
      decisionDefinitionVersion: 3,
      tenantId: '<default>',
      decisionDefinitionName: 'Bezirk',
      decisionDefinitionType: 'LITERAL_EXPRESSION',
      output: '"Mitte"',
      evaluatedInputs: [],
      matchedRules: [],
    },
    {
      decisionDefinitionId: 'Zustaendigkeit',
      decisionDefinitionKey: '2251799813685260',
      decisionDefinitionVersion: 3,
      tenantId: '<default>',
      decisionDefinitionName: 'Zuständigkeit',
      decisionDefinitionType: 'DECISION_TABLE',
      output: '"Bürgeramt Mitte"',
      evaluatedInputs: [
        { inputId: 'In_Z1', inputName: 'Bezirk', inputValue: '"Mitte"' },
        { inputId: 'In_Z2', inputName: '', inputValue: '500' },
      ],
      matchedRules: [
        {
          ruleId: 'Rule_Z4',
          ruleIndex: 4,
          evaluatedOutputs: [{ outputId: 'Out_Z', outputName: 'amt', outputValue: '"Bürgeramt Mitte"' }],
        },
        {
          ruleId: 'Rule_Z1',
          ruleIndex: 1,
          evaluatedOutputs: [{ outputId: 'Out_Z', outputName: '', outputValue: '"Bürgeramt"' }],
        },
      ],
    },
  ],
};

describe('evaluation result', () => {
  it('shows the output, each evaluated decision and its matched rules in table order', () => {
    const view = describeEvaluation(result);

    expect(view.decisionId).toBe('Zustaendigkeit');
    expect(view.version).toBe(3);
    expect(view.output).toBe('"Bürgeramt Mitte"');
    expect(view.failure).toBeUndefined();
    expect(view.decisions.map((decision) => decision.decisionId)).toEqual(['Bezirk', 'Zustaendigkeit']);
    const table = view.decisions[1];
    expect(table?.inputs).toEqual([
      { name: 'Bezirk', value: '"Mitte"' },
      { name: 'In_Z2', value: '500' },
    ]);
    expect(table?.matchedRules).toEqual([
      { ruleId: 'Rule_Z1', ruleIndex: 1, outputs: [{ name: 'Out_Z', value: '"Bürgeramt"' }] },
      { ruleId: 'Rule_Z4', ruleIndex: 4, outputs: [{ name: 'amt', value: '"Bürgeramt Mitte"' }] },
    ]);
  });

  it('collects the matched rule ids per decision, for marking the table rows', () => {
    const view = describeEvaluation(result);

    expect([...(view.matchedRuleIds.get('Zustaendigkeit') ?? [])].sort()).toEqual(['Rule_Z1', 'Rule_Z4']);
    expect(view.matchedRuleIds.get('Bezirk')?.size).toBe(0);
  });

  it('names the decision that failed and why', () => {
    const view = describeEvaluation({
      ...result,
      output: 'null',
      failedDecisionDefinitionId: 'Bezirk',
      failureMessage: "no variable found for name 'plz'",
      evaluatedDecisions: [],
    });

    expect(view.failure).toEqual({ decisionId: 'Bezirk', message: "no variable found for name 'plz'" });
    expect(view.output).toBe('null');
  });
});

describe('values', () => {
  it('shows JSON compact when short, indented when long, other text as it is', () => {
    expect(formatJson('{"gebuehr": 37}')).toBe('{"gebuehr":37}');
    expect(formatJson(undefined)).toBe('null');
    expect(formatJson('')).toBe('null');
    expect(formatJson('not json')).toBe('not json');
    const long = JSON.stringify({ text: 'x'.repeat(80) });
    expect(formatJson(long)).toContain('\n');
  });
});
