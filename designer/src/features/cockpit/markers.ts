import type { ProcessInstance } from '../../shared/api';

export type MarkerKind = 'active' | 'incident';

/** How one diagram element is marked: where the instance waits, or where it is stuck. */
export interface ElementMarker {
  readonly elementId: string;
  readonly kind: MarkerKind;
  /** Tokens at the element (several in a loop or multi-instance); 0 for an incident without a waiting token. */
  readonly tokens: number;
}

/** CSS classes given to the bpmn-js canvas elements (`canvas.addMarker`). */
export const markerClasses: Readonly<Record<MarkerKind, string>> = {
  active: 'cockpit-active',
  incident: 'cockpit-incident',
};

/**
 * The markers for an instance's diagram: one per element, an incident winning over an active token, ordered by
 * element id so that a refresh redraws the same way.
 */
export function diagramMarkers(
  instance: Partial<Pick<ProcessInstance, 'activeElements' | 'incidents'>>,
): ElementMarker[] {
  const tokens = new Map<string, number>();
  const stuck = new Set<string>();
  for (const element of instance.activeElements ?? []) {
    tokens.set(element.elementId, (tokens.get(element.elementId) ?? 0) + 1);
    if (element.state.toUpperCase() === 'INCIDENT') {
      stuck.add(element.elementId);
    }
  }
  for (const incident of instance.incidents ?? []) {
    if (incident.state.toUpperCase() === 'ACTIVE') {
      stuck.add(incident.elementId);
    }
  }
  const ids = [...new Set([...tokens.keys(), ...stuck])].sort();
  return ids.map((elementId) => ({
    elementId,
    kind: stuck.has(elementId) ? 'incident' : 'active',
    tokens: tokens.get(elementId) ?? 0,
  }));
}
