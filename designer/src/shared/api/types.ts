// Shapes of docs/api.md. Keys are strings because they exceed JavaScript's safe integer range.

export interface CurrentUser {
  readonly userId: string;
  readonly displayName?: string | null;
  readonly groups: readonly string[];
  readonly roles: readonly string[];
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

export interface ProcessDefinitionFilter {
  readonly processDefinitionId?: string;
  readonly isLatestVersion?: boolean;
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

export interface DeploymentResult {
  readonly deploymentKey: string;
  readonly tenantId?: string;
  readonly deployments: readonly { readonly processDefinition?: DeployedProcess; readonly form?: DeployedForm }[];
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
}

export interface UserTaskForm {
  readonly formKey: string;
  readonly formId?: string;
  readonly version?: number;
  /** form-js JSON as a string. */
  readonly schema: string;
  readonly tenantId?: string;
}

export interface Variable {
  readonly name: string;
  /** JSON text. */
  readonly value: string;
}
