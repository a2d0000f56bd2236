import { describe, expect, it } from 'vitest';
import { deployedDecisions, latestVersions, type DecisionRequirements } from './api';

describe('deployment answer', () => {
  it('picks the graph and the decisions out of the deployed resources', () => {
    const { requirements, decisions } = deployedDecisions([
      {
        processDefinition: {
          processDefinitionId: 'p',
          processDefinitionVersion: 1,
          processDefinitionKey: '0',
          resourceName: 'p.bpmn',
          tenantId: '<default>',
        },
        form: null,
      },
      {
        decisionRequirements: {
          decisionRequirementsId: 'Gebuehren',
          decisionRequirementsKey: '1',
          decisionRequirementsName: 'Gebühren',
          version: 2,
          resourceName: 'Gebuehren.dmn',
          tenantId: '<default>',
        },
        processDefinition: null,
        form: null,
      },
      {
        decisionDefinition: {
          decisionDefinitionId: 'Gebuehr',
          decisionDefinitionKey: '2',
          name: 'Gebühr',
          version: 2,
          decisionRequirementsId: 'Gebuehren',
          decisionRequirementsKey: '1',
          tenantId: '<default>',
        },
        processDefinition: null,
        form: null,
      },
    ]);

    expect(requirements.map((graph) => [graph.decisionRequirementsId, graph.version])).toEqual([['Gebuehren', 2]]);
    expect(decisions.map((decision) => [decision.decisionDefinitionId, decision.decisionDefinitionKey])).toEqual([
      ['Gebuehr', '2'],
    ]);
  });
});

describe('graphs to open', () => {
  it('offers the newest version of each graph, sorted by name', () => {
    const graph = (id: string, version: number, name?: string): DecisionRequirements => ({
      decisionRequirementsId: id,
      decisionRequirementsKey: `${id}-${version}`,
      decisionRequirementsName: name ?? null,
      version,
      resourceName: `${id}.dmn`,
      tenantId: '<default>',
    });

    const offered = latestVersions([
      graph('b', 1, 'Zuständigkeit'),
      graph('a', 1, 'Gebühren'),
      graph('a', 3, 'Gebühren'),
      graph('a', 2),
    ]);

    expect(offered.map((entry) => entry.decisionRequirementsKey)).toEqual(['a-3', 'b-1']);
  });
});
