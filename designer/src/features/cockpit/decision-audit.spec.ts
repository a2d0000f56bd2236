// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetLanguageForTests, setLanguage } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import {
  decisionAuditTable,
  formatValue,
  maxValueLength,
  readDecisionAudit,
  type DecisionAudit,
} from './decision-audit';
import { journalEventText } from './journal';
import { labelText } from './labels';

// As the engine writes it (DecisionAudit.ToJson): a fee decided from a required decision's result.
const detail = JSON.stringify({
  decisionId: 'gebuehr',
  decisionKey: '2251799813685260',
  version: 3,
  decisionRequirementsId: 'gebuehren',
  decisionRequirementsKey: '2251799813685259',
  output: 70,
  evaluatedDecisions: [
    {
      decisionId: 'altersgruppe',
      decisionName: 'Altersgruppe',
      decisionType: 'LITERAL_EXPRESSION',
      inputs: [],
      matchedRules: [],
      output: 'erwachsen',
    },
    {
      decisionId: 'gebuehr',
      decisionName: 'Gebühr',
      decisionType: 'DECISION_TABLE',
      inputs: [
        { inputId: 'in_dokument', inputName: 'Dokument', value: 'Reisepass' },
        { inputId: 'in_alter', inputName: '', value: 30 },
      ],
      matchedRules: [
        { ruleId: 'Regel_Pass', ruleIndex: 4, outputs: [{ outputId: 'o1', outputName: 'gebuehr', value: 70 }] },
        { ruleId: 'Regel_Alle', ruleIndex: 1, outputs: [] },
      ],
      output: 70,
      futureField: true,
    },
  ],
});

function audited(text: string): DecisionAudit {
  const audit = readDecisionAudit(text);
  if (!audit) {
    throw new Error(`not an evaluation: ${text}`);
  }
  return audit;
}

describe('decision evaluations in the journal', () => {
  beforeEach(() => {
    vi.stubGlobal('localStorage', new MemoryStorage());
    resetLanguageForTests();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  const event = { kind: 'DecisionEvaluated', elementId: 'gebuehr_bestimmen', detail };
  const nameOf = (id: string): string | undefined => (id === 'gebuehr_bestimmen' ? 'Gebühr bestimmen' : undefined);

  it('names the task and the decision version instead of showing JSON', () => {
    const text = journalEventText(event, nameOf);
    expect(labelText(text.text)).toBe('Gebühr bestimmen: Entscheidung ausgewertet');
    expect(text.detail === undefined ? undefined : labelText(text.detail)).toBe('gebuehr, Version 3');
    setLanguage('en');
    expect(labelText(journalEventText(event, nameOf).text)).toBe('Gebühr bestimmen: decision evaluated');
  });

  it('reads inputs, matched rules in table order and outputs of every evaluated decision', () => {
    const audit = readDecisionAudit(detail);
    expect(audit).toEqual({
      decisionId: 'gebuehr',
      version: 3,
      output: '70',
      decisions: [
        {
          decisionId: 'altersgruppe',
          name: 'Altersgruppe',
          type: 'LITERAL_EXPRESSION',
          inputs: [],
          matchedRules: [],
          output: '"erwachsen"',
        },
        {
          decisionId: 'gebuehr',
          name: 'Gebühr',
          type: 'DECISION_TABLE',
          inputs: [
            { name: 'Dokument', value: '"Reisepass"' },
            { name: 'in_alter', value: '30' },
          ],
          matchedRules: [
            { ruleId: 'Regel_Alle', ruleIndex: 1 },
            { ruleId: 'Regel_Pass', ruleIndex: 4 },
          ],
          output: '70',
        },
      ],
    });
  });

  it('keeps the failure of a violated hit policy', () => {
    const failed = readDecisionAudit(
      JSON.stringify({
        decisionId: 'gebuehr',
        version: 1,
        output: null,
        failure: { decisionId: 'gebuehr', message: 'UNIQUE: rules r2, r3 matched', ruleIds: ['r2', 'r3'] },
        evaluatedDecisions: [],
      }),
    );
    expect(failed?.failure).toEqual({ decisionId: 'gebuehr', message: 'UNIQUE: rules r2, r3 matched' });
    expect(failed?.output).toBe('null');
  });

  it('shows a detail that is not an evaluation as text', () => {
    for (const text of ['kaputt', '[1]', '{"version": 1}', '']) {
      expect(readDecisionAudit(text), text).toBeUndefined();
    }
    const shown = journalEventText({ kind: 'DecisionEvaluated', elementId: 'X', detail: 'kaputt' });
    expect(shown.decision).toBeUndefined();
    expect(shown.detail).toBe('kaputt');
  });

  it('cuts long values', () => {
    const long = formatValue('x'.repeat(500));
    expect(long).toHaveLength(maxValueLength);
    expect(long.endsWith('…')).toBe(true);
    expect(formatValue(undefined)).toBe('null');
    expect(formatValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
  });

  it('draws a table with Eingaben, Treffer and Ergebnis, one row per decision', () => {
    const table = decisionAuditTable(audited(detail));
    const headers = [...table.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(headers).toEqual(['Entscheidung', 'Eingaben', 'Treffer (Regeln)', 'Ergebnis']);
    const rows = [...table.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => [...cell.childNodes].map((node) => node.textContent).join(' | ')),
    );
    expect(rows).toEqual([
      ['Altersgruppe (altersgruppe)', '–', '–', '"erwachsen"'],
      [
        'Gebühr (gebuehr)',
        'Dokument = "Reisepass" | in_alter = 30',
        'Regel 1 (Regel_Alle) | Regel 4 (Regel_Pass)',
        '70',
      ],
    ]);
  });

  it('says so when no rule of a table matched', () => {
    const audit = JSON.stringify({
      decisionId: 't',
      version: 1,
      output: null,
      evaluatedDecisions: [
        {
          decisionId: 't',
          decisionName: 't',
          decisionType: 'DECISION_TABLE',
          inputs: [],
          matchedRules: [],
          output: null,
        },
      ],
    });
    expect(decisionAuditTable(audited(audit)).querySelector('tbody td:nth-of-type(2)')?.textContent).toBe(
      'keine Regel',
    );
  });
});
