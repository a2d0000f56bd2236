import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import { CloudElementTemplatesPropertiesProviderModule } from 'bpmn-js-element-templates';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

import type { ProcessDefinition } from '../../shared/api';
import { h, replaceChildren } from '../../shared/dom';
import { onLanguageChange, t } from '../../shared/i18n';
import { DraftStore } from '../../shared/draft-store';
import { elementTemplates, templateChooserModule, unloadedTemplates } from './element-templates';
import { fourEyesModule } from './four-eyes';
import { NoticeArea } from '../../shared/notices';
import type { View, ViewContext } from '../../shared/view';
import { newDiagramXml } from './new-diagram';
import { bpmnFileName, mainProcess, type ModdleLike } from './process-id';
import { translationModule } from './translations';

interface Canvas {
  zoom(level: 'fit-viewport', center: 'auto'): number;
  viewbox(): { inner: { width: number; height: number }; outer: { width: number; height: number } };
  resized(): void;
  scrollToElement(element: unknown): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

interface Selection {
  select(element: unknown): void;
}

const draftDelayMs = 300;

/**
 * The BPMN modeler for Camunda 8 diagrams. The diagram is kept in the browser after each change and
 * restored on the next visit; a failed open or deploy never replaces what is on the canvas.
 */
export function createModelerView(context: ViewContext): View {
  const drafts = new DraftStore('prozessengine.modeler.draft');
  const notices = new NoticeArea();
  const canvasElement = h('div', {
    class: 'modeler-canvas',
    role: 'region',
    attrs: { 'aria-label': 'modeler.canvas' },
  });
  const panelElement = h('div', { class: 'modeler-properties-body' });
  const fileInput = h('input', {
    id: 'modeler-open-file',
    type: 'file',
    accept: '.bpmn,.xml,application/xml,text/xml',
    class: 'visually-hidden',
    'data-testid': 'open-file',
    onchange: () => void openFile(),
  });
  const deployButton = h('button', {
    type: 'button',
    class: 'button button-primary',
    text: 'modeler.deploy',
    'data-testid': 'deploy',
    onclick: () => void deploy(),
  });
  const openDialog = createOpenDialog();

  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', attrs: { 'aria-label': 'modeler.toolbar' } },
    h('button', {
      type: 'button',
      class: 'button',
      text: 'modeler.new',
      'data-testid': 'new-diagram',
      onclick: () => void newDiagram(),
    }),
    h('button', {
      type: 'button',
      class: 'button',
      text: 'modeler.open',
      'aria-haspopup': 'dialog',
      'data-testid': 'open-deployed',
      onclick: () => void openDialog.open(),
    }),
    h(
      'span',
      { class: 'file-button' },
      fileInput,
      h('label', { for: 'modeler-open-file', class: 'button', text: 'modeler.openFile' }),
    ),
    h('button', {
      type: 'button',
      class: 'button',
      text: 'modeler.download',
      'data-testid': 'download',
      onclick: () => void download(),
    }),
    deployButton,
  );

  const element = h(
    'section',
    { class: 'modeler', 'aria-labelledby': 'modeler-heading' },
    h(
      'div',
      { class: 'modeler-head' },
      h('h1', { id: 'modeler-heading', class: 'visually-hidden', tabindex: '-1', text: 'modeler.heading' }),
      toolbar,
    ),
    notices.element,
    h(
      'div',
      { class: 'modeler-body' },
      canvasElement,
      h(
        'aside',
        { class: 'modeler-properties', 'aria-labelledby': 'modeler-properties-heading' },
        h('h2', { id: 'modeler-properties-heading', class: 'visually-hidden', text: 'modeler.properties' }),
        panelElement,
      ),
    ),
    openDialog.element,
  );

  const modeler = new BpmnModeler({
    container: canvasElement,
    propertiesPanel: { parent: panelElement },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ZeebePropertiesProviderModule,
      ZeebeBehaviorsModule,
      CloudElementTemplatesPropertiesProviderModule,
      templateChooserModule,
      translationModule,
      fourEyesModule,
    ],
    moddleExtensions: { zeebe: zeebeModdle },
    elementTemplates,
  });

  // A template the validator refuses is left out; say so rather than offer fewer templates without a word.
  const templateErrors = modeler.get<{ errors: readonly Error[] }>('templateChooser').errors;
  const unloaded = unloadedTemplates(modeler.get('elementTemplates'));
  if (templateErrors.length > 0 || unloaded.length > 0) {
    notices.warning({
      key: 'elementTemplates.loadFailed',
      params: { detail: [...unloaded, ...templateErrors.map((error) => error.message)].join(' · ') },
    });
  }

  let dirty = false;
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  let started = false;
  let hasDiagram = false;
  let storageWarned = false;

  onLanguageChange(() => {
    // bpmn-js's own i18n event redraws the palette; the properties panel redraws when told its providers changed.
    const eventBus = modeler.get<{ fire(event: string): void }>('eventBus');
    eventBus.fire('i18n.changed');
    eventBus.fire('propertiesPanel.providersChanged');
  });

  modeler.on('commandStack.changed', () => {
    dirty = true;
    scheduleDraft();
  });

  function scheduleDraft(): void {
    clearTimeout(draftTimer);
    draftTimer = setTimeout(() => void saveDraft(), draftDelayMs);
  }

  async function saveDraft(): Promise<void> {
    clearTimeout(draftTimer);
    const xml = await currentXml();
    if (xml !== undefined && !drafts.save({ content: xml, dirty }) && !storageWarned) {
      storageWarned = true;
      notices.warning('modeler.storageFull');
    }
  }

  async function currentXml(): Promise<string | undefined> {
    try {
      const { xml } = await modeler.saveXML({ format: true });
      return xml;
    } catch {
      return undefined;
    }
  }

  /**
   * Shows `xml`, or keeps the current diagram when it cannot be read. A replaced diagram with unsaved
   * changes can be brought back from the notice.
   */
  async function importDiagram(xml: string, success: () => void): Promise<boolean> {
    const previous = hasDiagram ? await currentXml() : undefined;
    const previousDirty = dirty;
    try {
      const { warnings } = await modeler.importXML(xml);
      hasDiagram = true;
      dirty = false;
      fitIfLarge();
      await saveDraft();
      if (warnings.length > 0) {
        notices.warning(
          warnings.length === 1
            ? 'modeler.importWarningsOne'
            : { key: 'modeler.importWarnings', params: { count: warnings.length } },
          warnings.map(warningText),
        );
      } else if (previous !== undefined && previousDirty) {
        notices.info('modeler.replaced', {
          label: 'modeler.undoReplace',
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
        await modeler.importXML(previous).catch(() => undefined);
        dirty = previousDirty;
      }
      notices.error(error, 'modeler.importFailed', previous !== undefined ? { hint: 'modeler.importFailedKept' } : {});
      return false;
    }
  }

  function fitIfLarge(): void {
    const canvas = modeler.get<Canvas>('canvas');
    const { inner, outer } = canvas.viewbox();
    if (inner.width > outer.width || inner.height > outer.height) {
      canvas.zoom('fit-viewport', 'auto');
    }
  }

  async function newDiagram(): Promise<void> {
    await importDiagram(newDiagramXml(), () => notices.success('modeler.created'));
  }

  async function openFile(): Promise<void> {
    const file = fileInput.files?.[0];
    if (!file) {
      return;
    }
    try {
      const xml = await file.text();
      await importDiagram(xml, () => notices.success({ key: 'modeler.opened', params: { name: file.name } }));
    } finally {
      // Picking the same file again must fire `change` again.
      fileInput.value = '';
    }
  }

  async function download(): Promise<void> {
    const xml = await exportOrReport();
    if (xml === undefined) {
      return;
    }
    const fileName = bpmnFileName(mainProcess(definitions())?.id ?? 'diagram');
    const url = URL.createObjectURL(new Blob([xml], { type: 'application/xml' }));
    const link = h('a', { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
    dirty = false;
    await saveDraft();
    notices.success({ key: 'modeler.downloaded', params: { fileName } });
  }

  async function deploy(): Promise<void> {
    const xml = await exportOrReport();
    if (xml === undefined) {
      return;
    }
    const processId = mainProcess(definitions())?.id;
    if (!processId) {
      notices.warning('modeler.noProcess');
      return;
    }
    deployButton.disabled = true;
    element.setAttribute('aria-busy', 'true');
    notices.info('modeler.deploying');
    try {
      const result = await context.api.deploy([
        { fileName: bpmnFileName(processId), content: xml, contentType: 'application/xml' },
      ]);
      const deployed =
        result.deployments.find((entry) => entry.processDefinition?.processDefinitionId === processId)
          ?.processDefinition ?? result.deployments.find((entry) => entry.processDefinition)?.processDefinition;
      dirty = false;
      await saveDraft();
      notices.successWithWarnings(
        {
          key: 'modeler.deployed',
          params: {
            version: deployed?.processDefinitionVersion ?? '?',
            processId: deployed?.processDefinitionId ?? processId,
          },
        },
        result.warnings.map((warning) => ({
          message: warning.message,
          ...(warning.elementId ? { elementId: warning.elementId } : {}),
          // The Host sends null for a warning that has no position in the file.
          ...(typeof warning.line === 'number' ? { line: warning.line } : {}),
          ...(typeof warning.column === 'number' ? { column: warning.column } : {}),
        })),
        { onElement: showElement },
      );
    } catch (error) {
      notices.error(error, 'modeler.deployFailed', { onElement: showElement });
    } finally {
      deployButton.disabled = false;
      element.removeAttribute('aria-busy');
    }
  }

  async function exportOrReport(): Promise<string | undefined> {
    try {
      const { xml } = await modeler.saveXML({ format: true });
      if (xml === undefined) {
        throw new Error(t('modeler.exportFailed'));
      }
      return xml;
    } catch (error) {
      notices.error(error, 'modeler.exportFailed');
      return undefined;
    }
  }

  function definitions(): ModdleLike | undefined {
    try {
      // bpmn-js types its moddle elements as any; the shape we read is ModdleLike.
      const root: unknown = modeler.getDefinitions();
      return root as ModdleLike;
    } catch {
      return undefined;
    }
  }

  function showElement(elementId: string): void {
    const shape = modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    if (!shape) {
      return;
    }
    modeler.get<Selection>('selection').select(shape);
    modeler.get<Canvas>('canvas').scrollToElement(shape);
    canvasElement.querySelector<HTMLElement>('.djs-container')?.focus();
  }

  function createOpenDialog(): { element: HTMLDialogElement; open: () => Promise<void> } {
    const list = h('div', { class: 'process-list' });
    const dialogNotices = new NoticeArea();
    const dialog = h(
      'dialog',
      { class: 'dialog', 'aria-labelledby': 'open-dialog-heading' },
      h('h2', { id: 'open-dialog-heading', text: 'modeler.openDialogTitle' }),
      dialogNotices.element,
      list,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', text: 'modeler.cancel', onclick: () => dialog.close() }),
      ),
    );

    async function open(): Promise<void> {
      dialogNotices.clear();
      replaceChildren(list, h('p', { text: 'modeler.openDialogLoading' }));
      dialog.showModal();
      let processes: readonly ProcessDefinition[];
      try {
        processes = (await context.api.searchProcessDefinitions({ isLatestVersion: true })).items;
      } catch (error) {
        list.replaceChildren();
        dialogNotices.error(error);
        return;
      }
      if (processes.length === 0) {
        replaceChildren(list, h('p', { text: 'modeler.openDialogEmpty' }));
        return;
      }
      const sorted = [...processes].sort((a, b) => label(a).localeCompare(label(b)));
      replaceChildren(
        list,
        h(
          'ul',
          {},
          ...sorted.map((process) =>
            h(
              'li',
              {},
              h(
                'button',
                {
                  type: 'button',
                  class: 'process-choice',
                  'data-testid': 'open-process',
                  'data-process-id': process.processDefinitionId,
                  onclick: () => void load(process),
                },
                h('span', { class: 'process-name' }, label(process)),
                h(
                  'span',
                  { class: 'process-meta' },
                  `${process.processDefinitionId} · ${t('modeler.processVersion', { version: process.version })}`,
                ),
              ),
            ),
          ),
        ),
      );
      list.querySelector<HTMLButtonElement>('button')?.focus();
    }

    async function load(process: ProcessDefinition): Promise<void> {
      let xml: string;
      try {
        xml = await context.api.processDefinitionXml(process.processDefinitionKey);
      } catch (error) {
        dialogNotices.error(error);
        return;
      }
      dialog.close();
      await importDiagram(xml, () => notices.success({ key: 'modeler.opened', params: { name: label(process) } }));
    }

    return { element: dialog, open };
  }

  return {
    element,
    show: () => {
      if (started) {
        // The canvas was measured while hidden.
        modeler.get<Canvas>('canvas').resized();
        return;
      }
      started = true;
      const draft = drafts.load();
      if (draft) {
        void importDiagram(draft.content, () => undefined).then((ok) => {
          if (ok) {
            dirty = draft.dirty;
            notices.info('modeler.restored');
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

/** bpmn-js types import warnings as strings, but hands out Error objects. */
function warningText(warning: unknown): string {
  return warning instanceof Error ? warning.message : String(warning);
}

function label(process: ProcessDefinition): string {
  return process.name?.trim() || process.processDefinitionId;
}
