// The decision endpoints of docs/api.md (modelled on Camunda 8's v2 API). They are written here by hand until the
// Host's OpenAPI document lists them; then the shared client takes them over with the generated types.
import { ApiError, readProblem, type ApiClient, type SearchResult } from '../../shared/api';
import { networkProblem } from '../../shared/api/problem';

/** A deployed decision requirements graph (one .dmn file's `definitions`). */
export interface DecisionRequirements {
  readonly decisionRequirementsKey: string;
  readonly decisionRequirementsId: string;
  readonly decisionRequirementsName?: string | null;
  readonly version: number;
  readonly resourceName?: string | null;
  readonly tenantId?: string | null;
}

/** What a deployment answers for each decision of a .dmn file. */
export interface DeployedDecision {
  readonly decisionDefinitionId: string;
  readonly decisionDefinitionKey: string;
  readonly name?: string | null;
  readonly version: number;
  readonly decisionRequirementsId: string;
  readonly decisionRequirementsKey: string;
}

export interface DeployedDecisionRequirements {
  readonly decisionRequirementsId: string;
  readonly decisionRequirementsKey: string;
  readonly decisionRequirementsName?: string | null;
  readonly version: number;
  readonly resourceName?: string | null;
}

/** One entry of a deployment's `deployments[]`, as far as decisions are concerned. */
export interface DecisionDeploymentItem {
  readonly decisionDefinition?: DeployedDecision | null;
  readonly decisionRequirements?: DeployedDecisionRequirements | null;
}

export type EvaluationRequest =
  | { readonly decisionDefinitionId: string; readonly variables: Readonly<Record<string, unknown>> }
  | { readonly decisionDefinitionKey: string; readonly variables: Readonly<Record<string, unknown>> };

export interface EvaluatedInput {
  readonly inputId: string;
  readonly inputName?: string | null;
  /** The value as JSON text. */
  readonly inputValue?: string | null;
}

export interface EvaluatedOutput {
  readonly outputId: string;
  readonly outputName?: string | null;
  /** The value as JSON text. */
  readonly outputValue?: string | null;
}

export interface MatchedRule {
  readonly ruleId: string;
  /** 1-based, as the rule's number in the table. */
  readonly ruleIndex: number;
  readonly evaluatedOutputs: readonly EvaluatedOutput[];
}

export interface EvaluatedDecision {
  readonly decisionDefinitionId: string;
  readonly decisionDefinitionName?: string | null;
  readonly decisionDefinitionType?: string | null;
  /** The decision's result as JSON text. */
  readonly output?: string | null;
  readonly evaluatedInputs?: readonly EvaluatedInput[] | null;
  readonly matchedRules?: readonly MatchedRule[] | null;
}

/** `POST /v2/decision-definitions/evaluation`: the result of the decision asked for and of every decision it required. */
export interface EvaluationResult {
  readonly decisionDefinitionId: string;
  readonly decisionDefinitionKey: string;
  readonly decisionDefinitionName?: string | null;
  readonly decisionDefinitionVersion: number;
  readonly decisionRequirementsId?: string | null;
  readonly decisionRequirementsKey?: string | null;
  /** The result as JSON text. */
  readonly output?: string | null;
  readonly failedDecisionDefinitionId?: string | null;
  readonly failureMessage?: string | null;
  readonly evaluatedDecisions?: readonly EvaluatedDecision[] | null;
}

export interface DecisionsApiOptions {
  readonly fetch?: typeof fetch;
  /** Called on a 401, so that the shell asks for a login again. */
  readonly onUnauthorized?: () => void;
}

/** The decision calls the page makes; every failure is thrown as an {@link ApiError}, as by the shared client. */
export class DecisionsApi {
  private readonly fetchImpl: typeof fetch;
  private readonly onUnauthorized: () => void;

  constructor(options: DecisionsApiOptions = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.onUnauthorized = options.onUnauthorized ?? (() => undefined);
  }

  /** The latest version of every deployed graph. */
  async searchDecisionRequirements(): Promise<SearchResult<DecisionRequirements>> {
    const response = await this.send('v2/decision-requirements/search', {
      method: 'POST',
      json: { filter: {}, page: { from: 0, limit: 1000 }, sort: [{ field: 'decisionRequirementsId', order: 'ASC' }] },
    });
    return (await response.json()) as SearchResult<DecisionRequirements>;
  }

  async decisionRequirementsXml(decisionRequirementsKey: string): Promise<string> {
    const response = await this.send(`v2/decision-requirements/${encodeURIComponent(decisionRequirementsKey)}/xml`, {
      method: 'GET',
      accept: 'text/xml, application/xml, application/problem+json',
    });
    return response.text();
  }

  async evaluate(request: EvaluationRequest): Promise<EvaluationResult> {
    const response = await this.send('v2/decision-definitions/evaluation', { method: 'POST', json: request });
    return (await response.json()) as EvaluationResult;
  }

  private async send(
    path: string,
    options: { readonly method: 'GET' | 'POST'; readonly json?: unknown; readonly accept?: string },
  ): Promise<Response> {
    const headers: Record<string, string> = {
      Accept: options.accept ?? 'application/json, application/problem+json',
      // The Host refuses cookie-borne requests without it (no HTML form can send it).
      'X-Requested-With': 'ProzessEngine-Designer',
    };
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      // Relative to the page, so that the designer also works below a path base.
      response = await this.fetchImpl(path, {
        method: options.method,
        headers,
        credentials: 'same-origin',
        ...(options.json === undefined ? {} : { body: JSON.stringify(options.json) }),
      });
    } catch {
      throw new ApiError(0, networkProblem());
    }
    if (response.ok) {
      return response;
    }
    const problem = await readProblem(response);
    if (response.status === 401) {
      this.onUnauthorized();
    }
    throw new ApiError(response.status, problem);
  }
}

/** The decision entries of a deployment's answer; the shared client's type does not list them yet. */
export function deployedDecisions(deployments: readonly unknown[]): {
  readonly requirements: readonly DeployedDecisionRequirements[];
  readonly decisions: readonly DeployedDecision[];
} {
  const items = deployments as readonly DecisionDeploymentItem[];
  return {
    requirements: items.flatMap((item) => (item.decisionRequirements ? [item.decisionRequirements] : [])),
    decisions: items.flatMap((item) => (item.decisionDefinition ? [item.decisionDefinition] : [])),
  };
}

/** The newest version of each graph, sorted by name; the search answers every version. */
export function latestVersions(graphs: readonly DecisionRequirements[]): DecisionRequirements[] {
  const latest = new Map<string, DecisionRequirements>();
  for (const graph of graphs) {
    const key = `${graph.tenantId ?? ''}\u0000${graph.decisionRequirementsId}`;
    const known = latest.get(key);
    if (!known || graph.version > known.version) {
      latest.set(key, graph);
    }
  }
  return [...latest.values()].sort((a, b) => graphLabel(a).localeCompare(graphLabel(b)));
}

export function graphLabel(graph: DecisionRequirements): string {
  return graph.decisionRequirementsName?.trim() || graph.decisionRequirementsId;
}

/** Ties the page's own calls to the shell's login handling, which hangs on the shared client. */
export function reportUnauthorized(api: ApiClient): () => void {
  // A call through the shared client that also answers 401 runs the shell's handler (login, then back here).
  return () => void api.searchProcessDefinitions({}, { from: 0, limit: 1 }).catch(() => undefined);
}
