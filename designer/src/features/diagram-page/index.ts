import type { DeploymentResult, ProblemEntry } from '../../shared/api';
import { downloadFile, h, replaceChildren, type Child } from '../../shared/dom';
import { messageOf } from '../../shared/format';
import { DraftStore } from '../../shared/draft-store';
import type { MessageKey } from '../../shared/i18n';
import { NoticeArea } from '../../shared/notices';

/** The pages that edit a diagram file: the Modeler (BPMN) and Entscheidungen (DMN). Their texts share key names. */
export type DiagramPageName = 'modeler' | 'decisions';

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
const pageMessage = (page: DiagramPageName, name: PageMessage): MessageKey => `${page}.${name}` satisfies MessageKey;

/** bpmn-js and dmn-js alike: read and write the diagram's XML. */
export interface DiagramEditor {
  importXML(xml: string): Promise<{ readonly warnings: readonly unknown[] }>;
  saveXML(options: { format: boolean }): Promise<{ readonly xml?: string | undefined }>;
}

/** What the "Öffnen" dialog lists: the deployed processes or decision graphs, and how to fetch one's XML. */
export interface DeployedChoices<T> {
  /** The entries, in the order shown. */
  search(): Promise<readonly T[]>;
  label(item: T): string;
  meta(item: T): string;
  xml(item: T): Promise<string>;
  readonly testId: string;
  /** A data attribute naming the entry for tests, e.g. `data-process-id`. */
  readonly dataAttribute: readonly [name: string, value: (item: T) => string];
}

export interface DiagramPageOptions<T> {
  readonly page: DiagramPageName;
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
  readonly editor: DiagramEditor;
  readonly newDiagramXml: () => string;
  readonly fileName: () => string;
  readonly deployed: DeployedChoices<T>;
  /** Everything below the notices: the canvas and what stands beside it. */
  readonly body: readonly Child[];
  /** After a diagram was read, before its draft is kept: the page forgets what belonged to the previous one. */
  readonly imported?: () => void;
  /** Deploys the exported XML and reports the outcome; a thrown error is reported as "deploy failed". */
  readonly deploy: (xml: string) => Promise<void>;
  /** Whether the diagram may be deployed at all (the page says why not). */
  readonly canDeploy?: () => boolean;
  /** Reports a failed deployment its own way, e.g. with the elements at fault. */
  readonly deployFailed?: (error: unknown) => void;
  /** The page is shown again: a canvas measured while hidden must be measured anew. */
  readonly shownAgain?: () => void;
}

export interface DiagramPage {
  readonly element: HTMLElement;
  readonly notices: NoticeArea;
  /** The user changed the diagram: it is unsaved, and its draft is kept shortly. */
  readonly changed: () => void;
  readonly show: () => void;
  readonly hide: () => void;
}

const draftDelayMs = 300;

/**
 * The frame both diagram pages share: a toolbar to create, open (deployed or from a file), download and deploy a
 * diagram, a draft kept in the browser after each change and restored on the next visit, and the rule that a failed
 * open or deploy never replaces what is on the canvas (a replaced unsaved diagram can come back from the notice).
 */
export function createDiagramPage<T>(options: DiagramPageOptions<T>): DiagramPage {
  const { page, className, editor, testIds } = options;
  const text = (name: PageMessage): MessageKey => pageMessage(page, name);
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
    text: text('deploy'),
    'data-testid': testIds.deploy,
    onclick: () => void deploy(),
  });
  const openDialog = createOpenDialog();

  const element = h(
    'section',
    { class: className, 'aria-labelledby': `${className}-heading` },
    h(
      'div',
      { class: 'modeler-head' },
      h('h1', { id: `${className}-heading`, class: 'visually-hidden', tabindex: '-1', text: text('heading') }),
      h(
        'div',
        { class: 'toolbar', role: 'toolbar', attrs: { 'aria-label': text('toolbar') } },
        h('button', {
          type: 'button',
          class: 'button',
          text: text('new'),
          'data-testid': testIds.new,
          onclick: () => void newDiagram(),
        }),
        h('button', {
          type: 'button',
          class: 'button',
          text: text('open'),
          'aria-haspopup': 'dialog',
          'data-testid': testIds.open,
          onclick: () => void openDialog.open(),
        }),
        h(
          'span',
          { class: 'file-button' },
          fileInput,
          h('label', { for: fileInputId, class: 'button', text: text('openFile') }),
        ),
        h('button', {
          type: 'button',
          class: 'button',
          text: text('download'),
          'data-testid': testIds.download,
          onclick: () => void download(),
        }),
        deployButton,
      ),
    ),
    notices.element,
    ...options.body,
    openDialog.element,
  );

  let dirty = false;
  let hasDiagram = false;
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
    const xml = await currentXml();
    if (xml !== undefined && !drafts.save({ content: xml, dirty }) && !storageWarned) {
      storageWarned = true;
      notices.warning(text('storageFull'));
    }
  }

  async function currentXml(): Promise<string | undefined> {
    try {
      return (await editor.saveXML({ format: true })).xml;
    } catch {
      return undefined;
    }
  }

  /** Shows `xml`, or keeps the current diagram when it cannot be read. */
  async function importDiagram(xml: string, success: () => void): Promise<boolean> {
    const previous = hasDiagram ? await currentXml() : undefined;
    const previousDirty = dirty;
    try {
      const { warnings } = await editor.importXML(xml);
      hasDiagram = true;
      dirty = false;
      options.imported?.();
      await saveDraft();
      if (warnings.length > 0) {
        notices.warning(
          warnings.length === 1
            ? text('importWarningsOne')
            : { key: text('importWarnings'), params: { count: warnings.length } },
          warnings.map(messageOf),
        );
      } else if (previous !== undefined && previousDirty) {
        notices.info(text('replaced'), {
          label: text('undoReplace'),
          run: () =>
            void importDiagram(previous, () => undefined).then(() => {
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
        await editor.importXML(previous).catch(() => undefined);
        dirty = previousDirty;
      }
      notices.error(error, text('importFailed'), previous !== undefined ? { hint: text('importFailedKept') } : {});
      return false;
    }
  }

  async function newDiagram(): Promise<void> {
    await importDiagram(options.newDiagramXml(), () => notices.success(text('created')));
  }

  async function openFile(): Promise<void> {
    const file = fileInput.files?.[0];
    if (!file) {
      return;
    }
    try {
      const xml = await file.text();
      await importDiagram(xml, () => notices.success({ key: text('opened'), params: { name: file.name } }));
    } finally {
      // Picking the same file again must fire `change` again.
      fileInput.value = '';
    }
  }

  async function exportOrReport(): Promise<string | undefined> {
    try {
      const { xml } = await editor.saveXML({ format: true });
      if (xml === undefined) {
        throw new Error(text('exportFailed'));
      }
      return xml;
    } catch (error) {
      notices.error(error, text('exportFailed'));
      return undefined;
    }
  }

  async function download(): Promise<void> {
    const xml = await exportOrReport();
    if (xml === undefined) {
      return;
    }
    const fileName = options.fileName();
    downloadFile(fileName, xml, 'application/xml');
    dirty = false;
    await saveDraft();
    notices.success({ key: text('downloaded'), params: { fileName } });
  }

  async function deploy(): Promise<void> {
    const xml = await exportOrReport();
    if (xml === undefined || options.canDeploy?.() === false) {
      return;
    }
    deployButton.disabled = true;
    element.setAttribute('aria-busy', 'true');
    notices.info(text('deploying'));
    try {
      await options.deploy(xml);
      dirty = false;
      await saveDraft();
    } catch (error) {
      if (options.deployFailed) {
        options.deployFailed(error);
      } else {
        notices.error(error, text('deployFailed'));
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
      h('h2', { id: headingId, text: text('openDialogTitle') }),
      dialogNotices.element,
      list,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', text: text('cancel'), onclick: () => dialog.close() }),
      ),
    );

    async function open(): Promise<void> {
      dialogNotices.clear();
      replaceChildren(list, h('p', { text: text('openDialogLoading') }));
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
        replaceChildren(list, h('p', { text: text('openDialogEmpty') }));
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
      let xml: string;
      try {
        xml = await deployed.xml(item);
      } catch (error) {
        dialogNotices.error(error);
        return;
      }
      dialog.close();
      await importDiagram(xml, () => notices.success({ key: text('opened'), params: { name: deployed.label(item) } }));
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
        void importDiagram(draft.content, () => undefined).then((ok) => {
          if (ok) {
            dirty = draft.dirty;
            notices.info(text('restored'));
          } else {
            void newDiagram();
          }
        });
      } else {
        void newDiagram();
      }
    },
    hide: () => {
      void saveDraft();
    },
  };
}

/** bpmn-js and dmn-js type import warnings as strings, but hand out Error objects. */
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
