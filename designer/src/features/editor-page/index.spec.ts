// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { downloadFile } from '../../shared/dom';
import { resetLanguageForTests } from '../../shared/i18n';
import { MemoryStorage } from '../../test/memory-storage';
import type { FormSchema } from '../form-editor/form-schema';
import { formTextEditor, type SchemaEditor } from '../form-editor/form-text';
import { createEditorPage, type EditorPage, type EditorPageOptions } from '.';

vi.mock('../../shared/dom', async (original) => ({
  ...(await original<typeof import('../../shared/dom')>()),
  downloadFile: vi.fn(),
}));

const draftKey = 'prozessengine.forms.draft';

/** form-js as far as the frame sees it: one schema, cleared before each import as form-js does. */
class FakeFormJs implements SchemaEditor {
  schema: FormSchema | undefined;
  imports = 0;
  warnings: unknown[] = [];

  importSchema(schema: FormSchema): Promise<{ readonly warnings: readonly unknown[] }> {
    this.imports += 1;
    this.schema = undefined;
    if (schema.components.includes('unrenderable')) {
      return Promise.reject(new Error('form-js could not render it'));
    }
    this.schema = schema;
    return Promise.resolve({ warnings: this.warnings });
  }

  getSchema(): unknown {
    if (this.schema === undefined) {
      throw new Error('no form');
    }
    return this.schema;
  }
}

interface Deployed {
  readonly formId: string;
  readonly schema: string;
}

function form(id: string, components: readonly unknown[] = []): string {
  return JSON.stringify({ id, type: 'default', components });
}

let storage: MemoryStorage;
let formJs: FakeFormJs;
let page: EditorPage;

function formsPage(overrides: Partial<EditorPageOptions<Deployed>> = {}): EditorPage {
  const created = createEditorPage<Deployed>({
    page: 'forms',
    className: 'forms',
    draftKey,
    accept: '.form,.json,application/json',
    testIds: {
      new: 'new-form',
      open: 'open-deployed-form',
      openFile: 'open-form-file',
      download: 'download-form',
      deploy: 'deploy-form',
    },
    editor: formTextEditor(formJs),
    newDocument: () => form('Form_neu'),
    fileName: () => `${String((formJs.schema as { id?: string } | undefined)?.id)}.form`,
    deployed: {
      search: () =>
        Promise.resolve([
          { formId: 'antrag', schema: form('antrag') },
          { formId: 'bescheid', schema: form('bescheid') },
        ]),
      label: (item) => item.formId,
      meta: () => 'Version 1',
      content: (item) => Promise.resolve(item.schema),
      testId: 'open-form',
      dataAttribute: ['data-form-id', (item) => item.formId],
    },
    body: [],
    deploy: () => Promise.resolve(),
    ...overrides,
  });
  document.body.append(created.element);
  return created;
}

function byTestId<E extends HTMLElement>(testId: string): E {
  const found = page.element.querySelector<E>(`[data-testid="${testId}"]`);
  if (!found) {
    throw new Error(`No element with data-testid ${testId}`);
  }
  return found;
}

function noticeText(): string {
  return page.notices.element.textContent;
}

function storedDraft(): { content: string; dirty: boolean } {
  return JSON.parse(storage.getItem(draftKey) ?? 'null') as { content: string; dirty: boolean };
}

/** Picks `text` as a file in the "Datei öffnen" input. */
function openFile(name: string, text: string): void {
  const input = byTestId<HTMLInputElement>('open-form-file');
  Object.defineProperty(input, 'files', {
    configurable: true,
    // jsdom's File has no text().
    value: [{ name, text: () => Promise.resolve(text) }],
  });
  input.dispatchEvent(new Event('change'));
}

async function shown(): Promise<void> {
  page.show();
  await vi.waitFor(() => expect(formJs.schema).toBeDefined());
}

beforeEach(() => {
  storage = new MemoryStorage();
  vi.stubGlobal('localStorage', storage);
  resetLanguageForTests();
  formJs = new FakeFormJs();
  vi.mocked(downloadFile).mockClear();
  // jsdom has no modal dialogs.
  HTMLDialogElement.prototype.showModal = function (this: HTMLDialogElement) {
    this.open = true;
  };
  HTMLDialogElement.prototype.close = function (this: HTMLDialogElement) {
    this.open = false;
  };
});

afterEach(() => {
  page.element.remove();
  vi.unstubAllGlobals();
});

describe('the editor page frame with a form-js JSON document', () => {
  it('shows the toolbar with the page texts and test ids the browser tests use', () => {
    page = formsPage();
    expect(page.element.querySelector('h1')?.textContent).toBe('Formulare');
    expect(byTestId('new-form').textContent).toBe('Neu');
    expect(byTestId('open-deployed-form').textContent).toBe('Öffnen');
    expect(page.element.querySelector('label[for="forms-open-file"]')?.textContent).toBe('Datei öffnen');
    expect(byTestId('download-form').textContent).toBe('Herunterladen');
    expect(byTestId('deploy-form').textContent).toBe('Deployen');
  });

  it('starts with a new form and keeps it as the draft', async () => {
    page = formsPage();
    await shown();
    expect(noticeText()).toContain('Neues Formular angelegt.');
    expect(JSON.parse(storedDraft().content)).toMatchObject({ id: 'Form_neu' });
    expect(storedDraft().dirty).toBe(false);
  });

  it('restores the draft of the last visit, also one stored before forms used the frame', async () => {
    // The Forms page stored its draft as compact JSON; the frame stores the file's indented text.
    storage.setItem(draftKey, JSON.stringify({ content: form('antrag'), dirty: true }));
    page = formsPage();
    await shown();
    await vi.waitFor(() =>
      expect(noticeText()).toContain('Ihr zuletzt bearbeitetes Formular wurde wiederhergestellt.'),
    );
    expect(formJs.schema).toMatchObject({ id: 'antrag' });
    // Still unsaved: leaving the page keeps it as a draft with unsaved changes.
    page.hide();
    await vi.waitFor(() =>
      expect(storedDraft()).toEqual({
        content: `${JSON.stringify(JSON.parse(form('antrag')), null, 2)}\n`,
        dirty: true,
      }),
    );
  });

  it('brings back a replaced form with unsaved changes from the notice', async () => {
    storage.setItem(draftKey, JSON.stringify({ content: form('antrag'), dirty: true }));
    page = formsPage();
    await shown();

    openFile('bescheid.form', form('bescheid'));
    await vi.waitFor(() => expect(noticeText()).toContain('Das vorherige Formular hatte ungespeicherte Änderungen'));
    expect(formJs.schema).toMatchObject({ id: 'bescheid' });
    expect(storedDraft().dirty).toBe(false);

    const undo = page.notices.element.querySelector<HTMLButtonElement>('.button-secondary');
    expect(undo?.textContent).toBe('Vorheriges Formular wiederherstellen');
    undo?.click();
    await vi.waitFor(() => expect(formJs.schema).toMatchObject({ id: 'antrag' }));
    await vi.waitFor(() => expect(storedDraft().dirty).toBe(true));
    expect(JSON.parse(storedDraft().content)).toMatchObject({ id: 'antrag' });
  });

  it('says a file opened when nothing unsaved was replaced', async () => {
    page = formsPage();
    await shown();
    openFile('bescheid.form', form('bescheid'));
    await vi.waitFor(() => expect(noticeText()).toContain('bescheid.form geöffnet.'));
  });

  it('refuses a file that is no form before form-js clears the form on screen', async () => {
    page = formsPage();
    await shown();
    const importsBefore = formJs.imports;

    openFile('kaputt.form', '{ "id": ');
    await vi.waitFor(() => expect(noticeText()).toContain('Das Formular konnte nicht geladen werden.'));
    expect(noticeText()).toContain('Die Datei ist kein gültiges JSON');
    expect(noticeText()).toContain('Das bisherige Formular bleibt geöffnet.');

    openFile('liste.json', '[1, 2]');
    await vi.waitFor(() => expect(noticeText()).toContain('Es fehlt die Liste „components“.'));

    // Not even imported again: form-js's undo history of the form on screen stays.
    expect(formJs.imports).toBe(importsBefore);
    expect(formJs.schema).toMatchObject({ id: 'Form_neu' });
  });

  it('puts the previous form back when form-js fails to show a new one', async () => {
    page = formsPage();
    await shown();
    openFile('seltsam.form', form('seltsam', ['unrenderable']));
    await vi.waitFor(() => expect(noticeText()).toContain('Das bisherige Formular bleibt geöffnet.'));
    expect(formJs.schema).toMatchObject({ id: 'Form_neu' });
  });

  it('reports the warnings form-js had while reading a form', async () => {
    page = formsPage();
    await shown();
    formJs.warnings = [new Error('unknown field type "signature"')];
    openFile('mit-warnung.form', form('mit-warnung'));
    await vi.waitFor(() => expect(noticeText()).toContain('Das Formular wurde mit einer Warnung geladen.'));
    expect(noticeText()).toContain('unknown field type "signature"');
  });

  it('opens a deployed form from the dialog', async () => {
    page = formsPage();
    await shown();
    byTestId('open-deployed-form').click();
    await vi.waitFor(() => expect(page.element.querySelectorAll('[data-testid="open-form"]')).toHaveLength(2));
    page.element.querySelector<HTMLButtonElement>('[data-testid="open-form"][data-form-id="bescheid"]')?.click();
    await vi.waitFor(() => expect(noticeText()).toContain('bescheid geöffnet.'));
    expect(formJs.schema).toMatchObject({ id: 'bescheid' });
    expect(page.element.querySelector('dialog')?.open).toBe(false);
  });

  it('lets the page act after "Neu", but not on the first visit', async () => {
    const createdByUser = vi.fn();
    page = formsPage({ createdByUser });
    await shown();
    expect(createdByUser).not.toHaveBeenCalled();
    byTestId('new-form').click();
    await vi.waitFor(() => expect(createdByUser).toHaveBeenCalledOnce());
  });

  it('downloads the form as a JSON file unless the page refuses to save', async () => {
    let ready = false;
    page = formsPage({ prepareSave: () => ready });
    await shown();
    page.changed();

    byTestId('download-form').click();
    await Promise.resolve();
    expect(downloadFile).not.toHaveBeenCalled();

    ready = true;
    byTestId('download-form').click();
    await vi.waitFor(() => expect(noticeText()).toContain('Form_neu.form heruntergeladen.'));
    expect(downloadFile).toHaveBeenCalledWith(
      'Form_neu.form',
      `${JSON.stringify(JSON.parse(form('Form_neu')), null, 2)}\n`,
      'application/json',
    );
    expect(storedDraft().dirty).toBe(false);
  });

  it('deploys the form text and says when the deployment failed', async () => {
    const deploy = vi.fn((text: string) =>
      (JSON.parse(text) as { id: string }).id === 'Form_neu'
        ? Promise.reject(new Error('Das Formular ist ungültig.'))
        : Promise.resolve(),
    );
    page = formsPage({ deploy });
    await shown();

    byTestId('deploy-form').click();
    await vi.waitFor(() => expect(noticeText()).toContain('Deployment fehlgeschlagen.'));
    expect(noticeText()).toContain('Das Formular ist ungültig.');
    expect(byTestId<HTMLButtonElement>('deploy-form').disabled).toBe(false);
    expect(deploy).toHaveBeenCalledOnce();
  });

  it('warns once when the browser cannot keep the draft', async () => {
    page = formsPage();
    await shown();
    storage.failWrites = true;
    page.changed();
    page.hide();
    await vi.waitFor(() =>
      expect(noticeText()).toContain('Der Entwurf kann im Browser nicht zwischengespeichert werden.'),
    );
    page.notices.clear();
    page.hide();
    await Promise.resolve();
    expect(noticeText()).toBe('');
  });
});
