import { describe, expect, it } from 'vitest';
import { ApiClient } from './client';
import { ApiError } from './problem';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(respond: (call: Call) => Response | Promise<Response>): { fetch: typeof fetch; calls: Call[] } {
  const calls: Call[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const call = { url, init: init ?? {} };
    calls.push(call);
    return respond(call);
  };
  return { fetch: fetchImpl, calls };
}

/** The JSON text the client sent; a test that expects JSON fails when the body is something else. */
function jsonBody(call: Call | undefined): string {
  const body = call?.init.body;
  if (typeof body !== 'string') {
    throw new Error(`Expected a JSON body, got ${typeof body}.`);
  }
  return body;
}

function problem(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/problem+json' } });
}

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected the call to fail');
}

describe('ApiClient', () => {
  it('lists every deployment problem with element id and position', async () => {
    const { fetch } = fakeFetch(() =>
      problem(400, {
        type: 'about:blank',
        title: 'Deployment abgelehnt',
        status: 400,
        detail: '2 Probleme',
        errors: [
          {
            resource: 'a.bpmn',
            elementId: 'Task_1',
            message: 'Nicht unterstützt: bpmn:ComplexGateway',
            line: 12,
            column: 5,
          },
          { resource: 'a.bpmn', elementId: 'Flow_2', message: 'FEEL-Syntaxfehler' },
        ],
      }),
    );
    const client = new ApiClient({ fetch });

    const error = await rejection(client.deploy([{ fileName: 'a.bpmn', content: '<x/>' }]));

    expect(error.status).toBe(400);
    expect(error.problem.title).toBe('Deployment abgelehnt');
    expect(error.problem.detail).toBe('2 Probleme');
    expect(error.entries).toEqual([
      {
        resource: 'a.bpmn',
        elementId: 'Task_1',
        message: 'Nicht unterstützt: bpmn:ComplexGateway',
        line: 12,
        column: 5,
      },
      { resource: 'a.bpmn', elementId: 'Flow_2', message: 'FEEL-Syntaxfehler' },
    ]);
  });

  it('reads validation errors given as field → messages', async () => {
    const { fetch } = fakeFetch(() =>
      problem(400, { title: 'Ungültige Eingabe', status: 400, errors: { assignee: ['Pflichtfeld', 'zu lang'] } }),
    );
    const error = await rejection(new ApiClient({ fetch }).assignUserTask('1', ''));

    expect(error.entries).toEqual([
      { field: 'assignee', message: 'Pflichtfeld' },
      { field: 'assignee', message: 'zu lang' },
    ]);
  });

  it("names a form's field by its label", async () => {
    const { fetch } = fakeFetch(() =>
      problem(400, {
        title: 'Formulardaten ungültig',
        status: 400,
        errors: [
          {
            field: 'variables.plz',
            path: 'plz',
            fieldId: 'Field_Plz',
            label: 'Postleitzahl',
            code: 'required',
            message: 'Dieses Feld ist ein Pflichtfeld.',
          },
          {
            field: 'variables.extra',
            path: 'extra',
            fieldId: '',
            code: 'unknown',
            message: 'Das Formular hat kein solches Feld.',
          },
        ],
      }),
    );
    const error = await rejection(new ApiClient({ fetch }).completeUserTask('1', {}));

    expect(error.entries).toEqual([
      { field: 'Postleitzahl', message: 'Dieses Feld ist ein Pflichtfeld.' },
      { field: 'variables.extra', message: 'Das Formular hat kein solches Feld.' },
    ]);
  });

  it('turns a problem about one element into one entry, and keeps a 409 readable', async () => {
    const { fetch } = fakeFetch(() =>
      problem(409, { status: 409, detail: 'Die Aufgabe ist nicht mehr offen.', elementId: 'sachlichRichtig' }),
    );
    const error = await rejection(new ApiClient({ fetch }).completeUserTask('5', { ok: true }));

    expect(error.problem.title).toBe('Der Vorgang wurde inzwischen geändert.');
    expect(error.entries).toEqual([{ elementId: 'sachlichRichtig', message: 'Die Aufgabe ist nicht mehr offen.' }]);
  });

  it('gives a German title when the body is not a problem', async () => {
    const { fetch } = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }));
    const error = await rejection(new ApiClient({ fetch }).searchUserTasks({}));

    expect(error.status).toBe(502);
    expect(error.problem.title).toBe('Unerwarteter Fehler (HTTP 502).');
  });

  it('reports an unreachable server in German', async () => {
    const client = new ApiClient({
      fetch: async () => Promise.reject(new TypeError('Failed to fetch')),
    });
    const error = await rejection(client.searchUserTasks({}));

    expect(error.status).toBe(0);
    expect(error.problem.title).toBe('Der Server ist nicht erreichbar.');
  });

  it('asks for a login on a 401 from the API', async () => {
    let unauthorized = 0;
    const { fetch } = fakeFetch(() => problem(401, { title: 'Unauthorized', status: 401 }));
    const client = new ApiClient({ fetch, onUnauthorized: () => (unauthorized += 1) });

    await rejection(client.searchProcessDefinitions({ isLatestVersion: true }));

    expect(unauthorized).toBe(1);
  });

  it('treats a 401 from /auth/me as "nobody is logged in" without redirecting', async () => {
    let unauthorized = 0;
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 401 }));
    const client = new ApiClient({ fetch, onUnauthorized: () => (unauthorized += 1) });

    expect(await client.currentUser()).toBeNull();
    expect(unauthorized).toBe(0);
    expect(calls[0]?.url).toBe('auth/me');
    expect(calls[0]?.init.credentials).toBe('same-origin');
    expect((calls[0]?.init.headers as Record<string, string>)['X-Requested-With']).toBe('ProzessEngine-Designer');
  });

  it('sends the deployment as multipart with the file name in the field "resources"', async () => {
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            deploymentKey: '1',
            deployments: [
              {
                processDefinition: {
                  processDefinitionId: 'antrag',
                  processDefinitionVersion: 3,
                  processDefinitionKey: '9',
                },
              },
            ],
          }),
          { status: 200, headers: { 'Content-Type': 'application/json' } },
        ),
    );
    const result = await new ApiClient({ fetch }).deploy([{ fileName: 'antrag.bpmn', content: '<definitions/>' }]);

    const body = calls[0]?.init.body;
    expect(calls[0]?.url).toBe('v2/deployments');
    expect(body).toBeInstanceOf(FormData);
    const file = (body as FormData).get('resources');
    expect(file).toBeInstanceOf(File);
    expect((file as File).name).toBe('antrag.bpmn');
    expect(await (file as File).text()).toBe('<definitions/>');
    expect(result.deployments[0]?.processDefinition?.processDefinitionVersion).toBe(3);
  });

  it('returns null for a task without a form (204)', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
    expect(await new ApiClient({ fetch }).userTaskForm('42')).toBeNull();
  });

  it('parses the JSON text of task variables', async () => {
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            items: [
              { name: 'betrag', value: '1250.5' },
              { name: 'antragsteller', value: '{"name":"Erika"}' },
              { name: 'kaputt', value: 'nicht json' },
            ],
          }),
          { status: 200 },
        ),
    );
    const variables = await new ApiClient({ fetch }).userTaskVariables('7');

    expect(calls[0]?.url).toBe('v2/user-tasks/7/variables/search');
    expect(calls[0]?.init.method).toBe('POST');
    expect(variables).toEqual({ betrag: 1250.5, antragsteller: { name: 'Erika' }, kaputt: 'nicht json' });
  });

  it('reads every page of task variables', async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ name: `v${from + i}`, value: String(from + i) }));
    const { fetch, calls } = fakeFetch((call) => {
      const { page: requested } = JSON.parse(jsonBody(call)) as { page: { from: number; limit: number } };
      const items = requested.from === 0 ? page(0, requested.limit) : page(requested.from, 2);
      return new Response(JSON.stringify({ items, page: { totalItems: requested.limit + 2 } }), { status: 200 });
    });

    const variables = await new ApiClient({ fetch }).userTaskVariables('7');

    expect(calls).toHaveLength(2);
    expect(Object.keys(variables)).toHaveLength(1002);
    expect(variables['v1001']).toBe(1001);
  });

  it('encodes keys in paths', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    await new ApiClient({ fetch }).unassignUserTask('a/b');

    expect(calls[0]?.url).toBe('v2/user-tasks/a%2Fb/assignee');
    expect(calls[0]?.init.method).toBe('DELETE');
  });
});

describe('ApiClient for forms and the cockpit', () => {
  const ok = (body: unknown): Response =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

  it('searches the latest forms and loads one with its schema text', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url === 'v2/forms/search'
        ? ok({ items: [{ formKey: '11', formId: 'antrag', version: 2 }], page: { totalItems: 1 } })
        : ok({ formKey: '11', formId: 'antrag', version: 2, schema: '{"components":[]}' }),
    );
    const client = new ApiClient({ fetch });

    const found = await client.searchForms({ isLatestVersion: true });
    const form = await client.form('11');

    expect(JSON.parse(jsonBody(calls[0]))).toEqual({
      filter: { isLatestVersion: true },
      page: { from: 0, limit: 100 },
    });
    expect(found.items[0]?.formId).toBe('antrag');
    expect(calls[1]?.url).toBe('v2/forms/11');
    expect(calls[1]?.init.method).toBe('GET');
    expect(form.schema).toBe('{"components":[]}');
  });

  it('searches instances with filter and page, and loads one, its journal', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.endsWith('/journal') ? ok([]) : ok({ items: [], page: { totalItems: 0 } }),
    );
    const client = new ApiClient({ fetch });

    await client.searchProcessInstances({ processDefinitionId: 'antrag', state: 'ACTIVE' }, { from: 25, limit: 25 });
    await client.processInstance('2251799813685249');
    await client.processInstanceJournal('2251799813685249');
    await client.processInstanceDocuments('2251799813685249');

    expect(calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'POST v2/process-instances/search',
      'GET v2/process-instances/2251799813685249',
      'GET v2/process-instances/2251799813685249/journal',
      'GET v2/process-instances/2251799813685249/documents',
    ]);
    expect(client.documentUrl('2251799813685249', '42')).toBe('v2/process-instances/2251799813685249/documents/42');
    expect(JSON.parse(jsonBody(calls[0]))).toEqual({
      filter: { processDefinitionId: 'antrag', state: 'ACTIVE' },
      page: { from: 25, limit: 25 },
    });
  });

  it("lists a task's documents and downloads them through the task", async () => {
    const { fetch, calls } = fakeFetch(() => ok([]));
    const client = new ApiClient({ fetch });

    await client.userTaskDocuments('2251799813685300');

    expect(calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'GET v2/user-tasks/2251799813685300/documents',
    ]);
    expect(client.userTaskDocumentUrl('2251799813685300', '42')).toBe('v2/user-tasks/2251799813685300/documents/42');
  });

  it('cancels an instance and resolves an incident with a POST and the designer header', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(null, { status: 204 }));
    const client = new ApiClient({ fetch });

    await client.cancelProcessInstance('7');
    await client.resolveIncident('8');

    expect(calls.map((call) => `${call.init.method} ${call.url}`)).toEqual([
      'POST v2/process-instances/7/cancellation',
      'POST v2/incidents/8/resolution',
    ]);
    expect((calls[0]?.init.headers as Record<string, string>)['X-Requested-With']).toBe('ProzessEngine-Designer');
  });
});

describe('ApiClient for decisions', () => {
  const json = (body: unknown): Response =>
    new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

  it('evaluates a decision with a JSON body and the designer header', async () => {
    const { fetch, calls } = fakeFetch(() => json({ decisionDefinitionId: 'Gebuehr', output: '37' }));
    const client = new ApiClient({ fetch });

    const result = await client.evaluateDecision({ decisionDefinitionId: 'Gebuehr', variables: { alter: 30 } });

    expect(result.output).toBe('37');
    expect(calls[0]?.url).toBe('v2/decision-definitions/evaluation');
    expect(calls[0]?.init.method).toBe('POST');
    expect(JSON.parse(jsonBody(calls[0]))).toEqual({ decisionDefinitionId: 'Gebuehr', variables: { alter: 30 } });
    expect((calls[0]?.init.headers as Record<string, string>)['X-Requested-With']).toBe('ProzessEngine-Designer');
  });

  it('searches decision requirements graphs and reads one’s XML by its key', async () => {
    const { fetch, calls } = fakeFetch((call) =>
      call.url.endsWith('/xml') ? new Response('<definitions/>') : json({ items: [], page: { totalItems: 0 } }),
    );
    const client = new ApiClient({ fetch });

    await client.searchDecisionRequirements();
    const xml = await client.decisionRequirementsXml('2251799813685249');

    expect(calls[0]?.url).toBe('v2/decision-requirements/search');
    expect(JSON.parse(jsonBody(calls[0]))).toEqual({ filter: {}, page: { from: 0, limit: 1000 } });
    expect(calls[1]?.url).toBe('v2/decision-requirements/2251799813685249/xml');
    expect(xml).toBe('<definitions/>');
  });
});
