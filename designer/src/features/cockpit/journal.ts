import type { JournalEntry, JournalEvent } from '../../shared/api';
import { formatDateTime, shorten } from '../../shared/format';
import type { MessageKey } from '../../shared/i18n';
import { readDecisionAudit, type DecisionAudit } from './decision-audit';
import { labelText, type Label } from './labels';

/** How long a detail (a variables document, a message) may be in the journal table before it is cut. */
export const maxDetailLength = 300;

/** `user:erika` → erika, `system:fachverfahren` → fachverfahren (System), `engine:engine` → Engine. */
export function actorLabel(actor: string): Label {
  const separator = actor.indexOf(':');
  const kind = separator < 0 ? '' : actor.slice(0, separator);
  const id = separator < 0 ? actor : actor.slice(separator + 1);
  switch (kind) {
    case 'user':
      return id;
    case 'system':
      return { key: 'cockpit.actor.system', params: { id } };
    case 'engine':
      return { key: 'cockpit.actor.engine' };
    default:
      return actor;
  }
}

/** Who acted for an entry: "max", or "max für erika" when a deputy acted for an absent colleague. */
export function entryActorLabel(entry: Pick<JournalEntry, 'actor' | 'onBehalfOf'>): Label {
  const actor = actorLabel(entry.actor);
  return entry.onBehalfOf
    ? { key: 'cockpit.actor.onBehalfOf', params: { actor: labelText(actor), principal: entry.onBehalfOf } }
    : actor;
}

const commands: Readonly<Record<string, MessageKey>> = {
  start: 'cockpit.command.start',
  'complete-user-task': 'cockpit.command.complete-user-task',
  'assign-user-task': 'cockpit.command.assign-user-task',
  'unassign-user-task': 'cockpit.command.unassign-user-task',
  'fire-timer': 'cockpit.command.fire-timer',
  'complete-job': 'cockpit.command.complete-job',
  'fail-job': 'cockpit.command.fail-job',
  'throw-job-error': 'cockpit.command.throw-job-error',
  'resolve-incident': 'cockpit.command.resolve-incident',
  cancel: 'cockpit.command.cancel',
  'correlate-message': 'cockpit.command.correlate-message',
  'trigger-signal': 'cockpit.command.trigger-signal',
  'set-variables': 'cockpit.command.set-variables',
  'complete-call-activity': 'cockpit.command.complete-call-activity',
  'fail-call-activity': 'cockpit.command.fail-call-activity',
  'child-error': 'cockpit.command.child-error',
  'child-escalation': 'cockpit.command.child-escalation',
  'activate-ad-hoc-elements': 'cockpit.command.activate-ad-hoc-elements',
  'comment-user-task': 'cockpit.command.comment-user-task',
};

/** The command's German name; one this designer does not know yet is shown as the engine names it. */
export function commandLabel(command: string): Label {
  const key = commands[command];
  return key ? { key } : command;
}

const events: Readonly<Record<string, MessageKey>> = {
  InstanceStarted: 'cockpit.event.InstanceStarted',
  ElementActivated: 'cockpit.event.ElementActivated',
  ElementCompleted: 'cockpit.event.ElementCompleted',
  ElementTerminated: 'cockpit.event.ElementTerminated',
  FlowTaken: 'cockpit.event.FlowTaken',
  VariablesSet: 'cockpit.event.VariablesSet',
  UserTaskCreated: 'cockpit.event.UserTaskCreated',
  UserTaskCompleted: 'cockpit.event.UserTaskCompleted',
  UserTaskAssigned: 'cockpit.event.UserTaskAssigned',
  UserTaskUnassigned: 'cockpit.event.UserTaskUnassigned',
  TimerScheduled: 'cockpit.event.TimerScheduled',
  TimerFired: 'cockpit.event.TimerFired',
  JobCreated: 'cockpit.event.JobCreated',
  JobCompleted: 'cockpit.event.JobCompleted',
  JobFailed: 'cockpit.event.JobFailed',
  IncidentRaised: 'cockpit.event.IncidentRaised',
  IncidentResolved: 'cockpit.event.IncidentResolved',
  InstanceCompleted: 'cockpit.event.InstanceCompleted',
  InstanceCanceled: 'cockpit.event.InstanceCanceled',
  InstanceTerminated: 'cockpit.event.InstanceTerminated',
  MessageCorrelated: 'cockpit.event.MessageCorrelated',
  MessagePublished: 'cockpit.event.MessagePublished',
  SignalReceived: 'cockpit.event.SignalReceived',
  SignalBroadcast: 'cockpit.event.SignalBroadcast',
  ErrorThrown: 'cockpit.event.ErrorThrown',
  EscalationThrown: 'cockpit.event.EscalationThrown',
  CompensationThrown: 'cockpit.event.CompensationThrown',
  ChildInstanceRequested: 'cockpit.event.ChildInstanceRequested',
  UserTaskCommented: 'cockpit.event.UserTaskCommented',
  DecisionEvaluated: 'cockpit.event.DecisionEvaluated',
};

/** One journal event as a sentence, plus what changed (a message, the variables) where that helps. */
export interface JournalEventText {
  readonly text: Label;
  readonly detail?: Label;
  /** A decision's inputs, matched rules and result, shown as a table under the event. */
  readonly decision?: DecisionAudit;
}

/**
 * @param nameOf the element's name in the diagram, so that the journal reads "Antrag prüfen abgeschlossen" rather
 *   than "Activity_0x1 abgeschlossen"; unnamed elements (most gateways) keep their id.
 */
export function journalEventText(
  event: JournalEvent,
  nameOf: (elementId: string) => string | undefined = () => undefined,
): JournalEventText {
  const element = event.elementId ? nameOf(event.elementId)?.trim() || event.elementId : '';
  const key = events[event.kind];
  const text: Label = key
    ? { key, params: { element } }
    : { key: 'cockpit.event.unknown', params: { kind: event.kind, element } };
  if (event.kind === 'DecisionEvaluated') {
    const decision = readDecisionAudit(event.detail);
    if (decision) {
      return {
        text,
        detail:
          decision.version === undefined
            ? decision.decisionId
            : {
                key: 'cockpit.event.decisionVersion',
                params: { decision: decision.decisionId, version: decision.version },
              },
        decision,
      };
    }
  }
  const detail = eventDetail(event);
  return detail === undefined ? { text } : { text, detail };
}

function eventDetail(event: JournalEvent): Label | undefined {
  const detail = event.detail?.trim();
  if (!detail) {
    return undefined;
  }
  switch (event.kind) {
    case 'UserTaskCreated':
      // The task's key: the Aufgaben page is where tasks are looked up, not the journal.
      return undefined;
    case 'TimerScheduled':
      return { key: 'cockpit.event.dueAt', params: { date: formatDateTime(detail) } };
    case 'UserTaskCompleted':
    case 'InstanceCanceled': {
      // "user:max for user:erika": a deputy completed the task for an absent colleague.
      const [actor = detail, principal] = detail.split(' for ');
      return principal
        ? {
            key: 'cockpit.event.byFor',
            params: { actor: labelText(actorLabel(actor)), principal: labelText(actorLabel(principal)) },
          }
        : { key: 'cockpit.event.by', params: { actor: labelText(actorLabel(detail)) } };
    }
    case 'UserTaskAssigned':
      return detail.replace(/\s*->\s*/g, ' → ');
    default:
      return shorten(detail, maxDetailLength);
  }
}
