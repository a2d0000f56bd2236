import { executionPlatform, executionPlatformVersion, randomIdSuffix } from '../../shared/camunda-platform';

/** Namespaces of a Camunda 8 diagram, as Camunda Modeler 5 writes them. */
export const namespaces = {
  bpmn: 'http://www.omg.org/spec/BPMN/20100524/MODEL',
  bpmndi: 'http://www.omg.org/spec/BPMN/20100524/DI',
  dc: 'http://www.omg.org/spec/DD/20100524/DC',
  zeebe: 'http://camunda.org/schema/zeebe/1.0',
  modeler: 'http://camunda.org/schema/modeler/1.0',
} as const;

export { executionPlatform, executionPlatformVersion, randomIdSuffix };

/**
 * An empty executable process with one start event. Marked as a Camunda 8 diagram so that Camunda
 * Modeler opens it with the Zeebe properties, and so that our engine and Camunda read it the same way.
 */
export function newDiagramXml(random: () => number = Math.random): string {
  const processId = `Process_${randomIdSuffix(random)}`;
  const definitionsId = `Definitions_${randomIdSuffix(random)}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="${namespaces.bpmn}" xmlns:bpmndi="${namespaces.bpmndi}" xmlns:dc="${namespaces.dc}" xmlns:zeebe="${namespaces.zeebe}" xmlns:modeler="${namespaces.modeler}" id="${definitionsId}" targetNamespace="http://bpmn.io/schema/bpmn" exporter="ProzessEngine Designer" exporterVersion="0.1.0" modeler:executionPlatform="${executionPlatform}" modeler:executionPlatformVersion="${executionPlatformVersion}">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="179" y="79" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
