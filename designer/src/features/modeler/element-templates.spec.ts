// @vitest-environment jsdom
import { beforeAll, describe, expect, it } from 'vitest';

import BpmnModeler from 'bpmn-js/lib/Modeler';
import { CloudElementTemplatesCoreModule } from 'bpmn-js-element-templates';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';

import { installSvgPolyfills } from '../../test/svg-polyfills';
import { elementTemplates, templateChooserModule, unloadedTemplates } from './element-templates';

const diagram = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI"
  xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="bescheid" isExecutable="true">
    <bpmn:startEvent id="Eingang" />
    <bpmn:task id="Bescheid" name="Bescheid erstellen" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="dia">
    <bpmndi:BPMNPlane id="plane" bpmnElement="bescheid">
      <bpmndi:BPMNShape id="Eingang_di" bpmnElement="Eingang"><dc:Bounds x="100" y="100" width="36" height="36" /></bpmndi:BPMNShape>
      <bpmndi:BPMNShape id="Bescheid_di" bpmnElement="Bescheid"><dc:Bounds x="200" y="80" width="100" height="80" /></bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;

interface EventBus {
  fire(event: string, payload: unknown): void;
}
interface ElementRegistry {
  get(id: string): unknown;
}

/**
 * The modeler's element templates as the properties panel drives them: "Auswählen" fires elementTemplates.select, our
 * chooser lists the templates that fit, and choosing one rewrites the element. The panel itself is left out: jsdom
 * cannot render it, and it only fires the event this test fires.
 */
describe('element templates in the modeler', () => {
  let modeler: BpmnModeler;

  beforeAll(async () => {
    installSvgPolyfills();
    const canvas = document.createElement('div');
    document.body.append(canvas);
    modeler = new BpmnModeler({
      container: canvas,
      additionalModules: [ZeebeBehaviorsModule, CloudElementTemplatesCoreModule, templateChooserModule],
      moddleExtensions: { zeebe: zeebeModdle },
      elementTemplates,
    });
    await modeler.importXML(diagram);
  });

  function choose(elementId: string): HTMLElement[] {
    const element = modeler.get<ElementRegistry>('elementRegistry').get(elementId);
    modeler.get<EventBus>('eventBus').fire('elementTemplates.select', { element });
    return [
      ...document.querySelectorAll<HTMLElement>('[data-testid="template-chooser"] [data-testid="template-choice"]'),
    ];
  }

  it('loads every shipped template without a validation error', () => {
    expect(modeler.get<{ errors: readonly Error[] }>('templateChooser').errors).toEqual([]);
    // The loader drops a template that fails the schema without always saying why (feel "static" on a String did).
    expect(unloadedTemplates(modeler.get('elementTemplates'))).toEqual([]);
  });

  it('offers a task the document task and the REST call, and a start event the webhook', () => {
    expect(choose('Bescheid').map((choice) => choice.dataset.templateId)).toEqual([
      'prozessengine.document',
      'prozessengine.rest',
    ]);
    expect(choose('Eingang').map((choice) => choice.dataset.templateId)).toEqual(['prozessengine.webhook-start']);
  });

  it('turns a task into a document task when the template is chosen', async () => {
    const documentChoice = choose('Bescheid').find((choice) => choice.dataset.templateId === 'prozessengine.document');
    expect(documentChoice?.textContent).toContain('Dokument erstellen (Brief, Bescheid)');
    documentChoice?.click();

    const { xml } = await modeler.saveXML({ format: true });
    expect(xml).toMatch(
      /<bpmn:serviceTask id="Bescheid" name="Bescheid erstellen" zeebe:modelerTemplate="prozessengine.document"/,
    );
    expect(xml).toContain('<zeebe:taskDefinition type="prozessengine:document" />');
    expect(xml).toContain('<zeebe:header key="format" value="html" />');
    expect(xml).toContain('<zeebe:header key="bindingType" value="latest" />');
    expect(document.querySelector<HTMLDialogElement>('[data-testid="template-chooser"]')?.open).toBe(false);
  });
});
