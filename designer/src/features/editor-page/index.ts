import type { DeploymentResult, ProblemEntry } from '../../shared/api';
import { downloadFile, h, replaceChildren, type Child } from '../../shared/dom';
import { messageOf } from '../../shared/format';
import { DraftStore } from '../../shared/draft-store';
import { t, type MessageKey } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';

/**
 * The pages that edit a file the engine deploys: the Modeler (BPMN), Entscheidungen (DMN) and Formulare (form-js).
 * Their texts share key names.
 */
export type EditorPageName = 'modeler' | 'decisions' | 'forms';

type PageMessage =
  | 'heading'
  | 'toolbar'
  | 'new'
  | 'open'
  | 'openFile'
  | 'download'
  | 'deploy'
  | 'deploying'
  | 'deployFailed'
  | 'openDialogTitle'
  | 'openDialogEmpty'
  | 'openDialogLoading'
  | 'cancel'
  | 'created'
  | 'opened'
  | 'restored'
  | 'replaced'
  | 'undoReplace'
  | 'storageFull'
  | 'importFailed'
  | 'importFailedKept'
  | 'importWarningsOne'
  | 'importWarnings'
  | 'exportFailed'
  | 'downloaded';

// Fails to compile when one of the pages lacks one of the texts.
const pageMessage = (page: EditorPageName, name: PageMessage): MessageKey => `${page}.${name}` satisfies MessageKey;

/** The editor on the page, seen as the text of its file: XML for bpmn-js and dmn-js, JSON for form-js. */
export interface TextEditor {
  /** Shows the document; rejects when it cannot be read. */
  importText(text: string): Promise<{ readonly warnings: readonly unknown[] }>;
  /** The document as its file holds it; undefined or a rejection when there is none to save. */
  exportText(): Promise<string | undefined>;
  /** The file's media type, for downloads. */
  readonly contentType: string;
  /**
   * Throws when `text` is no document of this kind, before the editor clears what it shows: the document on screen
   * then stays as it is, undo history included.
   */
  check?(text: string): void;
}

/** bpmn-js and dmn-js alike: read and write the diagram's XML. */
export interface XmlModeler {
  importXML(xml: string): Promise<{ readonly warnings: readonly unknown[] }>;
  saveXML(options: { format: boolean }): Promise<{ readonly xml?: string | undefined }>;
}

export function xmlEditor(modeler: XmlModeler): TextEditor {
  return {
    importText: (xml) => modeler.importXML(xml),
    exportText: async () => (await modeler.saveXML({ format: true })).xml,
    contentType: 'application/xml',
  };
}

/** What the "Öffnen" dialog lists: the deployed processes, decision graphs or forms, and how to fetch one's file. */
export interface DeployedChoices<T> {
  /** The entries, in the order shown. */
  search(): Promise<readonly T[]>;
  label(item: T): string;
  meta(item: T): string;
  content(item: T): Promise<string>;
  readonly testId: string;
  /** A data attribute naming the entry for tests, e.g. `data-process-id`. */
  readonly dataAttribute: readonly [name: string, value: (item: T) => string];
}

export interface EditorPageOptions<T> {
  readonly page: EditorPageName;
  /** The section's class and the prefix of element ids. */
  readonly className: string;
  readonly draftKey: string;
  readonly accept: string;
  readonly testIds: {
    readonly new: string;
    readonly open: string;
    readonly openFile: string;
    readonly download: string;
    readonly deploy: string;
  };
  readonly editor: TextEditor;
  /** The text of a new, empty document. */
  readonly newDocument: () => string;
  readonly fileName: () => string;
  readonly deployed: DeployedChoices<T>;
  /** Beside the toolbar, e.g. the form's id field; `className` lays the head out. */
  readonly head?: { readonly className: string; readonly besideToolbar: readonly Child[] };
  /** Everything below the notices: the canvas and what stands beside it. */
  readonly body: readonly Child[];
  /** After a document was read, before its draft is kept: the page forgets what belonged to the previous one. */
  readonly imported?: () => void;
  /** After "Neu" showed a new document, e.g. to focus what the user fills in first. */
  readonly createdByUser?: () => void;
  /** Before a download or deployment: the page applies pending input and may refuse (it says why). */
  readonly prepareSave?: () => boolean;
  /** Deploys the exported text and reports the outcome; a thrown error is reported as "deploy failed". */
  readonly deploy: (text: string) => Promise<void>;
  /** Whether the document may be deployed at all (the page says why not). */
  readonly canDeploy?: () => boolean;
  /** Reports a failed deployment its own way, e.g. with the elements at fault. */
  readonly deployFailed?: (error: unknown) => void;
  /** The page is shown again: a canvas measured while hidden must be measured anew. */
  readonly shownAgain?: () => void;
}

export interface EditorPage {
  readonly element: HTMLElement;
  readonly notices: NoticeArea;
  /** The user changed the document: it is unsaved, and its draft is kept shortly. */
  readonly changed: () => void;
  readonly show: () => void;
  readonly hide: () => void;
}

const draftDelayMs = 300;

/**
 * The frame the editor pages share: a toolbar to create, open (deployed or from a file), download and deploy a
 * document, a draft kept in the browser after each change and restored on the next visit, and the rule that a failed
 * open or deploy never replaces what is on the canvas (a replaced unsaved document can come back from the notice).
 */
export function createEditorPage<T>(options: EditorPageOptions<T>): EditorPage {
  const { page, className, editor, testIds } = options;
  const message = (name: PageMessage): MessageKey => pageMessage(page, name);
  const drafts = new DraftStore(options.draftKey);
  const notices = new NoticeArea();
  const fileInputId = `${className}-open-file`;
  const fileInput = h('input', {
    id: fileInputId,
    type: 'file',
    accept: options.accept,
    class: 'visually-hidden',
    'data-testid': testIds.openFile,
    onchange: () => void openFile(),
  });
  const deployButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    text: message('deploy'),
    'data-testid': testIds.deploy,
    onclick: () => void deploy(),
  });
  const openDialog = createOpenDialog();

  const element = h(
    'section',
    { class: className, 'aria-labelledby': `${className}-heading` },
    h(
      'div',
      { class: options.head ? `modeler-head ${options.head.className}` : 'modeler-head' },
      h('h1', { id: `${className}-heading`, class: 'visually-hidden', tabindex: '-1', text: message('heading') }),
      h(
        'div',
        { class: 'toolbar', role: 'toolbar', attrs: { 'aria-label': message('toolbar') } },
        h('button', {
          type: 'button',
          class: 'button',
          text: message('new'),
          'data-testid': testIds.new,
          onclick: () => void newDocument(true),
        }),
        h('button', {
          type: 'button',
          class: 'button',
          text: message('open'),
          'aria-haspopup': 'dialog',
          'data-testid': testIds.open,
          onclick: () => void openDialog.open(),
        }),
        h(
          'span',
          { class: 'file-button' },
          fileInput,
          h('label', { for: fileInputId, class: 'button', text: message('openFile') }),
        ),
        h('button', {
          type: 'button',
          class: 'button',
          text: message('download'),
          'data-testid': testIds.download,
          onclick: () => void download(),
        }),
        deployButton,
      ),
      ...(options.head?.besideToolbar ?? []),
    ),
    notices.element,
    ...options.body,
    openDialog.element,
  );

  let dirty = false;
  let hasDocument = false;
  let started = false;
  let storageWarned = false;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;

  function changed(): void {
    dirty = true;
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => void saveDraft(), draftDelayMs);
  }

  async function saveDraft(): Promise<void> {
    clearTimeout(draftTimer);
    const text = await currentText();
    if (text !== undefined && !drafts.save({ content: text, dirty }) && !storageWarned) {
      storageWarned = true;
      notices.warning(message('storageFull'));
    }
  }

  async function currentText(): Promise<string | undefined> {
    if (!hasDocument) {
      return undefined;
    }
    try {
      return await editor.exportText();
    } catch {
      return undefined;
    }
  }

  /** Shows `text`, or keeps the current document when it cannot be read. */
  async function importDocument(text: string, success: () => void): Promise<boolean> {
    try {
      editor.check?.(text);
    } catch (error) {
      notices.error(error, message('importFailed'), hasDocument ? { hint: message('importFailedKept') } : {});
      return false;
    }
    const previous = await currentText();
    const previousDirty = dirty;
    try {
      const { warnings } = await editor.importText(text);
      hasDocument = true;
      dirty = false;
      options.imported?.();
      await saveDraft();
      if (warnings.length > 0) {
        notices.warning(
          warnings.length === 1
            ? message('importWarningsOne')
            : { key: message('importWarnings'), params: { count: warnings.length } },
          warnings.map(messageOf),
        );
      } else if (previous !== undefined && previousDirty) {
        notices.info(message('replaced'), {
          label: message('undoReplace'),
          run: () =>
            void importDocument(previous, () => undefined).then(() => {
              dirty = true;
              void saveDraft();
            }),
        });
      } else {
        success();
      }
      return true;
    } catch (error) {
      if (previous !== undefined) {
        // A parse error leaves the canvas alone, but a rendering error has already cleared it.
        await editor.importText(previous).catch(() => undefined);
        dirty = previousDirty;
      }
      notices.error(
        error,
        message('importFailed'),
        previous !== undefined ? { hint: message('importFailedKept') } : {},
      );
      return false;
    }
  }

  async function newDocument(byUser: boolean): Promise<void> {
    const ok = await importDocument(options.newDocument(), () => notices.success(message('created')));
    if (ok && byUser) {
      options.createdByUser?.();
    }
  }

  async function openFile(): Promise<void> {
    const file = fileInput.files?.[0];
    if (!file) {
      return;
    }
    try {
      const text = await file.text();
      await importDocument(text, () => notices.success({ key: message('opened'), params: { name: file.name } }));
    } finally {
      // Picking the same file again must fire `change` again.
      fileInput.value = '';
    }
  }

  async function exportOrReport(): Promise<string | undefined> {
    if (options.prepareSave?.() === false) {
      return undefined;
    }
    try {
      const text = await editor.exportText();
      if (text === undefined) {
        notices.error(new Error(t(message('exportFailed'))));
      }
      return text;
    } catch (error) {
      notices.error(error, message('exportFailed'));
      return undefined;
    }
  }

  async function download(): Promise<void> {
    const text = await exportOrReport();
    if (text === undefined) {
      return;
    }
    const fileName = options.fileName();
    downloadFile(fileName, text, editor.contentType);
    dirty = false;
    await saveDraft();
    notices.success({ key: message('downloaded'), params: { fileName } });
  }

  async function deploy(): Promise<void> {
    const text = await exportOrReport();
    if (text === undefined || options.canDeploy?.() === false) {
      return;
    }
    deployButton.disabled = true;
    element.setAttribute('aria-busy', 'true');
    notices.info(message('deploying'));
    try {
      await options.deploy(text);
      dirty = false;
      await saveDraft();
    } catch (error) {
      if (options.deployFailed) {
        options.deployFailed(error);
      } else {
        notices.error(error, message('deployFailed'));
      }
    } finally {
      deployButton.disabled = false;
      element.removeAttribute('aria-busy');
    }
  }

  function createOpenDialog(): { element: HTMLDialogElement; open: () => Promise<void> } {
    const { deployed } = options;
    const headingId = `${className}-open-heading`;
    const list = h('div', { class: 'process-list' });
    const dialogNotices = new NoticeArea();
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': headingId },
      h('h2', { id: headingId, text: message('openDialogTitle') }),
      dialogNotices.element,
      list,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', text: message('cancel'), onclick: () => dialog.close() }),
      ),
    );

    async function open(): Promise<void> {
      dialogNotices.clear();
      replaceChildren(list, h('p', { text: message('openDialogLoading') }));
      dialog.showModal();
      let items: readonly T[];
      try {
        items = await deployed.search();
      } catch (error) {
        list.replaceChildren();
        dialogNotices.error(error);
        return;
      }
      if (items.length === 0) {
        replaceChildren(list, h('p', { text: message('openDialogEmpty') }));
        return;
      }
      const [attribute, attributeValue] = deployed.dataAttribute;
      replaceChildren(
        list,
        h(
          'ul',
          {},
          ...items.map((item) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'process-choice',
                  'data-testid': deployed.testId,
                  [attribute]: attributeValue(item),
                  onclick: () => void load(item),
                },
                h('span', { class: 'process-name' }, deployed.label(item)),
                h('span', { class: 'process-meta' }, deployed.meta(item)),
              ),
            ),
          ),
        ),
      );
      list.querySelector<HTMLButtonElement>('button')?.focus();
    }

    async function load(item: T): Promise<void> {
      let text: string;
      try {
        text = await deployed.content(item);
      } catch (error) {
        dialogNotices.error(error);
        return;
      }
      dialog.close();
      await importDocument(text, () =>
        notices.success({ key: message('opened'), params: { name: deployed.label(item) } }),
      );
    }

    return { element: dialog, open };
  }

  return {
    element,
    notices,
    changed,
    show: () => {
      if (started) {
        options.shownAgain?.();
        return;
      }
      started = true;
      const draft = drafts.load();
      if (draft) {
        void importDocument(draft.content, () => undefined).then((ok) => {
          if (ok) {
            dirty = draft.dirty;
            notices.info(message('restored'));
          } else {
            void newDocument(false);
          }
        });
      } else {
        void newDocument(false);
      }
    },
    hide: () => {
      void saveDraft();
    },
  };
}

/** A deployment's warnings as the notice lists them, each leading to its element where it names one. */
export function deploymentWarnings(result: DeploymentResult): ProblemEntry[] {
  return result.warnings.map((warning) => ({
    message: warning.message,
    ...(warning.elementId ? { elementId: warning.elementId } : {}),
    // The Host sends null for a warning that has no position in the file.
    ...(typeof warning.line === 'number' ? { line: warning.line } : {}),
    ...(typeof warning.column === 'number' ? { column: warning.column } : {}),
  }));
}
