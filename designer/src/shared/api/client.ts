import type { paths } from './openapi.gen';
import { ApiError, networkProblem, readProblem } from './problem';
import type {
  CurrentUser,
  DecisionEvaluation,
  DecisionEvaluationRequest,
  DecisionRequirements,
  DecisionRequirementsFilter,
  DeploymentResource,
  DeploymentResult,
  FormDocument,
  FormFilter,
  FormSummary,
  InstanceDocument,
  JournalEntry,
  LoginOptions,
  NewSubstitution,
  Page,
  ProcessDefinition,
  ProcessDefinitionFilter,
  ProcessInstance,
  ProcessInstanceFilter,
  SearchResult,
  SortCriterion,
  Substitution,
  SubstitutionFilter,
  TaskComment,
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

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The paths of the OpenAPI document that have an operation for the method. */
type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { readonly responses: unknown } ? P : never;
}[keyof paths];

/** The JSON body of the operation's 200 answer. */
type JsonAnswer<P extends keyof paths, M extends Method> = paths[P][M] extends {
  readonly responses: { readonly 200: { readonly content: { readonly 'application/json': infer Body } } };
}
  ? Body
  : never;

/** The JSON body the operation reads; never for one that reads none, or reads multipart form data. */
type JsonRequest<P extends keyof paths, M extends Method> = paths[P][M] extends {
  readonly requestBody?: { readonly content: { readonly 'application/json': infer Body } };
}
  ? Body
  : never;

/** The placeholders of a path, e.g. `key` in `/v2/user-tasks/{key}`. */
type PathParameters<P extends string> = P extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PathParameters<Rest>
  : never;

/**
 * How to call an operation. The request body is checked against the document, leaving out what the designer does not
 * send (the document lists every field of a request as required, though the Host takes a missing one as null).
 */
type RequestOptions<P extends keyof paths, M extends Method> = {
  readonly json?: Partial<JsonRequest<P, M>>;
  readonly body?: BodyInit;
  readonly accept?: string;
  /** Query parameters; undefined ones are left out. */
  readonly query?: Readonly<Record<string, string | number | undefined>>;
  /** The login call answers 401 for bad input; that must not bounce the user to the login page again. */
  readonly unauthorizedIsExpected?: boolean;
} & ([PathParameters<P>] extends [never]
  ? { readonly path?: never }
  : { readonly path: Readonly<Record<PathParameters<P>, string>> });

const defaultPage: Page = { from: 0, limit: 100 };

/**
 * The REST API of docs/api.md, as the designer uses it. Every call names its path as the Host's OpenAPI document does
 * (openapi.gen.ts), which gives its answer's type: a path or an answer that changed fails the build. Every failure is
 * thrown as an {@link ApiError}.
 */
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

  /** The development login; the server grants exactly `roles`, and clerk only when the list is empty. */
  async login(userId: string, groups: readonly string[], roles: readonly string[]): Promise<void> {
    await this.send('post', '/auth/login', { json: { userId, groups, roles }, unauthorizedIsExpected: true });
  }

  async loginOptions(): Promise<LoginOptions> {
    return this.read('get', '/auth/options', { unauthorizedIsExpected: true });
  }

  async logout(): Promise<void> {
    await this.send('post', '/auth/logout', { unauthorizedIsExpected: true });
  }

  /** The logged-in user, or `null` when nobody is (401). */
  async currentUser(): Promise<CurrentUser | null> {
    try {
      return await this.read('get', '/auth/me', { unauthorizedIsExpected: true });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return null;
      }
      throw error;
    }
  }

  async searchProcessDefinitions(
    filter: ProcessDefinitionFilter,
    page: Page = defaultPage,
  ): Promise<SearchResult<ProcessDefinition>> {
    return this.read('post', '/v2/process-definitions/search', { json: { filter, page } });
  }

  async processDefinitionXml(processDefinitionKey: string): Promise<string> {
    const response = await this.send('get', '/v2/process-definitions/{key}/xml', {
      path: { key: processDefinitionKey },
      accept: 'text/xml, application/xml, application/problem+json',
    });
    return response.text();
  }

  /** Deployed decision requirements graphs, every version (the search has no latest-version filter). */
  async searchDecisionRequirements(
    filter: DecisionRequirementsFilter = {},
    page: Page = { from: 0, limit: 1000 },
  ): Promise<SearchResult<DecisionRequirements>> {
    return this.read('post', '/v2/decision-requirements/search', { json: { filter, page } });
  }

  async decisionRequirementsXml(decisionRequirementsKey: string): Promise<string> {
    const response = await this.send('get', '/v2/decision-requirements/{key}/xml', {
      path: { key: decisionRequirementsKey },
      accept: 'text/xml, application/xml, application/problem+json',
    });
    return response.text();
  }

  async evaluateDecision(request: DecisionEvaluationRequest): Promise<DecisionEvaluation> {
    return this.read('post', '/v2/decision-definitions/evaluation', { json: request });
  }

  async searchForms(filter: FormFilter, page: Page = defaultPage): Promise<SearchResult<FormSummary>> {
    return this.read('post', '/v2/forms/search', { json: { filter, page } });
  }

  async form(formKey: string): Promise<FormDocument> {
    return this.read('get', '/v2/forms/{key}', { path: { key: formKey } });
  }

  async searchProcessInstances(
    filter: ProcessInstanceFilter,
    page: Page = defaultPage,
  ): Promise<SearchResult<ProcessInstance>> {
    return this.read('post', '/v2/process-instances/search', { json: { filter, page } });
  }

  async processInstance(processInstanceKey: string): Promise<ProcessInstance> {
    return this.read('get', '/v2/process-instances/{key}', { path: { key: processInstanceKey } });
  }

  async processInstanceDocuments(processInstanceKey: string): Promise<readonly InstanceDocument[]> {
    return this.read('get', '/v2/process-instances/{key}/documents', { path: { key: processInstanceKey } });
  }

  /** Where a document downloads from: a plain link, since a GET carries the session cookie. */
  documentUrl(processInstanceKey: string, documentKey: string): string {
    return `v2/process-instances/${encodeURIComponent(processInstanceKey)}/documents/${encodeURIComponent(documentKey)}`;
  }

  /** The documents of the task's instance, for whoever may see the task (a clerk has no rights on the instance). */
  async userTaskDocuments(userTaskKey: string): Promise<readonly InstanceDocument[]> {
    return this.read('get', '/v2/user-tasks/{key}/documents', { path: { key: userTaskKey } });
  }

  /** Where a document downloads from through its task, like {@link documentUrl}. */
  userTaskDocumentUrl(userTaskKey: string, documentKey: string): string {
    return `v2/user-tasks/${encodeURIComponent(userTaskKey)}/documents/${encodeURIComponent(documentKey)}`;
  }

  async processInstanceJournal(processInstanceKey: string): Promise<readonly JournalEntry[]> {
    const entries = await this.read('get', '/v2/process-instances/{key}/journal', {
      path: { key: processInstanceKey },
    });
    // The document describes an entry's events only as an array; JournalEvent says what the Host puts in it.
    return entries as readonly JournalEntry[];
  }

  async cancelProcessInstance(processInstanceKey: string): Promise<void> {
    await this.send('post', '/v2/process-instances/{key}/cancellation', { path: { key: processInstanceKey } });
  }

  /** Resolves the incident; the engine repeats the step it stopped at. */
  async resolveIncident(incidentKey: string): Promise<void> {
    await this.send('post', '/v2/incidents/{key}/resolution', { path: { key: incidentKey } });
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
    return this.read('post', '/v2/deployments', { body: form });
  }

  async searchUserTasks(
    filter: UserTaskFilter,
    page: Page = defaultPage,
    sort: readonly SortCriterion[] = [],
  ): Promise<SearchResult<UserTask>> {
    return this.read('post', '/v2/user-tasks/search', {
      json: sort.length > 0 ? { filter, page, sort: [...sort] } : { filter, page },
    });
  }

  async userTask(userTaskKey: string): Promise<UserTask> {
    return this.read('get', '/v2/user-tasks/{key}', { path: { key: userTaskKey } });
  }

  async assignUserTask(userTaskKey: string, assignee: string, allowOverride = false): Promise<void> {
    await this.send('post', '/v2/user-tasks/{key}/assignment', {
      path: { key: userTaskKey },
      json: { assignee, allowOverride },
    });
  }

  async unassignUserTask(userTaskKey: string): Promise<void> {
    await this.send('delete', '/v2/user-tasks/{key}/assignee', { path: { key: userTaskKey } });
  }

  async completeUserTask(userTaskKey: string, variables: Readonly<Record<string, unknown>>): Promise<void> {
    await this.send('post', '/v2/user-tasks/{key}/completion', { path: { key: userTaskKey }, json: { variables } });
  }

  /** The task's form, or `null` when the task has none (204). */
  async userTaskForm(userTaskKey: string): Promise<UserTaskForm | null> {
    const response = await this.send('get', '/v2/user-tasks/{key}/form', { path: { key: userTaskKey } });
    if (response.status === 204) {
      return null;
    }
    return (await response.json()) as JsonAnswer<'/v2/user-tasks/{key}/form', 'get'>;
  }

  /** All variables visible at the task, with their JSON values parsed; the search is paged, so this reads every page. */
  async userTaskVariables(userTaskKey: string): Promise<Record<string, unknown>> {
    const limit = 1000;
    const items: Variable[] = [];
    for (let from = 0; ; from += limit) {
      const result = await this.read('post', '/v2/user-tasks/{key}/variables/search', {
        path: { key: userTaskKey },
        json: { page: { from, limit } },
      });
      items.push(...result.items);
      if (result.items.length < limit || items.length >= result.page.totalItems) {
        return parseVariables(items);
      }
    }
  }

  /** The task's comments, oldest first (one page of up to 1000). */
  async userTaskComments(userTaskKey: string): Promise<readonly TaskComment[]> {
    const result = await this.read('get', '/v2/user-tasks/{key}/comments', {
      path: { key: userTaskKey },
      query: { limit: 1000 },
    });
    return result.items;
  }

  async commentUserTask(userTaskKey: string, text: string): Promise<TaskComment> {
    const response = await this.send('post', '/v2/user-tasks/{key}/comments', {
      path: { key: userTaskKey },
      json: { text },
    });
    return (await response.json()) as TaskComment;
  }

  /** The comments on every task of the instance, oldest first (one page of up to 1000), for the cockpit. */
  async processInstanceComments(processInstanceKey: string): Promise<readonly TaskComment[]> {
    const result = await this.read('get', '/v2/process-instances/{key}/comments', {
      path: { key: processInstanceKey },
      query: { limit: 1000 },
    });
    return result.items;
  }

  /** Substitutions the caller may see: their own (as absent person or deputy), or all of the tenant for a team lead. */
  async searchSubstitutions(
    filter: SubstitutionFilter = {},
    page: Page = defaultPage,
  ): Promise<SearchResult<Substitution>> {
    return this.read('get', '/v2/substitutions', {
      query: { ...filter, from: page.from ?? undefined, limit: page.limit ?? undefined },
    });
  }

  async createSubstitution(substitution: NewSubstitution): Promise<Substitution> {
    const response = await this.send('post', '/v2/substitutions', { json: substitution });
    return (await response.json()) as Substitution;
  }

  /** Ends the substitution now (one that has not started yet is removed). */
  async endSubstitution(substitutionKey: string): Promise<void> {
    await this.send('delete', '/v2/substitutions/{key}', { path: { key: substitutionKey } });
  }

  /** Calls the operation and reads its JSON answer, typed as the document says. */
  private async read<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    options: RequestOptions<P, M>,
  ): Promise<JsonAnswer<P, M>> {
    const response = await this.send(method, path, options);
    return (await response.json()) as JsonAnswer<P, M>;
  }

  private async send<M extends Method, P extends PathOf<M>>(
    method: M,
    path: P,
    options: RequestOptions<P, M>,
  ): Promise<Response> {
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
      response = await this.fetchImpl(
        `${this.baseUrl}${relativeUrl(path, options.path)}${queryString(options.query)}`,
        {
          method: method.toUpperCase(),
          headers,
          credentials: 'same-origin',
          ...(body === undefined ? {} : { body }),
        },
      );
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

/**
 * The document's path with its placeholders filled in, without the leading slash: relative to the page, so that the
 * designer also works below a path base.
 */
function relativeUrl(path: string, parameters: Readonly<Record<string, string>> = {}): string {
  return path.slice(1).replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = parameters[name];
    if (value === undefined) {
      throw new Error(`No value for ${placeholder} in ${path}.`);
    }
    return encodeURIComponent(value);
  });
}

/** `?name=value&…` of the defined parameters, or nothing. */
function queryString(query: Readonly<Record<string, string | number | undefined>> = {}): string {
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) {
      parameters.append(name, String(value));
    }
  }
  const text = parameters.toString();
  return text.length > 0 ? `?${text}` : '';
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
