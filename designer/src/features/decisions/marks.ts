/** CSS classes the page puts on the dmn-js decision table. */
export const matchedRuleClass = 'decision-rule-matched';
export const problemClass = 'decision-problem';

export interface Marks {
  /** Rule ids whose rows are marked as matched by the last evaluation. */
  readonly matchedRules: ReadonlySet<string>;
  /** Element ids (cells, columns, rules) a deployment problem names. */
  readonly problems: ReadonlySet<string>;
}

/**
 * Marks the rows of matched rules and the cells a problem names in the rendered table below `root`. dmn-js draws the
 * table anew after each change, so this runs again after every redraw; it only touches our own classes.
 */
export function applyMarks(root: ParentNode, marks: Marks): void {
  for (const row of root.querySelectorAll(`.${matchedRuleClass}`)) {
    row.classList.remove(matchedRuleClass);
  }
  for (const cell of root.querySelectorAll(`.${problemClass}`)) {
    cell.classList.remove(problemClass);
  }
  for (const ruleId of marks.matchedRules) {
    for (const cell of root.querySelectorAll(
      `[data-row-id="${cssString(ruleId)}"], [data-element-id="${cssString(ruleId)}"]`,
    )) {
      cell.closest('tr')?.classList.add(matchedRuleClass);
    }
  }
  for (const elementId of marks.problems) {
    for (const cell of root.querySelectorAll(`[data-element-id="${cssString(elementId)}"]`)) {
      cell.classList.add(problemClass);
    }
  }
}

/**
 * dmn-js leaves the header of the rule number column empty, which screen readers announce as a blank column (axe's
 * empty-table-header). It gets a visible heading of ours; the header is drawn anew with the table, so this runs with
 * the marks.
 */
export function labelRuleNumberColumn(root: ParentNode, label: string): void {
  for (const header of root.querySelectorAll('th.index-column')) {
    const own = header.querySelector(`.${ruleNumberLabelClass}`);
    if (own) {
      // Only on a change: the page redraws the marks on every change below the canvas, this one included.
      if (own.textContent !== label) {
        own.textContent = label;
      }
    } else if (header.textContent.trim() === '') {
      const span = document.createElement('span');
      span.className = ruleNumberLabelClass;
      span.textContent = label;
      header.append(span);
    }
  }
}

export const ruleNumberLabelClass = 'decision-rule-number-label';

/** Ids come from the model and the server: quoted, so that no id can change the selector. */
function cssString(text: string): string {
  return text.replace(/["\\]/g, '\\$&');
}
