import { BpmnModdle } from 'bpmn-moddle';
import { describe, expect, it } from 'vitest';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { namespaces, newDiagramXml, randomIdSuffix } from './new-diagram';
import { mainProcess, type ModdleLike } from './process-id';

describe('new diagram', () => {
  it('parses as BPMN with the Zeebe extension, without warnings', async () => {
    const moddle = BpmnModdle({ zeebe });
    const { rootElement, warnings } = await moddle.fromXML(newDiagramXml());
    const definitions = rootElement as ModdleLike & { $attrs: Record<string, string> };

    expect(warnings).toEqual([]);
    const process = mainProcess(definitions) as ModdleLike & { flowElements: ModdleLike[] };
    expect(process.isExecutable).toBe(true);
    expect(process.id).toMatch(/^Process_[a-z0-9]{7}$/);
    expect(process.flowElements.map((element) => element.$type)).toEqual(['bpmn:StartEvent']);
  });

  it('is marked as a Camunda 8 diagram, as Camunda Modeler writes it', async () => {
    const xml = newDiagramXml();
    const { rootElement } = await BpmnModdle({ zeebe }).fromXML(xml);
    const attrs = (rootElement as { $attrs: Record<string, string> }).$attrs;

    expect(attrs['xmlns:zeebe']).toBe(namespaces.zeebe);
    expect(attrs['xmlns:modeler']).toBe('http://camunda.org/schema/modeler/1.0');
    expect(attrs['modeler:executionPlatform']).toBe('Camunda Cloud');
    expect(attrs['modeler:executionPlatformVersion']).toBe('8.6.0');
  });

  it('draws the start event on the process plane', async () => {
    const { rootElement } = await BpmnModdle({ zeebe }).fromXML(newDiagramXml());
    const diagram = (
      rootElement as {
        diagrams: { plane: { bpmnElement: ModdleLike; planeElement: { bpmnElement: ModdleLike }[] } }[];
      }
    ).diagrams[0];

    expect(diagram?.plane.bpmnElement.$type).toBe('bpmn:Process');
    expect(diagram?.plane.planeElement.map((shape) => shape.bpmnElement.id)).toEqual(['StartEvent_1']);
  });

  it('gives each new diagram its own process id', () => {
    let seed = 0;
    const counting = () => (seed += 0.137) % 1;
    expect(randomIdSuffix(() => 0)).toBe('aaaaaaa');
    expect(randomIdSuffix(() => 0.999999)).toBe('9999999');
    expect(newDiagramXml(counting)).not.toBe(newDiagramXml(counting));
  });
});
