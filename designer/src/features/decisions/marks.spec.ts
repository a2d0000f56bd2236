// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { applyMarks, labelRuleNumberColumn, matchedRuleClass, problemClass, ruleNumberLabelClass } from './marks';

/** The part of dmn-js's decision table that the marks use: cells carry their rule (row) and their own id. */
function table(): HTMLElement {
  const root = document.createElement('div');
  root.innerHTML = `<table><tbody>
    <tr id="r1"><td data-element-id="Rule_1">1</td><td data-row-id="Rule_1" data-element-id="Cell_1_1">"Reisepass"</td></tr>
    <tr id="r2"><td data-element-id="Rule_2">2</td><td data-row-id="Rule_2" data-element-id="Cell_2_1">"Personalausweis"</td></tr>
    <tr id="r3"><td data-element-id="Rule_3">3</td><td data-row-id="Rule_3" data-element-id="Cell_3_1">-</td></tr>
  </tbody></table>`;
  return root;
}

describe('marks on the decision table', () => {
  it('marks the rows of matched rules and the cells named by problems', () => {
    const root = table();

    applyMarks(root, { matchedRules: new Set(['Rule_2', 'Rule_3']), problems: new Set(['Cell_1_1']) });

    expect([...root.querySelectorAll(`.${matchedRuleClass}`)].map((row) => row.id)).toEqual(['r2', 'r3']);
    expect([...root.querySelectorAll(`.${problemClass}`)].map((cell) => cell.getAttribute('data-element-id'))).toEqual([
      'Cell_1_1',
    ]);
  });

  it('removes marks of an earlier evaluation', () => {
    const root = table();
    applyMarks(root, { matchedRules: new Set(['Rule_1']), problems: new Set(['Cell_3_1']) });

    applyMarks(root, { matchedRules: new Set(['Rule_3']), problems: new Set() });

    expect([...root.querySelectorAll(`.${matchedRuleClass}`)].map((row) => row.id)).toEqual(['r3']);
    expect(root.querySelectorAll(`.${problemClass}`)).toHaveLength(0);
  });

  it('takes an id with quotes as text, not as part of the selector', () => {
    const root = table();

    expect(() => applyMarks(root, { matchedRules: new Set(['x"] , tr']), problems: new Set(['"\\']) })).not.toThrow();
    expect(root.querySelectorAll(`.${matchedRuleClass}`)).toHaveLength(0);
  });
});

describe('rule number column', () => {
  it('gets a heading once, and the heading follows the language', () => {
    const root = document.createElement('div');
    root.innerHTML = '<table><thead><tr><th class="index-column"></th><th>Dokument</th></tr></thead></table>';

    labelRuleNumberColumn(root, 'Nr.');
    labelRuleNumberColumn(root, 'No.');

    const header = root.querySelector('th.index-column');
    expect(header?.textContent).toBe('No.');
    expect(header?.querySelectorAll(`.${ruleNumberLabelClass}`)).toHaveLength(1);
    expect(root.querySelectorAll('th')[1]?.textContent).toBe('Dokument');
  });
});
