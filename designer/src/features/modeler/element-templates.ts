import 'bpmn-js-element-templates/dist/assets/element-templates.css';

import type { ModuleDeclaration } from 'didi';

import documentTemplate from '../../../element-templates/prozessengine-document.json';
import restTemplate from '../../../element-templates/prozessengine-rest.json';
import webhookStartTemplate from '../../../element-templates/prozessengine-webhook-start.json';
import { h, replaceChildren, uniqueId } from '../../shared/dom';

/**
 * The element templates the modeler offers: the engine's document task and the two Camunda connectors the engine runs
 * itself (REST call, webhook start), written for this engine with German labels. Camunda's own connector templates
 * still open and deploy: the engine reads what they write, whichever template wrote it.
 */
export const elementTemplates: readonly ElementTemplate[] = [documentTemplate, restTemplate, webhookStartTemplate];

/** What the chooser needs of a template; the full shape is Camunda's element template schema. */
export interface ElementTemplate {
  readonly id: string;
  readonly name: string;
  readonly version?: number;
  readonly description?: string;
}

interface TemplateService {
  getAll(): ElementTemplate[];
  getLatest(element: unknown): ElementTemplate[];
  applyTemplate(element: unknown, template: ElementTemplate): unknown;
}

/** The names of shipped templates the modeler did not load: the loader leaves out what fails its schema. */
export function unloadedTemplates(service: unknown): string[] {
  const loaded = new Set((service as TemplateService).getAll().map((template) => template.id));
  return elementTemplates.filter((template) => !loaded.has(template.id)).map((template) => template.name);
}

interface EventBus {
  on(event: string, callback: (event: { element?: unknown; errors?: readonly Error[] }) => void): void;
}

/**
 * Lets the person pick a template when the properties panel asks for one ("Vorlage auswählen"): a modal dialog
 * listing the templates that fit the element, as buttons, so it works with the keyboard and a screen reader.
 */
class TemplateChooser {
  static $inject = ['eventBus', 'elementTemplates'];

  private readonly dialog: HTMLDialogElement;
  private readonly list: HTMLElement;
  /** What the template loader refused; it loads while the modeler is built, before the page can listen. */
  readonly errors: Error[] = [];

  constructor(
    eventBus: EventBus,
    private readonly templates: TemplateService,
  ) {
    const headingId = uniqueId('template-chooser-heading');
    this.list = h('ul', { class: 'template-choices' });
    this.dialog = h(
      'dialog',
      { class: 'dialog template-chooser', 'aria-labelledby': headingId, 'data-testid': 'template-chooser' },
      h('h2', { id: headingId, text: 'elementTemplates.choose' }),
      this.list,
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', {
          type: 'button',
          class: 'button',
          text: 'modeler.cancel',
          onclick: () => this.close(),
        }),
      ),
    );
    // Beside the page rather than in the panel, which redraws its own content.
    document.body.append(this.dialog);
    eventBus.on('elementTemplates.select', (event) => this.open(event.element));
    eventBus.on('elementTemplates.errors', (event) => this.errors.push(...(event.errors ?? [])));
  }

  open(element: unknown): void {
    const choices = this.templates.getLatest(element);
    replaceChildren(
      this.list,
      choices.length === 0 ? h('li', { class: 'hint', text: 'elementTemplates.none' }) : null,
      ...choices.map((template) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'process-choice',
              'data-testid': 'template-choice',
              'data-template-id': template.id,
              onclick: () => {
                this.close();
                this.templates.applyTemplate(element, template);
              },
            },
            h('span', { class: 'process-name' }, template.name),
            template.description ? h('span', { class: 'process-meta' }, template.description) : null,
          ),
        ),
      ),
    );
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- jsdom (the unit tests) has no showModal
    if (this.dialog.showModal) {
      this.dialog.showModal();
    } else {
      this.dialog.open = true;
    }
    this.list.querySelector<HTMLButtonElement>('button')?.focus();
  }

  private close(): void {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- jsdom (the unit tests) has no close
    if (this.dialog.close) {
      this.dialog.close();
    } else {
      this.dialog.open = false;
    }
  }
}

export const templateChooserModule: ModuleDeclaration = {
  __init__: ['templateChooser'],
  templateChooser: ['type', TemplateChooser],
};
