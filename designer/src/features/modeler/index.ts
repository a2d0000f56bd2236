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
import { h } from '../../shared/dom';
import { onLanguageChange, t } from '../../shared/i18n';
import { createEditorPage, deploymentWarnings, xmlEditor } from '../editor-page';
import { elementTemplates, templateChooserModule, unloadedTemplates } from './element-templates';
import { fourEyesModule } from './four-eyes';
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

/**
 * The BPMN modeler for Camunda 8 diagrams, in the frame the editor pages share (toolbar, drafts, open and deploy).
 */
export function createModelerView(context: ViewContext): View {
  const canvasElement = h('div', {
    class: 'modeler-canvas',
    role: 'region',
    attrs: { 'aria-label': 'modeler.canvas' },
  });
  const panelElement = h('div', { class: 'modeler-properties-body' });

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

  const page = createEditorPage<ProcessDefinition>({
    page: 'modeler',
    className: 'modeler',
    draftKey: 'prozessengine.modeler.draft',
    accept: '.bpmn,.xml,application/xml,text/xml',
    testIds: {
      new: 'new-diagram',
      open: 'open-deployed',
      openFile: 'open-file',
      download: 'download',
      deploy: 'deploy',
    },
    editor: xmlEditor(modeler),
    newDocument: newDiagramXml,
    fileName: () => bpmnFileName(mainProcess(definitions())?.id ?? 'diagram'),
    deployed: {
      search: async () =>
        [...(await context.api.searchProcessDefinitions({ isLatestVersion: true })).items].sort((a, b) =>
          label(a).localeCompare(label(b)),
        ),
      label,
      meta: (process) =>
        `${process.processDefinitionId} · ${t('modeler.processVersion', { version: process.version })}`,
      content: (process) => context.api.processDefinitionXml(process.processDefinitionKey),
      testId: 'open-process',
      dataAttribute: ['data-process-id', (process) => process.processDefinitionId],
    },
    body: [
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
    ],
    imported: fitIfLarge,
    canDeploy: () => {
      if (mainProcess(definitions())?.id) {
        return true;
      }
      notices.warning('modeler.noProcess');
      return false;
    },
    deploy,
    deployFailed: (error) => notices.error(error, 'modeler.deployFailed', { onElement: showElement }),
    // The canvas was measured while hidden.
    shownAgain: () => modeler.get<Canvas>('canvas').resized(),
  });
  const notices = page.notices;

  // A template the validator refuses is left out; say so rather than offer fewer templates without a word.
  const templateErrors = modeler.get<{ errors: readonly Error[] }>('templateChooser').errors;
  const unloaded = unloadedTemplates(modeler.get('elementTemplates'));
  if (templateErrors.length > 0 || unloaded.length > 0) {
    notices.warning({
      key: 'elementTemplates.loadFailed',
      params: { detail: [...unloaded, ...templateErrors.map((error) => error.message)].join(' · ') },
    });
  }

  onLanguageChange(() => {
    // bpmn-js's own i18n event redraws the palette; the properties panel redraws when told its providers changed.
    const eventBus = modeler.get<{ fire(event: string): void }>('eventBus');
    eventBus.fire('i18n.changed');
    eventBus.fire('propertiesPanel.providersChanged');
  });

  modeler.on('commandStack.changed', () => page.changed());

  function fitIfLarge(): void {
    const canvas = modeler.get<Canvas>('canvas');
    const { inner, outer } = canvas.viewbox();
    if (inner.width > outer.width || inner.height > outer.height) {
      canvas.zoom('fit-viewport', 'auto');
    }
  }

  async function deploy(xml: string): Promise<void> {
    const processId = mainProcess(definitions())?.id ?? '';
    const result = await context.api.deploy([
      { fileName: bpmnFileName(processId), content: xml, contentType: 'application/xml' },
    ]);
    const deployed =
      result.deployments.find((entry) => entry.processDefinition?.processDefinitionId === processId)
        ?.processDefinition ?? result.deployments.find((entry) => entry.processDefinition)?.processDefinition;
    notices.successWithWarnings(
      {
        key: 'modeler.deployed',
        params: {
          version: deployed?.processDefinitionVersion ?? '?',
          processId: deployed?.processDefinitionId ?? processId,
        },
      },
      deploymentWarnings(result),
      { onElement: showElement },
    );
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

  return { element: page.element, show: page.show, hide: page.hide };
}

function label(process: ProcessDefinition): string {
  return process.name?.trim() || process.processDefinitionId;
}
