import type { Text } from '../../shared/dom';
import { t, type MessageKey } from '../../shared/i18n';

/** A translated text, or a value from the server that has no translation (an unknown state, a user id). */
export type Label = Text | string;

export function labelText(label: Label): string {
  return typeof label === 'string' ? label : t(label.key, label.params);
}

const instanceStates: Readonly<Record<string, MessageKey>> = {
  ACTIVE: 'cockpit.state.ACTIVE',
  COMPLETED: 'cockpit.state.COMPLETED',
  TERMINATED: 'cockpit.state.TERMINATED',
};

/** Aktiv, Abgeschlossen, Abgebrochen; a state a newer server may send is shown as it is. */
export function instanceStateLabel(state: string): Label {
  const key = instanceStates[state.toUpperCase()];
  return key ? { key } : state;
}

const elementStates: Readonly<Record<string, MessageKey>> = {
  ACTIVE: 'cockpit.elementState.ACTIVE',
  ACTIVATING: 'cockpit.elementState.ACTIVATING',
  COMPLETING: 'cockpit.elementState.COMPLETING',
  INCIDENT: 'cockpit.elementState.INCIDENT',
};

export function elementStateLabel(state: string): Label {
  const key = elementStates[state.toUpperCase()];
  return key ? { key } : state;
}

const errorTypes: Readonly<Record<string, MessageKey>> = {
  expressionevaluation: 'cockpit.errorType.ExpressionEvaluation',
  conditionnomatch: 'cockpit.errorType.ConditionNoMatch',
  iomapping: 'cockpit.errorType.IoMapping',
  jobnoretries: 'cockpit.errorType.JobNoRetries',
  extract: 'cockpit.errorType.Extract',
  unhandled: 'cockpit.errorType.Unhandled',
  calledelement: 'cockpit.errorType.CalledElement',
  timer: 'cockpit.errorType.Timer',
  formnotfound: 'cockpit.errorType.FormNotFound',
};

/** The engine sends `ConditionNoMatch`; Camunda-style `CONDITION_NO_MATCH` is read the same. */
export function errorTypeLabel(errorType: string): Label {
  const key = errorTypes[errorType.replace(/_/g, '').toLowerCase()];
  return key ? { key } : errorType;
}
