import type { Page, ProcessInstanceFilter, ProcessInstanceState } from '../../shared/api';

export const pageSize = 25;

/** What the operator chose above the list. */
export interface InstanceListFilter {
  /** Empty for every process. */
  readonly processDefinitionId: string;
  /** Empty for every state. */
  readonly state: '' | ProcessInstanceState;
  /** Only instances with an open incident (the server's hasIncident filter). */
  readonly incidentsOnly: boolean;
}

export const emptyFilter: InstanceListFilter = { processDefinitionId: '', state: '', incidentsOnly: false };

export function isInstanceState(value: string): value is ProcessInstanceState {
  return value === 'ACTIVE' || value === 'COMPLETED' || value === 'TERMINATED';
}

/** The body of `POST /v2/process-instances/search` for one page (counted from 0). */
export function searchRequest(
  filter: InstanceListFilter,
  pageIndex: number,
): { filter: ProcessInstanceFilter; page: Page } {
  return {
    filter: {
      ...(filter.processDefinitionId ? { processDefinitionId: filter.processDefinitionId } : {}),
      ...(filter.state ? { state: filter.state } : {}),
      ...(filter.incidentsOnly ? { hasIncident: true } : {}),
    },
    page: { from: Math.max(0, pageIndex) * pageSize, limit: pageSize },
  };
}

export function pageCount(totalItems: number): number {
  return Math.max(1, Math.ceil(totalItems / pageSize));
}

/** Instance keys are 64-bit numbers sent as strings; anything else in a deep link is a typo. */
export function isInstanceKey(value: string): boolean {
  return /^[1-9][0-9]{0,18}$/.test(value);
}
