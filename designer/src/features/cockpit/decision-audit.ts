import './decision-audit.css';

import { h } from '../../shared/dom';
import { none, shorten } from '../../shared/format';
import { isRecord } from '../../shared/json';
import { t } from '../../shared/i18n';

/** How long one value may be in the journal before it is cut; the whole value stays in the journal's JSON. */
export const maxValueLength = 120;

/** One decision evaluated on the way to the result (required decisions first), as the journal shows it. */
export interface AuditedDecision {
  readonly decisionId: string;
  readonly name: string;
  /** Camunda's type name: DECISION_TABLE, LITERAL_EXPRESSION, ... Only a table has rules. */
  readonly type: string;
  readonly inputs: readonly { readonly name: string; readonly value: string }[];
  readonly matchedRules: readonly { readonly ruleId: string; readonly ruleIndex: number }[];
  readonly output: string;
}

/** The detail of a `DecisionEvaluated` journal event: which version decided what, and why. */
export interface DecisionAudit {
  readonly decisionId: string;
  readonly version?: number;
  readonly output: string;
  readonly failure?: { readonly decisionId: string; readonly message: string };
  readonly decisions: readonly AuditedDecision[];
}

/**
 * Reads the JSON the engine writes for a decision evaluation. Fields a newer engine adds are passed over; a detail
 * that is not such a document gives undefined, and the journal then shows the text as it is.
 */
export function readDecisionAudit(detail: string | null | undefined): DecisionAudit | undefined {
  if (!detail) {
    return undefined;
  }
  let root: unknown;
  try {
    root = JSON.parse(detail);
  } catch {
    return undefined;
  }
  if (!isRecord(root) || typeof root['decisionId'] !== 'string') {
    return undefined;
  }
  const failure = isRecord(root['failure']) ? root['failure'] : undefined;
  const version = root['version'];
  return {
    decisionId: root['decisionId'],
    ...(typeof version === 'number' ? { version } : {}),
    output: formatValue(root['output']),
    ...(failure
      ? {
          failure: {
            decisionId: text(failure['decisionId']) || root['decisionId'],
            message: text(failure['message']),
          },
        }
      : {}),
    decisions: records(root['evaluatedDecisions']).map(readDecision),
  };
}

function readDecision(decision: Readonly<Record<string, unknown>>): AuditedDecision {
  const decisionId = text(decision['decisionId']);
  return {
    decisionId,
    name: text(decision['decisionName']).trim() || decisionId,
    type: text(decision['decisionType']),
    inputs: records(decision['inputs']).map((input) => ({
      name: text(input['inputName']).trim() || text(input['inputId']),
      value: formatValue(input['value']),
    })),
    matchedRules: records(decision['matchedRules'])
      .map((rule) => ({
        ruleId: text(rule['ruleId']),
        ruleIndex: typeof rule['ruleIndex'] === 'number' ? rule['ruleIndex'] : 0,
      }))
      .sort((a, b) => a.ruleIndex - b.ruleIndex),
    output: formatValue(decision['output']),
  };
}

/** A FEEL value as JSON, the way a process owner writes it in a table cell: `"Reisepass"`, `30`, `null`. */
export function formatValue(value: unknown): string {
  return shorten(JSON.stringify(value === undefined ? null : value), maxValueLength);
}

/**
 * The small table under the journal event: one row per evaluated decision with its inputs, the rules that matched
 * (Treffer) and its result, so that a fee can be traced to its rule without reading JSON.
 */
export function decisionAuditTable(audit: DecisionAudit): HTMLElement {
  const cell = (values: readonly string[], valueClass = 'audit-value'): HTMLTableCellElement =>
    h('td', {}, ...(values.length === 0 ? [none] : values.map((value) => h('span', { class: valueClass }, value))));
  return h(
    'div',
    { class: 'decision-audit', 'data-testid': 'decision-audit', 'data-decision-id': audit.decisionId },
    audit.failure
      ? h('p', {
          class: 'decision-audit-failure',
          text: {
            key: 'cockpit.decision.failure',
            params: { decision: audit.failure.decisionId, message: audit.failure.message },
          },
        })
      : null,
    h(
      'table',
      { class: 'decision-audit-table' },
      h('caption', {
        class: 'visually-hidden',
        text: { key: 'cockpit.decision.caption', params: { decision: audit.decisionId } },
      }),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...(
            [
              'cockpit.decision.decision',
              'cockpit.decision.inputs',
              'cockpit.decision.rules',
              'cockpit.decision.output',
            ] as const
          ).map((key) => h('th', { scope: 'col', text: key })),
        ),
      ),
      h(
        'tbody',
        {},
        ...audit.decisions.map((decision) =>
          h(
            'tr',
            { 'data-testid': 'audited-decision', 'data-decision-id': decision.decisionId },
            h(
              'th',
              { scope: 'row' },
              decision.name === decision.decisionId ? decision.name : `${decision.name} (${decision.decisionId})`,
            ),
            cell(decision.inputs.map((input) => `${input.name} = ${input.value}`)),
            cell(
              decision.matchedRules.length === 0 && decision.type === 'DECISION_TABLE'
                ? [t('cockpit.decision.noRule')]
                : decision.matchedRules.map((rule) =>
                    t('cockpit.decision.rule', { index: rule.ruleIndex, id: rule.ruleId }),
                  ),
              'audit-rule',
            ),
            cell([decision.output]),
          ),
        ),
      ),
    ),
  );
}

function records(value: unknown): readonly Readonly<Record<string, unknown>>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
