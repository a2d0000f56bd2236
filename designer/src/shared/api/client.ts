import { ApiError, networkProblem, readProblem } from './problem';
import type {
  CurrentUser,
  DeploymentResource,
  DeploymentResult,
  FormDocument,
  FormFilter,
  FormSummary,
  JournalEntry,
  LoginOptions,
  Page,
  ProcessDefinition,
  ProcessDefinitionFilter,
  ProcessInstance,
  ProcessInstanceFilter,
  SearchResult,
  UserTask,
  UserTaskFilter,
  UserTaskForm,
  Variable,
} from './types';

export interface ApiClientOptions {
  /** Prefix of every path. Empty by default: paths are resolved against the page, so the designer also works below a path base. */
  readonly baseUrl?: string;
  readonly fetch?: typeof fetch;
  /** Called on every 401 except from the login call itself. */
  readonly onUnauthorized?: () => void;
}

interface RequestOptions {
  readonly json?: unknown;
  readonly body?: BodyInit;
  readonly accept?: string;
  /** The login call answers 401 for bad input; that must not bounce the user to the login page again. */
  readonly unauthorizedIsExpected?: boolean;
}

/** The REST API of docs/api.md, as the designer uses it. Every failure is thrown as an {@link ApiError}. */
export class ApiClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;
  private readonly onUnauthorized: () => void;

  constructor(options: ApiClientOptions = {}) {
    this.baseUrl = options.baseUrl ?? '';
    // Bound so that `fetch` is not called with the client as `this` (browsers reject that).
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onUnauthorized = options.onUnauthorized ?? (() => undefined);
  }

  async login(userId: string, groups: readonly string[]): Promise<void> {
    await this.send('POST', 'auth/login', { json: { userId, groups }, unauthorizedIsExpected: true });
  }

  async loginOptions(): Promise<LoginOptions> {
    const response = await this.send('GET', 'auth/options', { unauthorizedIsExpected: true });
    return (await response.json()) as LoginOptions;
  }

  async logout(): Promise<void> {
    await this.send('POST', 'auth/logout', { unauthorizedIsExpected: true });
  }

  /** The logged-in user, or `null` when nobody is (401). */
  async currentUser(): Promise<CurrentUser | null> {
    try {
      const response = await this.send('GET', 'auth/me', { unauthorizedIsExpected: true });
      return (await response.json()) as CurrentUser;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return null;
      }
      throw error;
    }
  }

  async searchProcessDefinitions(
    filter: ProcessDefinitionFilter,
    page: Page = { from: 0, limit: 100 },
  ): Promise<SearchResult<ProcessDefinition>> {
    const response = await this.send('POST', 'v2/process-definitions/search', { json: { filter, page } });
    return (await response.json()) as SearchResult<ProcessDefinition>;
  }

  async processDefinitionXml(processDefinitionKey: string): Promise<string> {
    const response = await this.send('GET', `v2/process-definitions/${encodeURIComponent(processDefinitionKey)}/xml`, {
      accept: 'text/xml, application/xml, application/problem+json',
    });
    return response.text();
  }

  async searchForms(filter: FormFilter, page: Page = { from: 0, limit: 100 }): Promise<SearchResult<FormSummary>> {
    const response = await this.send('POST', 'v2/forms/search', { json: { filter, page } });
    return (await response.json()) as SearchResult<FormSummary>;
  }

  async form(formKey: string): Promise<FormDocument> {
    const response = await this.send('GET', `v2/forms/${encodeURIComponent(formKey)}`);
    return (await response.json()) as FormDocument;
  }

  async searchProcessInstances(
    filter: ProcessInstanceFilter,
    page: Page = { from: 0, limit: 100 },
  ): Promise<SearchResult<ProcessInstance>> {
    const response = await this.send('POST', 'v2/process-instances/search', { json: { filter, page } });
    return (await response.json()) as SearchResult<ProcessInstance>;
  }

  async processInstance(processInstanceKey: string): Promise<ProcessInstance> {
    const response = await this.send('GET', `v2/process-instances/${encodeURIComponent(processInstanceKey)}`);
    return (await response.json()) as ProcessInstance;
  }

  async processInstanceJournal(processInstanceKey: string): Promise<JournalEntry[]> {
    const response = await this.send('GET', `v2/process-instances/${encodeURIComponent(processInstanceKey)}/journal`);
    return (await response.json()) as JournalEntry[];
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.send('POST', `v2/process-instances/${encodeURIComponent(processInstanceKey)}/cancellation`);
  }

  /** Resolves the incident; the engine repeats the step it stopped at. */
  async resolveIncident(incidentKey: string): Promise<void> {
    await this.send('POST', `v2/incidents/${encodeURIComponent(incidentKey)}/resolution`);
  }

  async deploy(resources: readonly DeploymentResource[], tenantId?: string): Promise<DeploymentResult> {
    const form = new FormData();
    for (const resource of resources) {
      const blob = new Blob([resource.content], { type: resource.contentType ?? 'application/octet-stream' });
      form.append('resources', blob, resource.fileName);
    }
    if (tenantId !== undefined) {
      form.append('tenantId', tenantId);
    }
    const response = await this.send('POST', 'v2/deployments', { body: form });
    return (await response.json()) as DeploymentResult;
  }

  async searchUserTasks(filter: UserTaskFilter, page: Page = { from: 0, limit: 100 }): Promise<SearchResult<UserTask>> {
    const response = await this.send('POST', 'v2/user-tasks/search', { json: { filter, page } });
    return (await response.json()) as SearchResult<UserTask>;
  }

  async userTask(userTaskKey: string): Promise<UserTask> {
    const response = await this.send('GET', `v2/user-tasks/${encodeURIComponent(userTaskKey)}`);
    return (await response.json()) as UserTask;
  }

  async assignUserTask(userTaskKey: string, assignee: string, allowOverride = false): Promise<void> {
    await this.send('POST', `v2/user-tasks/${encodeURIComponent(userTaskKey)}/assignment`, {
      json: { assignee, allowOverride },
    });
  }

  async unassignUserTask(userTaskKey: string): Promise<void> {
    await this.send('DELETE', `v2/user-tasks/${encodeURIComponent(userTaskKey)}/assignee`);
  }

  async completeUserTask(userTaskKey: string, variables: Readonly<Record<string, unknown>>): Promise<void> {
    await this.send('POST', `v2/user-tasks/${encodeURIComponent(userTaskKey)}/completion`, { json: { variables } });
  }

  /** The task's form, or `null` when the task has none (204). */
  async userTaskForm(userTaskKey: string): Promise<UserTaskForm | null> {
    const response = await this.send('GET', `v2/user-tasks/${encodeURIComponent(userTaskKey)}/form`);
    if (response.status === 204) {
      return null;
    }
    return (await response.json()) as UserTaskForm;
  }

  /** All variables visible at the task, with their JSON values parsed; the search is paged, so this reads every page. */
  async userTaskVariables(userTaskKey: string): Promise<Record<string, unknown>> {
    const limit = 1000;
    const items: Variable[] = [];
    for (let from = 0; ; from += limit) {
      const response = await this.send('POST', `v2/user-tasks/${encodeURIComponent(userTaskKey)}/variables/search`, {
        json: { page: { from, limit } },
      });
      const result = (await response.json()) as SearchResult<Variable>;
      items.push(...result.items);
      if (result.items.length < limit || items.length >= (result.page?.totalItems ?? items.length)) {
        return parseVariables(items);
      }
    }
  }

  private async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: options.accept ?? 'application/json, application/problem+json',
      // A header no HTML form can send: lets the Host refuse cross-site requests that ride on the session cookie.
      'X-Requested-With': 'ProzessEngine-Designer',
    };
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    let response: Response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body }),
      });
    } catch {
      throw new ApiError(0, networkProblem());
    }
    if (response.ok) {
      return response;
    }
    const problem = await readProblem(response);
    if (response.status === 401 && !options.unauthorizedIsExpected) {
      this.onUnauthorized();
    }
    throw new ApiError(response.status, problem);
  }
}

/** Variable values arrive as JSON text; one that does not parse is kept as the text itself. */
export function parseVariables(items: readonly Variable[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const { name, value } of items) {
    try {
      variables[name] = JSON.parse(value) as unknown;
    } catch {
      variables[name] = value;
    }
  }
  return variables;
}
