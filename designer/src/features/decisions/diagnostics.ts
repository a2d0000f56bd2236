import { ApiError, problemEntries, type ProblemDetails } from '../../shared/api';
import { owningDrgElement, type DmnElement } from './model';

/** One problem the Host found in the .dmn file, placed in the graph where possible. */
export interface Diagnostic {
  readonly message: string;
  readonly elementId?: string;
  readonly line?: number;
  readonly column?: number;
  /** The decision (or other DRG element) the element belongs to, e.g. the decision of a broken cell. */
  readonly drgElementId?: string;
  readonly drgElementName?: string;
}

/**
 * The problems of a failed deployment, each with its element, line and column, and the decision that holds the
 * element (a rule or a cell has its own id, but one opens the decision's table to fix it). A failure without a list
 * (a network error, a 500) gives no diagnostics: the page reports it as an error instead.
 */
export function deploymentDiagnostics(error: unknown, definitions: DmnElement | undefined): Diagnostic[] {
  if (!(error instanceof ApiError) || error.status !== 400) {
    return [];
  }
  return diagnosticsOf(error.problem, definitions);
}

export function diagnosticsOf(problem: ProblemDetails, definitions: DmnElement | undefined): Diagnostic[] {
  return problemEntries(problem).map((entry) => {
    const owner = entry.elementId ? owningDrgElement(definitions, entry.elementId) : undefined;
    return {
      message: entry.message,
      ...(entry.elementId ? { elementId: entry.elementId } : {}),
      ...(entry.line !== undefined ? { line: entry.line } : {}),
      ...(entry.column !== undefined ? { column: entry.column } : {}),
      ...(owner?.id ? { drgElementId: owner.id, drgElementName: owner.name?.trim() || owner.id } : {}),
    };
  });
}
