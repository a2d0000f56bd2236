// What the page reads from the dmn-js model (dmn-moddle objects): the decisions to test, the input expressions to
// offer sample values for, and which decision an element id of a problem belongs to.

/** The parts of a dmn-moddle element the page reads. */
export interface DmnElement {
  readonly $type: string;
  readonly id?: string;
  readonly name?: string;
  readonly [property: string]: unknown;
}

export type DecisionKind = 'decisionTable' | 'literalExpression' | 'other';

export interface DecisionInput {
  readonly id: string;
  readonly label: string;
  /** The FEEL expression of the column, e.g. `antrag.alter`. */
  readonly expression: string;
  readonly typeRef: string;
}

export interface DecisionInfo {
  readonly id: string;
  readonly name: string;
  readonly kind: DecisionKind;
  readonly inputs: readonly DecisionInput[];
  /** Ids of the decisions and input data this one requires. */
  readonly requiredDecisions: readonly string[];
  readonly requiredInputs: readonly string[];
}

/** The decisions of the graph, in the order of the file. */
export function decisionsOf(definitions: DmnElement | undefined): DecisionInfo[] {
  return drgElements(definitions)
    .filter((element) => element.$type === 'dmn:Decision' && typeof element.id === 'string')
    .map((decision) => {
      const logic = decision['decisionLogic'] as DmnElement | undefined;
      const kind: DecisionKind =
        logic?.$type === 'dmn:DecisionTable'
          ? 'decisionTable'
          : logic?.$type === 'dmn:LiteralExpression'
            ? 'literalExpression'
            : 'other';
      const requirements = list(decision['informationRequirement']);
      return {
        id: decision.id ?? '',
        name: nonEmpty(decision.name) ?? decision.id ?? '',
        kind,
        inputs: kind === 'decisionTable' ? tableInputs(logic) : [],
        requiredDecisions: requirements.flatMap((requirement) => hrefId(requirement['requiredDecision'])),
        requiredInputs: requirements.flatMap((requirement) => hrefId(requirement['requiredInput'])),
      };
    });
}

/**
 * Sample variables for testing `decisionId`: each input expression that names a variable (or a path into one) gets a
 * value of its type, for this decision and every decision and input data it requires. Expressions that compute
 * something (`alter + 1`) name no variable and are left out.
 */
export function sampleVariables(definitions: DmnElement | undefined, decisionId: string): Record<string, unknown> {
  const decisions = new Map(decisionsOf(definitions).map((decision) => [decision.id, decision]));
  const inputData = new Map(
    drgElements(definitions)
      .filter((element) => element.$type === 'dmn:InputData' && typeof element.id === 'string')
      .map((element) => [element.id ?? '', element]),
  );
  const sample: Record<string, unknown> = {};
  const seen = new Set<string>();
  const visit = (id: string): void => {
    const decision = decisions.get(id);
    if (!decision || seen.has(id)) {
      return;
    }
    seen.add(id);
    for (const input of decision.inputs) {
      const path = variablePath(input.expression);
      if (path) {
        setPath(sample, path, sampleValue(input.typeRef));
      }
    }
    for (const inputId of decision.requiredInputs) {
      const data = inputData.get(inputId);
      const variable = data?.['variable'] as DmnElement | undefined;
      const name = nonEmpty(variable?.name) ?? nonEmpty(data?.name);
      if (name && variablePath(name) && !(name in sample)) {
        sample[name] = sampleValue(text(variable?.['typeRef']));
      }
    }
    decision.requiredDecisions.forEach(visit);
  };
  visit(decisionId);
  return sample;
}

/** The decision (or other DRG element) that holds the element, e.g. the decision of a rule or a cell; or undefined. */
export function owningDrgElement(definitions: DmnElement | undefined, elementId: string): DmnElement | undefined {
  return drgElements(definitions).find((element) => containsId(element, elementId, new Set()));
}

/** `a`, `a.b.c` (FEEL names without spaces); anything else is an expression, not a variable. */
export function variablePath(expression: string): string[] | undefined {
  const text = expression.trim();
  if (!/^[\p{L}_?][\p{L}\p{N}_?]*(\.[\p{L}_?][\p{L}\p{N}_?]*)*$/u.test(text)) {
    return undefined;
  }
  const keywords = ['true', 'false', 'null', 'not', 'and', 'or', 'if', 'then', 'else', 'for', 'in', 'return'];
  const parts = text.split('.');
  return parts.some((part) => keywords.includes(part)) ? undefined : parts;
}

function sampleValue(typeRef: string): unknown {
  switch (typeRef.trim().toLowerCase()) {
    case 'number':
    case 'integer':
    case 'long':
    case 'double':
      return 0;
    case 'boolean':
      return false;
    case 'date':
      return '2026-01-01';
    case 'time':
      return '12:00:00';
    case 'datetime':
    case 'date and time':
      return '2026-01-01T12:00:00';
    case 'string':
      return '';
    default:
      return null;
  }
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.forEach((part, index) => {
    if (index === path.length - 1) {
      if (!(part in node)) {
        node[part] = value;
      }
      return;
    }
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) {
      node[part] = {};
    }
    node = node[part] as Record<string, unknown>;
  });
}

function tableInputs(table: DmnElement | undefined): DecisionInput[] {
  return list(table?.['input']).map((input, index) => {
    const expression = input['inputExpression'] as DmnElement | undefined;
    const expressionText = text(expression?.['text']);
    return {
      id: input.id ?? `input-${index + 1}`,
      label: nonEmpty(input['label']) ?? (expressionText || input.id) ?? '',
      expression: expressionText,
      typeRef: text(expression?.['typeRef']),
    };
  });
}

function drgElements(definitions: DmnElement | undefined): DmnElement[] {
  return list(definitions?.['drgElement']);
}

function list(value: unknown): DmnElement[] {
  return Array.isArray(value) ? (value as DmnElement[]) : [];
}

/** `#Decision_1` → `Decision_1`. */
function hrefId(reference: unknown): string[] {
  const href = (reference as { href?: unknown } | undefined)?.href;
  return typeof href === 'string' && href.length > 1 ? [href.replace(/^#/, '')] : [];
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim().length > 0 ? value.trim() : undefined;
}

function containsId(value: unknown, id: string, seen: Set<unknown>): boolean {
  if (typeof value !== 'object' || value === null || seen.has(value)) {
    return false;
  }
  seen.add(value);
  if (Array.isArray(value)) {
    return value.some((item) => containsId(item, id, seen));
  }
  const record = value as Record<string, unknown>;
  if (record['id'] === id) {
    return true;
  }
  // `$parent` and `$model` lead out of the element; diagram info (`di`) is not part of it.
  return Object.entries(record).some(
    ([key, child]) => !key.startsWith('$') && key !== 'di' && containsId(child, id, seen),
  );
}
