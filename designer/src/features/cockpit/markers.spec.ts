import { describe, expect, it } from 'vitest';
import type { ActiveElement, Incident } from '../../shared/api';
import { diagramMarkers } from './markers';

const active = (elementId: string, state = 'ACTIVE'): ActiveElement => ({
  elementInstanceKey: `${elementId}-${state}`,
  elementId,
  elementName: null,
  elementType: 'SERVICE_TASK',
  state,
});

const incident = (elementId: string, state = 'ACTIVE'): Incident => ({
  incidentKey: `i-${elementId}`,
  processInstanceKey: '1',
  processDefinitionKey: '2',
  processDefinitionId: 'antrag',
  elementId,
  elementInstanceKey: `${elementId}-1`,
  errorType: 'ConditionNoMatch',
  errorMessage: 'No condition is true',
  state,
  creationTime: '2026-12-01T08:00:00Z',
  jobKey: null,
  tenantId: '<default>',
});

describe('diagram markers', () => {
  it('marks waiting elements as active, with their token count', () => {
    expect(
      diagramMarkers({ activeElements: [active('Task_B'), active('Task_A'), active('Task_B')], incidents: [] }),
    ).toEqual([
      { elementId: 'Task_A', kind: 'active', tokens: 1 },
      { elementId: 'Task_B', kind: 'active', tokens: 2 },
    ]);
  });

  it('marks an element with an incident as such, also when only the incident list names it', () => {
    expect(
      diagramMarkers({
        activeElements: [active('Gateway_1', 'INCIDENT'), active('Task_A')],
        incidents: [incident('Gateway_1'), incident('Task_C')],
      }),
    ).toEqual([
      { elementId: 'Gateway_1', kind: 'incident', tokens: 1 },
      { elementId: 'Task_A', kind: 'active', tokens: 1 },
      { elementId: 'Task_C', kind: 'incident', tokens: 0 },
    ]);
  });

  it('ignores resolved incidents and copes with a search result that has no details', () => {
    expect(diagramMarkers({ activeElements: [active('Task_A')], incidents: [incident('Task_A', 'RESOLVED')] })).toEqual(
      [{ elementId: 'Task_A', kind: 'active', tokens: 1 }],
    );
    expect(diagramMarkers({ activeElements: null, incidents: null })).toEqual([]);
    expect(diagramMarkers({})).toEqual([]);
  });
});
