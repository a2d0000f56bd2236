import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api';
import { DecisionsApi, deployedDecisions, latestVersions, type DecisionRequirements } from './api';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const call = {
      url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      init: init ?? {},
    };
    calls.push(call);
    return Promise.resolve(respond(call));
  };
  return { fetch: fetchImpl, calls };
}

/** The JSON text sent; a test that expects JSON fails when the body is something else. */
function body(call: Call | undefined): string {
  const sent = call?.init.body;
  if (typeof sent !== 'string') {
    throw new Error(`Expected a JSON body, got ${typeof sent}.`);
  }
  return sent;
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('decisions API', () => {
  it('evaluates with a JSON body, relative to the page, with the header the Host asks of the designer', async () => {
    const { fetch, calls } = fakeFetch(() =>
      json({ decisionDefinitionId: 'Gebuehr', decisionDefinitionVersion: 1, output: '37' }),
    );
    const api = new DecisionsApi({ fetch });

    const result = await api.evaluate({ decisionDefinitionId: 'Gebuehr', variables: { alter: 30 } });

    expect(result.output).toBe('37');
    expect(calls[0]?.url).toBe('v2/decision-definitions/evaluation');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(body(calls[0]))).toEqual({
      decisionDefinitionId: 'Gebuehr',
      variables: { alter: 30 },
    });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(headers['Content-Type']).toBe('application/json');
    expect(headers['X-Requested-With']).toBe('ProzessEngine-Designer');
    expect(calls[0]?.init.credentials).toBe('same-origin');
  });

  it('searches graphs and reads a graph’s XML by its key', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.endsWith('/xml')
        ? new Response('<definitions/>', { status: 200 })
        : json({ items: [], page: { totalItems: 0 } }),
    );
    const api = new DecisionsApi({ fetch });

    await api.searchDecisionRequirements();
    const xml = await api.decisionRequirementsXml('2251799813685249');

    expect(calls[0]?.url).toBe('v2/decision-requirements/search');
    expect(JSON.parse(body(calls[0]))).toMatchObject({ filter: {}, page: { from: 0 } });
    expect(calls[1]?.url).toBe('v2/decision-requirements/2251799813685249/xml');
    expect(calls[1]?.init.method).toBe('GET');
    expect(xml).toBe('<definitions/>');
  });

  it('throws the problem of a failed call and reports a 401', async () => {
    let unauthorized = 0;
    const { fetch } = fakeFetch((call) =>
      call.url.includes('evaluation')
        ? json({ title: 'Keine Entscheidung Gebuehr bereitgestellt.', status: 404 }, 404)
        : json({ title: 'Bitte anmelden' }, 401),
    );
    const api = new DecisionsApi({ fetch, onUnauthorized: () => (unauthorized += 1) });

    const notFound = await api.evaluate({ decisionDefinitionId: 'Gebuehr', variables: {} }).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(ApiError);
    expect((notFound as ApiError).status).toBe(404);
    expect((notFound as ApiError).problem.title).toBe('Keine Entscheidung Gebuehr bereitgestellt.');
    expect(unauthorized).toBe(0);

    await expect(api.searchDecisionRequirements()).rejects.toBeInstanceOf(ApiError);
    expect(unauthorized).toBe(1);
  });

  it('turns a network failure into a problem', async () => {
    const api = new DecisionsApi({ fetch: () => Promise.reject(new TypeError('Failed to fetch')) });

    const error = await api.searchDecisionRequirements().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(0);
  });
});

describe('deployment answer', () => {
  it('picks the graph and the decisions out of the deployed resources', () => {
    const { requirements, decisions } = deployedDecisions([
      { processDefinition: { processDefinitionId: 'p' } },
      {
        decisionRequirements: {
          decisionRequirementsId: 'Gebuehren',
          decisionRequirementsKey: '1',
          decisionRequirementsName: 'Gebühren',
          version: 2,
          resourceName: 'Gebuehren.dmn',
        },
      },
      {
        decisionDefinition: {
          decisionDefinitionId: 'Gebuehr',
          decisionDefinitionKey: '2',
          name: 'Gebühr',
          version: 2,
          decisionRequirementsId: 'Gebuehren',
          decisionRequirementsKey: '1',
        },
      },
    ]);

    expect(requirements.map((graph) => [graph.decisionRequirementsId, graph.version])).toEqual([['Gebuehren', 2]]);
    expect(decisions.map((decision) => [decision.decisionDefinitionId, decision.decisionDefinitionKey])).toEqual([
      ['Gebuehr', '2'],
    ]);
  });
});

describe('graphs to open', () => {
  it('offers the newest version of each graph, sorted by name', () => {
    const graph = (id: string, version: number, name?: string): DecisionRequirements => ({
      decisionRequirementsId: id,
      decisionRequirementsKey: `${id}-${version}`,
      decisionRequirementsName: name ?? null,
      version,
    });

    const offered = latestVersions([
      graph('b', 1, 'Zuständigkeit'),
      graph('a', 1, 'Gebühren'),
      graph('a', 3, 'Gebühren'),
      graph('a', 2),
    ]);

    expect(offered.map((entry) => entry.decisionRequirementsKey)).toEqual(['a-3', 'b-1']);
  });
});
