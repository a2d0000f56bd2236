// Shapes of docs/api.md. Keys are strings because they exceed JavaScript's safe integer range.

export interface CurrentUser {
  readonly userId: string;
  readonly displayName?: string | null;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
  /** The user's own tenant: what a request without tenantId acts in. */
  readonly tenantId?: string;
  /** Every tenant the user may name in tenantId, their own first. */
  readonly tenantIds?: readonly string[];
}

/** Which ways of signing in the server offers (`GET /auth/options`). */
export interface LoginOptions {
  readonly developmentLogin: boolean;
  readonly identityProvider: boolean;
  /** Relative URL that starts the sign-in at the identity provider; add `returnUrl`. */
  readonly identityProviderLoginUrl?: string | null;
}

export interface Page {
  readonly from?: number;
  readonly limit?: number;
}

/** One sort criterion of a search; the fields each search sorts by are listed in docs/api.md. */
export interface Sort {
  readonly field: string;
  readonly order?: 'ASC' | 'DESC';
}

export interface SearchResult<T> {
  readonly items: readonly T[];
  readonly page?: { readonly totalItems?: number };
}

export interface ProcessDefinition {
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly name?: string | null;
  readonly version: number;
  readonly resourceName?: string | null;
  readonly tenantId?: string | null;
}

/**
 * The filters the designer uses; the server offers more (docs/api.md, with operators such as { $in: [...] }) and
 * answers an unknown one with a 400 instead of ignoring it.
 */
export interface ProcessDefinitionFilter {
  readonly processDefinitionId?: string;
  readonly isLatestVersion?: boolean;
  readonly tenantId?: string;
}

export interface DeployedProcess {
  readonly processDefinitionId: string;
  readonly processDefinitionVersion: number;
  readonly processDefinitionKey: string;
  readonly resourceName?: string;
  readonly tenantId?: string;
}

export interface DeployedForm {
  readonly formId: string;
  readonly version: number;
  readonly formKey: string;
  readonly resourceName?: string;
  readonly tenantId?: string;
}

/** Something a deployment accepted but that may not do what the modeller expects. */
export interface DeploymentWarning {
  readonly resourceName: string;
  readonly elementId?: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
}

export interface DeploymentResult {
  readonly deploymentKey: string;
  readonly tenantId?: string;
  readonly deployments: readonly { readonly processDefinition?: DeployedProcess; readonly form?: DeployedForm }[];
  /** Absent from engines older than the warnings. */
  readonly warnings?: readonly DeploymentWarning[];
}

export interface DeploymentResource {
  readonly fileName: string;
  readonly content: string;
  readonly contentType?: string;
}

export type UserTaskState = 'CREATED' | 'COMPLETED' | 'CANCELED';

export interface UserTask {
  readonly userTaskKey: string;
  readonly name?: string | null;
  readonly state: UserTaskState;
  readonly assignee?: string | null;
  readonly candidateGroups?: readonly string[] | null;
  readonly candidateUsers?: readonly string[] | null;
  readonly elementId: string;
  readonly elementInstanceKey?: string;
  readonly processDefinitionId: string;
  readonly processDefinitionKey?: string;
  readonly processDefinitionVersion?: number;
  readonly processInstanceKey: string;
  readonly formKey?: string | null;
  readonly formId?: string | null;
  /** A form key for the application that shows the task (zeebe:formDefinition formKey naming no embedded form). */
  readonly customFormKey?: string | null;
  /** A link to a form outside the engine (zeebe:formDefinition externalReference). */
  readonly externalFormReference?: string | null;
  readonly creationDate?: string | null;
  readonly completionDate?: string | null;
  readonly dueDate?: string | null;
  readonly followUpDate?: string | null;
  readonly priority?: number | null;
  readonly tenantId?: string | null;
}

export interface UserTaskFilter {
  readonly candidateGroup?: string;
  readonly assignee?: string;
  readonly state?: UserTaskState;
  readonly processInstanceKey?: string;
  readonly processDefinitionId?: string;
  readonly tenantId?: string;
}

/** A deployed form version with its schema (`GET /v2/forms/{key}`, `GET /v2/user-tasks/{key}/form`). */
export interface FormDocument {
  /** Absent for a form embedded in the process model. */
  readonly formKey?: string | null;
  readonly formId?: string;
  readonly version?: number;
  /** form-js JSON as a string. */
  readonly schema: string;
  readonly tenantId?: string;
}

export type UserTaskForm = FormDocument;

/** One deployed form version in a search result, without its schema. */
export interface FormSummary {
  readonly formKey: string;
  readonly formId: string;
  readonly version: number;
  readonly resourceName?: string | null;
  readonly tenantId?: string | null;
  readonly createdAt?: string | null;
}

export interface FormFilter {
  readonly formId?: string;
  readonly isLatestVersion?: boolean;
  readonly tenantId?: string;
}

export type ProcessInstanceState = 'ACTIVE' | 'COMPLETED' | 'TERMINATED';

/** An element the instance is at: waiting (ACTIVE), passing through, or stuck (INCIDENT). */
export interface ActiveElement {
  readonly elementInstanceKey: string;
  readonly elementId: string;
  readonly elementName?: string | null;
  readonly elementType?: string | null;
  readonly state: string;
}

export interface Incident {
  readonly incidentKey: string;
  readonly processInstanceKey?: string;
  readonly processDefinitionKey?: string;
  readonly processDefinitionId?: string;
  readonly elementId: string;
  readonly elementInstanceKey?: string;
  readonly errorType: string;
  readonly errorMessage: string;
  readonly state?: string;
  readonly creationTime?: string | null;
  readonly jobKey?: string | null;
  readonly tenantId?: string | null;
}

/** `GET /v2/process-instances/{key}`; a search result leaves out variables, active elements and incidents. */
export interface ProcessInstance {
  readonly processInstanceKey: string;
  readonly processDefinitionKey: string;
  readonly processDefinitionId: string;
  readonly processDefinitionName?: string | null;
  readonly processDefinitionVersion: number;
  /** ACTIVE, COMPLETED or TERMINATED; a newer server may know more. */
  readonly state: string;
  readonly startDate?: string | null;
  readonly endDate?: string | null;
  readonly hasIncident?: boolean;
  readonly tenantId?: string | null;
  readonly variables?: Readonly<Record<string, unknown>> | null;
  readonly activeElements?: readonly ActiveElement[] | null;
  readonly incidents?: readonly Incident[] | null;
}

export interface ProcessInstanceFilter {
  readonly processDefinitionId?: string;
  readonly state?: ProcessInstanceState;
  readonly hasIncident?: boolean;
  readonly tenantId?: string;
}

/** One thing that happened inside a command, e.g. `{ kind: "IncidentRaised", elementId, detail: message }`. */
export interface JournalEvent {
  readonly kind: string;
  readonly elementId?: string | null;
  readonly elementInstanceKey?: string | null;
  readonly detail?: string | null;
}

/** One command applied to an instance: who (`user:erika`, `system:fachverfahren`, `engine:engine`), when, what. */
export interface JournalEntry {
  readonly sequence: number;
  readonly at: string;
  readonly actor: string;
  readonly command: string;
  readonly events: readonly JournalEvent[];
  readonly hash?: string;
}

export interface Variable {
  readonly name: string;
  /** JSON text. */
  readonly value: string;
}
