// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../../shared/api';
import { downloadFile } from '../../shared/dom';
import { resetLanguageForTests } from '../../shared/i18n';
import type { View } from '../../shared/view';
import { MemoryStorage } from '../../test/memory-storage';
import { createFormEditorView } from '.';

vi.mock('../../shared/dom', async (original) => ({
  ...(await original<typeof import('../../shared/dom')>()),
  downloadFile: vi.fn(),
}));

interface Deployed {
  readonly fileName: string;
  readonly content: string;
}

let view: View;
let deployed: Deployed[];

/** Formulare with the real form-js editor, against a server that deploys every form as version 1. */
function formsView(): View {
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    if (url.endsWith('v2/deployments') && init?.body instanceof FormData) {
      const file = init.body.get('resources') as File;
      const content = await new Promise<string>((resolve) => {
        const reader = new FileReader();
        reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
        reader.readAsText(file);
      });
      deployed.push({ fileName: file.name, content });
      const formId = (JSON.parse(content) as { id: string }).id;
      return Response.json({
        deploymentKey: '1',
        tenantId: '<default>',
        deployments: [{ form: { formId, version: 1, formKey: '2', resourceName: file.name, tenantId: '<default>' } }],
        warnings: [],
      });
    }
    return new Response(null, { status: 404 });
  };
  const created = createFormEditorView({
    api: new ApiClient({ fetch }),
    user: () => null,
    signedIn: () => undefined,
  });
  document.body.append(created.element);
  return created;
}

function byTestId<E extends HTMLElement>(testId: string): E {
  const found = view.element.querySelector<E>(`[data-testid="${testId}"]`);
  if (!found) {
    throw new Error(`No element with data-testid ${testId}`);
  }
  return found;
}

function noticeText(): string {
  return view.element.querySelector('.notices')?.textContent ?? '';
}

async function shown(): Promise<HTMLInputElement> {
  view.show('');
  const idInput = byTestId<HTMLInputElement>('form-id');
  await vi.waitFor(() => expect(idInput.value).toMatch(/^Form_/));
  return idInput;
}

/** form-js's editor watches its palette with one; jsdom has none. */
class NoIntersectionObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

beforeEach(() => {
  vi.stubGlobal('localStorage', new MemoryStorage());
  vi.stubGlobal('IntersectionObserver', NoIntersectionObserver);
  resetLanguageForTests();
  vi.mocked(downloadFile).mockClear();
  deployed = [];
});

afterEach(() => {
  view.element.remove();
  vi.unstubAllGlobals();
});

describe('Formulare', () => {
  it('has the form id beside the toolbar of the shared frame', async () => {
    view = formsView();
    await shown();
    const head = view.element.querySelector('.modeler-head.forms-head');
    expect(head?.querySelector('[role="toolbar"] [data-testid="new-form"]')).not.toBeNull();
    expect(head?.querySelector('label[for="form-id"]')?.textContent).toBe('Formular-ID');
    expect(noticeText()).toContain('Neues Formular angelegt.');
  });

  it('focuses the form id after "Neu"', async () => {
    view = formsView();
    const idInput = await shown();
    expect(document.activeElement).not.toBe(idInput);
    byTestId('new-form').click();
    await vi.waitFor(() => expect(document.activeElement).toBe(idInput));
  });

  it('neither downloads nor deploys a form whose id is invalid', async () => {
    view = formsView();
    const idInput = await shown();
    idInput.value = '1-falsch';
    byTestId('download-form').click();
    byTestId('deploy-form').click();
    await vi.waitFor(() => expect(idInput.getAttribute('aria-invalid')).toBe('true'));
    expect(downloadFile).not.toHaveBeenCalled();
    expect(deployed).toEqual([]);
  });

  it('applies the id typed and deploys the form as a .form file', async () => {
    view = formsView();
    const idInput = await shown();
    idInput.value = 'antrag';
    byTestId('deploy-form').click();
    await vi.waitFor(() => expect(noticeText()).toContain('Version 1 von antrag deployt.'));
    expect(deployed).toHaveLength(1);
    expect(deployed[0]?.fileName).toBe('antrag.form');
    expect(JSON.parse(deployed[0]?.content ?? '')).toMatchObject({ id: 'antrag', components: [] });
  });

  it('downloads the form as JSON under its id', async () => {
    view = formsView();
    const idInput = await shown();
    idInput.value = 'bescheid';
    byTestId('download-form').click();
    await vi.waitFor(() => expect(noticeText()).toContain('bescheid.form heruntergeladen.'));
    const [fileName, content, type] = vi.mocked(downloadFile).mock.calls[0] ?? [];
    expect(fileName).toBe('bescheid.form');
    expect(type).toBe('application/json');
    expect(JSON.parse(content ?? '')).toMatchObject({ id: 'bescheid' });
  });

  it('shows the id of a form opened from a file, and keeps it when the next file is no form', async () => {
    view = formsView();
    const idInput = await shown();
    const open = (name: string, text: string): void => {
      const input = byTestId<HTMLInputElement>('open-form-file');
      // jsdom's File has no text().
      Object.defineProperty(input, 'files', {
        configurable: true,
        value: [{ name, text: () => Promise.resolve(text) }],
      });
      input.dispatchEvent(new Event('change'));
    };
    open('geladen.form', JSON.stringify({ id: 'geladen', type: 'default', components: [] }));
    await vi.waitFor(() => expect(noticeText()).toContain('geladen.form geöffnet.'));
    expect(idInput.value).toBe('geladen');

    open('kaputt.form', '{}');
    await vi.waitFor(() => expect(noticeText()).toContain('Das bisherige Formular bleibt geöffnet.'));
    expect(idInput.value).toBe('geladen');
  });
});
