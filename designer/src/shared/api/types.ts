// The API's shapes, named as the designer uses them. Answers come from the Host's OpenAPI document (openapi.gen.ts,
// generated from the snapshot openapi.json: see README.md, "API types"); what the document cannot describe is written
// here, and says why. Keys are strings because they exceed JavaScript's safe integer range.
import type { components } from './openapi.gen';

type Schemas = components['schemas'];

export type CurrentUser = Schemas['CurrentUser'];
/** Which ways of signing in the server offers (`GET /auth/options`). */
export type LoginOptions = Schemas['LoginOptions'];

/** A document (letter, Bescheid) a document task rendered for an instance. */
export type InstanceDocument = Schemas['DocumentView'];

export type ProcessDefinition = Schemas['ProcessDefinitionView'];
export type DeploymentResult = Schemas['DeploymentResponse'];
export type DeployedProcess = Schemas['DeployedProcessDefinitionItem'];
export type DeployedForm = Schemas['DeployedFormItem'];
/** A decision version and a decision requirements graph (.dmn file) version of a deployment. */
export type DeployedDecision = Schemas['DeployedDecisionDefinitionItem'];
export type DeployedDecisionRequirements = Schemas['DeployedDecisionRequirementsItem'];
/** A deployed decision requirements graph version (`POST /v2/decision-requirements/search`). */
export type DecisionRequirements = Schemas['DecisionRequirementsView'];
/** `POST /v2/decision-definitions/evaluation`: the result, every decision evaluated on the way, or the failure. */
export type DecisionEvaluation = Schemas['EvaluateDecisionResponse'];
export type EvaluatedDecision = Schemas['EvaluatedDecisionItem'];

/** A decision to evaluate: by id (its latest version) or by key, with the variables it sees. */
export type DecisionEvaluationRequest =
  | { readonly decisionDefinitionId: string; readonly variables: Readonly<Record<string, unknown>> }
  | { readonly decisionDefinitionKey: string; readonly variables: Readonly<Record<string, unknown>> };

export interface DecisionRequirementsFilter {
  readonly decisionRequirementsId?: string;
  readonly tenantId?: string;
}
/** Something a deployment accepted but that may not do what the modeller expects. */
export type DeploymentWarning = Schemas['DeploymentWarningItem'];

export type UserTask = Schemas['UserTaskView'];
/** A deployed form version with its schema (`GET /v2/forms/{key}`). */
export type FormDocument = Schemas['FormView'];
/** A user task's form (`GET /v2/user-tasks/{key}/form`); formKey is null for a form embedded in the process model. */
export type UserTaskForm = Schemas['UserTaskFormResponse'];
/** One deployed form version in a search result, without its schema. */
export type FormSummary = Schemas['FormSummaryView'];

/** `GET /v2/process-instances/{key}`; a search result leaves out variables, active elements and incidents. */
export type ProcessInstance = Schemas['ProcessInstanceView'];
/** An element the instance is at: waiting (ACTIVE), passing through, or stuck (INCIDENT). */
export type ActiveElement = Schemas['ActiveElementView'];
export type Incident = Schemas['IncidentView'];
export type Variable = Schemas['VariableView'];

export interface SearchResult<T> {
  readonly items: readonly T[];
  readonly page: Schemas['PageInfo'];
}

/**
 * The part of a search's paging the designer sets: an offset, or (user tasks) a cursor of an earlier answer, with
 * `from: null`, since the Host takes one or the other.
 */
export type Page = Pick<Schemas['PageRequest'], 'from' | 'limit' | 'after' | 'before'>;

/** One sort criterion of a search. */
export interface SortCriterion {
  readonly field: string;
  readonly order: 'ASC' | 'DESC';
}

/**
 * One thing that happened inside a command, e.g. `{ kind: "IncidentRaised", elementId, detail: message }`. The Host
 * keeps events as JSON its document describes only as an array.
 */
export interface JournalEvent {
  readonly kind: string;
  readonly elementId?: string | null;
  readonly elementInstanceKey?: string | null;
  readonly detail?: string | null;
}

/** One command applied to an instance: who (`user:erika`, `system:fachverfahren`, `engine:engine`), when, what. */
export type JournalEntry = Omit<Schemas['JournalEntryView'], 'events'> & { readonly events: readonly JournalEvent[] };

/** A note on a user task (`/v2/user-tasks/{key}/comments`), with the task it belongs to. */
export type TaskComment = Schemas['TaskCommentView'];

/** A substitution (Vertretung): while it runs, the deputies work on the absent person's tasks in their name. */
export type Substitution = Schemas['SubstitutionView'];
export type SubstitutionState = 'PLANNED' | 'ACTIVE' | 'ENDED';

export interface SubstitutionFilter {
  readonly absentUserId?: string;
  readonly deputyId?: string;
  readonly state?: SubstitutionState;
}

/**
 * A substitution to create. `from` and `to` are days (`2026-08-03`, `to` inclusive) or instants with offset; without
 * `absentUserId` it is the caller's own, without `from` it starts now.
 */
export interface NewSubstitution {
  readonly absentUserId?: string;
  readonly deputies: readonly string[];
  readonly from?: string;
  readonly to: string;
}

/** A file to deploy; the client sends it as multipart form data. */
export interface DeploymentResource {
  readonly fileName: string;
  readonly content: string;
  readonly contentType?: string;
}

// Filters: the Host reads a search's filter as JSON of its own (docs/api.md, with operators such as { $in: [...] }),
// which its document describes as any value, and answers an unknown one with a 400 instead of ignoring it. These are
// the filters the designer uses.

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';
export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

export interface ProcessDefinitionFilter {
  readonly processDefinitionId?: string;
  readonly isLatestVersion?: boolean;
  readonly tenantId?: string;
}

export interface FormFilter {
  readonly formId?: string;
  readonly isLatestVersion?: boolean;
  readonly tenantId?: string;
}

export interface UserTaskFilter {
  /** One group, or several at once with `{ $in: [...] }`. */
  readonly candidateGroup?: string | { readonly $in: readonly string[] };
  readonly assignee?: string;
  readonly state?: UserTaskState;
  readonly processInstanceKey?: string;
  readonly processDefinitionId?: string;
  readonly tenantId?: string;
  /** Words in the title, the column values or the name, ignoring case. */
  readonly text?: string;
  /** false: leaves out tasks whose follow-up date (Wiedervorlage) is still ahead; true: only those. */
  readonly followUpPending?: boolean;
}

export interface ProcessInstanceFilter {
  readonly processDefinitionId?: string;
  readonly state?: ProcessInstanceState;
  readonly hasIncident?: boolean;
  readonly tenantId?: string;
}
